package io.deltalens.internal.kafka;

/**
 * The common shape of a message's timestamps, {@code 2024-05-01T10:00:00[.fraction](Z|+hh:mm|-hh:mm)}, read
 * without java.time's formatter (which took a tenth of an ingest's time); anything else is left to
 * {@link JsonValues}' general parsing ({@link #NONE}).
 */
final class IsoTimes {
  static final long NONE = Long.MIN_VALUE;

  private IsoTimes() {}

  /** Microseconds since the epoch; with {@code wallClock} the offset is dropped (timestamp_ntz). */
  static long micros(String text, boolean wallClock) {
    int n = text.length();
    if (n < 20 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':'
        || text.charAt(16) != ':') {
      return NONE;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    int second = digits(text, 17, 2);
    if ((year | month | day | hour | minute | second) < 0 || month < 1 || month > 12 || day < 1
        || day > java.time.YearMonth.of(year, month).lengthOfMonth() || hour > 23 || minute > 59 || second > 59) {
      return NONE;
    }
    int at = 19;
    long micros = 0;
    if (at < n && text.charAt(at) == '.') {
      int digits = 0;
      at++;
      while (at < n && Character.isDigit(text.charAt(at))) {
        if (digits < 6) {
          micros = micros * 10 + (text.charAt(at) - '0');
        }
        digits++;
        at++;
      }
      if (digits == 0) {
        return NONE;
      }
      for (int d = digits; d < 6; d++) {
        micros *= 10;
      }
    }
    long offsetSeconds;
    if (at == n - 1 && text.charAt(at) == 'Z') {
      offsetSeconds = 0;
    } else if (at == n - 6 && (text.charAt(at) == '+' || text.charAt(at) == '-') && text.charAt(at + 3) == ':') {
      int oh = digits(text, at + 1, 2);
      int om = digits(text, at + 4, 2);
      if ((oh | om) < 0 || oh > 18 || om > 59) {
        return NONE;
      }
      offsetSeconds = (text.charAt(at) == '-' ? -1 : 1) * (oh * 3600L + om * 60L);
    } else {
      return NONE;
    }
    long days = java.time.LocalDate.of(year, month, day).toEpochDay();
    long seconds = days * 86_400 + hour * 3600L + minute * 60L + second - (wallClock ? 0 : offsetSeconds);
    return seconds * 1_000_000 + micros;
  }

  private static int digits(String text, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
