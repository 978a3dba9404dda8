package io.deltalens.internal.frame;

/** Counts in words: "1 file", "2 files"; sizes as "3.2 MiB". */
public final class Words {
  private Words() {}

  /** {@code n} and the noun, plural unless n is 1 (nouns whose plural takes an s). */
  public static String count(long n, String noun) {
    return String.format("%,d %s%s", n, noun, n == 1 ? "" : "s");
  }

  /** A byte count in the largest binary unit that keeps it at least 1: "812 B", "3.2 MiB". */
  public static String bytes(long n) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    double value = n;
    int unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return unit == 0 ? n + " B" : String.format("%.1f %s", value, units[unit]);
  }
}
