package io.deltalens.internal.frame;

import tech.tablesaw.columns.dates.PackedLocalDate;

/**
 * Dates and times in the packed form Tablesaw stores them in (a date as year, month and day in one int; a
 * date-time as that date and the time's hour, minute and millisecond of the minute in one long), computed
 * from epoch days and microseconds with integer arithmetic instead of through {@code java.time} objects.
 * A column's values mostly fall on few days: dates are kept in a small cache by day, and a timestamp's day
 * found from the last one's, so one instance per thread.
 */
final class Packed {
  private static final long MICROS_PER_DAY = 86_400_000_000L;
  private static final int CACHED_DAYS = 4096;
  private final long[] cachedDay = new long[CACHED_DAYS];
  private final int[] cachedDate = new int[CACHED_DAYS];
  /** The day of the last timestamp and where it starts, in microseconds. */
  private long day = Long.MIN_VALUE;
  private long dayStart;

  Packed() {
    java.util.Arrays.fill(cachedDay, Long.MIN_VALUE);
  }

  /** The packed date of {@code epochDay}. */
  int date(long epochDay) {
    int slot = (int) (epochDay & (CACHED_DAYS - 1));
    if (cachedDay[slot] != epochDay) {
      cachedDate[slot] = civil(epochDay);
      cachedDay[slot] = epochDay;
    }
    return cachedDate[slot];
  }

  /** The packed UTC date-time of {@code micros} since the epoch, to the millisecond (rounded down). */
  long dateTime(long micros) {
    long offset = micros - dayStart;
    if (day == Long.MIN_VALUE || offset < 0 || offset >= MICROS_PER_DAY) {
      day = Math.floorDiv(micros, MICROS_PER_DAY);
      dayStart = day * MICROS_PER_DAY;
      offset = micros - dayStart;
    }
    int millisOfDay = (int) (offset / 1000);
    int hour = millisOfDay / 3_600_000;
    int minute = millisOfDay / 60_000 % 60;
    int millisOfMinute = millisOfDay % 60_000;
    int time = hour << 24 | minute << 16 | millisOfMinute;
    return (long) date(day) << 32 | (time & 0xffffffffL);
  }

  /** Year, month and day of an epoch day (the proleptic Gregorian calendar, as java.time), packed. */
  private static int civil(long epochDay) {
    long z = epochDay + 719_468; // days since 0000-03-01
    long era = Math.floorDiv(z, 146_097);
    long dayOfEra = z - era * 146_097;
    long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long monthFromMarch = (5 * dayOfYear + 2) / 153;
    int day = (int) (dayOfYear - (153 * monthFromMarch + 2) / 5 + 1);
    int month = (int) (monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9);
    long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    return PackedLocalDate.pack((int) year, month, day);
  }
}
