package io.deltalens.cli;

/** A size: 1024, 64KiB, 128MiB, 1GiB (also KB, MB, GB as powers of 1000). */
final class Sizes implements picocli.CommandLine.ITypeConverter<Long> {
  @Override
  public Long convert(String text) {
    var m = java.util.regex.Pattern.compile("(\\d+)\\s*(|B|KiB|MiB|GiB|KB|MB|GB)").matcher(text.trim());
    if (!m.matches()) {
      throw new picocli.CommandLine.TypeConversionException("takes a size such as 64MiB or 1GiB; got '" + text
          + "'");
    }
    long n = Long.parseLong(m.group(1));
    return n * switch (m.group(2)) {
      case "KiB" -> 1L << 10;
      case "MiB" -> 1L << 20;
      case "GiB" -> 1L << 30;
      case "KB" -> 1_000L;
      case "MB" -> 1_000_000L;
      case "GB" -> 1_000_000_000L;
      default -> 1L;
    };
  }
}
