package io.deltalens.internal.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deltalens.DeltaLensException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The lines of a log JSON file (one action each; blank lines skipped, as every Delta reader skips them). */
public final class LogLines {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LogLines() {}

  /** The file's non-blank lines. */
  public static List<String> read(Path file) throws IOException {
    return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
  }

  /** The non-blank lines of a file's content. */
  public static List<String> read(InputStream in) throws IOException {
    return lines(in.readAllBytes());
  }

  /** The non-blank lines of a file's content. */
  public static List<String> lines(byte[] content) {
    return new String(content, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
  }

  /** Each line as a JSON object; a line that is none is an error naming the file and line. */
  public static List<JsonNode> parse(Object file, List<String> lines) {
    List<JsonNode> actions = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      JsonNode node = object(lines.get(i));
      if (node == null) {
        throw damaged(file, i, lines.get(i), null);
      }
      actions.add(node);
    }
    return actions;
  }

  /** Why {@code lines} of {@code file} did not parse: the first line that is not a JSON object. */
  static DeltaLensException damaged(Object file, List<String> lines, RuntimeException cause) {
    for (int i = 0; i < lines.size(); i++) {
      if (object(lines.get(i)) == null) {
        return damaged(file, i, lines.get(i), cause);
      }
    }
    return new DeltaLensException(file + " is damaged: " + cause.getMessage(), cause);
  }

  static JsonNode object(String line) {
    try {
      JsonNode node = JSON.readTree(line);
      return node != null && node.isObject() ? node : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static DeltaLensException damaged(Object file, int index, String line, Exception cause) {
    String text = line.length() <= 60 ? line : line.substring(0, 30) + " … " + line.substring(line.length() - 20);
    return new DeltaLensException(file + " is damaged: its line " + (index + 1) + " is not JSON (" + text + ")",
        cause);
  }
}
