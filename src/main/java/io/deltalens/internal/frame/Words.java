package io.deltalens.internal.frame;

/** Counts in words: "1 file", "2 files". */
public final class Words {
  private Words() {}

  /** {@code n} and the noun, plural unless n is 1 (nouns whose plural takes an s). */
  public static String count(long n, String noun) {
    return String.format("%,d %s%s", n, noun, n == 1 ? "" : "s");
  }
}
