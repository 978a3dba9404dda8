package io.deltalens.internal.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast date and time reading agrees with java.time's, over four centuries either side of the epoch. */
class IsoTimesTest {
  @Test
  void datesAndTimesAsJavaTimeReadsThem() {
    Random random = new Random(20261206);
    for (int i = 0; i < 200_000; i++) {
      LocalDate date = LocalDate.ofEpochDay(random.nextInt(146_097 * 2) - 146_097 + 2_000);
      assertEquals(date.toEpochDay(), IsoTimes.days(date.toString()), date.toString());
      String time = String.format("%sT%02d:%02d:%02d.%03d%s", date, random.nextInt(24), random.nextInt(60),
          random.nextInt(60), random.nextInt(1000), i % 3 == 0 ? "Z" : i % 3 == 1 ? "+05:30" : "-11:00");
      Instant instant = OffsetDateTime.parse(time).toInstant();
      assertEquals(instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1000, IsoTimes.micros(time, false),
          time);
    }
  }

  @Test
  void anythingElseIsLeftToJavaTime() {
    for (String text : new String[] {"2023-02-29", "2024-13-01", "2024-04-31", "24-01-01", "2024/01/01",
        "2024-01-01T10:00:00", "2024-01-01 10:00:00Z", "2024-01-01T25:00:00Z", "2024-01-01T10:00:00.Z"}) {
      assertEquals(IsoTimes.NONE, text.length() == 10 ? IsoTimes.days(text) : IsoTimes.micros(text, false), text);
    }
    assertEquals(LocalDate.of(2024, 2, 29).toEpochDay(), IsoTimes.days("2024-02-29"));
    assertEquals(LocalDate.of(2000, 2, 29).toEpochDay(), IsoTimes.days("2000-02-29"));
    assertEquals(IsoTimes.NONE, IsoTimes.days("1900-02-29"));
  }
}
