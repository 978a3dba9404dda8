package io.deltalens.internal.expr;

/**
 * The common shapes of dates and times in text — {@code 2024-05-01} and
 * {@code 2024-05-01T10:00:00[.fraction](Z|+hh:mm|-hh:mm)}, as Kafka messages and Delta statistics write them —
 * read without java.time's formatter (which took a tenth of an ingest's time and a sixth of a file listing's);
 * anything else is {@link #NONE}, left to java.time's general parsing.
 */
public final class IsoTimes {
  public static final long NONE = Long.MIN_VALUE;
  private static final int[] MONTH_DAYS = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

  private IsoTimes() {}

  /** Days since the epoch of a {@code yyyy-MM-dd} date. */
  public static long days(String text) {
    if (text.length() != 10 || text.charAt(4) != '-' || text.charAt(7) != '-') {
      return NONE;
    }
    return epochDay(digits(text, 0, 4), digits(text, 5, 2), digits(text, 8, 2));
  }

  /** Microseconds since the epoch; with {@code wallClock} the offset is dropped (timestamp_ntz). */
  public static long micros(String text, boolean wallClock) {
    int n = text.length();
    if (n < 20 || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':') {
      return NONE;
    }
    long days = days(text.substring(0, 10));
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    int second = digits(text, 17, 2);
    if (days == NONE || (hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 59) {
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
    long seconds = days * 86_400 + hour * 3600L + minute * 60L + second - (wallClock ? 0 : offsetSeconds);
    return seconds * 1_000_000 + micros;
  }

  /** The proleptic Gregorian day number, as {@code LocalDate.toEpochDay}; NONE for no such date. */
  private static long epochDay(int year, int month, int day) {
    if ((year | month | day) < 0 || month < 1 || month > 12 || day < 1) {
      return NONE;
    }
    boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (day > MONTH_DAYS[month - 1] + (month == 2 && leap ? 1 : 0)) {
      return NONE;
    }
    // days from civil (H. Hinnant): years start in March, so the leap day ends a year
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yearOfEra = y - era * 400;
    long dayOfYear = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097 + dayOfEra - 719_468;
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
