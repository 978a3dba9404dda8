package io.deltalens.internal.expr;

import io.deltalens.DeltaLensException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tokens of a small SQL-like text, for the hand-written parsers of row filters and of generation
 * expressions. Keywords match case-insensitively; errors are {@link DeltaLensException}s that start
 * with {@code what} ("filter", "expression").
 */
public final class Tokens {
  private final List<String> tokens = new ArrayList<>();
  private final String what;
  private int at;

  /** Splits {@code text} into the matches of {@code token}, which skips leading blanks itself. */
  public Tokens(Pattern token, String text, String what) {
    this.what = what;
    Matcher m = token.matcher(text);
    int end = 0;
    while (end < text.length() && m.find(end) && m.start() == end) {
      tokens.add(m.group().trim());
      end = m.end();
    }
    if (!text.substring(end).isBlank()) {
      throw new DeltaLensException("cannot read the " + what + " at '" + text.substring(end).trim() + "'");
    }
  }

  /** Whether the next token is {@code token}, without taking it. */
  public boolean peek(String token) {
    return at < tokens.size() && tokens.get(at).equalsIgnoreCase(token);
  }

  /** Takes the next token if it is {@code token}. */
  public boolean accept(String token) {
    if (peek(token)) {
      at++;
      return true;
    }
    return false;
  }

  public void expect(String token) {
    if (!accept(token)) {
      throw new DeltaLensException(what + ": expected '" + token + "'"
          + (at < tokens.size() ? " at '" + tokens.get(at) + "'" : " at the end"));
    }
  }

  /** The next token; {@code expected} says what should have come when there is none. */
  public String next(String expected) {
    if (at >= tokens.size()) {
      throw new DeltaLensException(what + ": expected " + expected + " at the end");
    }
    return tokens.get(at++);
  }

  /** Fails unless every token was taken. */
  public void requireEnd(String text) {
    if (at < tokens.size()) {
      throw new DeltaLensException("unexpected '" + tokens.get(at) + "' in " + what + ": " + text);
    }
  }
}
