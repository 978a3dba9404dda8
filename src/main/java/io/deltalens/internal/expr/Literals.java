package io.deltalens.internal.expr;

import io.delta.kernel.expressions.Literal;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.ByteType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Kernel literals from text, as filters and partition folder names write them. Timestamps are
 * {@code 2024-01-01 10:00:00[.ffffff]} or ISO-8601, in UTC unless an offset is given.
 */
public final class Literals {
  private Literals() {}

  /** The literal of {@code type} that {@code text} writes; IllegalArgumentException when it is none. */
  public static Literal parse(String text, DataType type) {
    try {
      if (type instanceof StringType) {
        return Literal.ofString(text);
      } else if (type instanceof LongType) {
        return Literal.ofLong(Long.parseLong(text));
      } else if (type instanceof IntegerType) {
        return Literal.ofInt(Integer.parseInt(text));
      } else if (type instanceof ShortType) {
        return Literal.ofShort(Short.parseShort(text));
      } else if (type instanceof ByteType) {
        return Literal.ofByte(Byte.parseByte(text));
      } else if (type instanceof DoubleType) {
        return Literal.ofDouble(Double.parseDouble(text));
      } else if (type instanceof FloatType) {
        return Literal.ofFloat(Float.parseFloat(text));
      } else if (type instanceof BooleanType) {
        if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
          throw new IllegalArgumentException(text);
        }
        return Literal.ofBoolean(Boolean.parseBoolean(text));
      } else if (type instanceof DecimalType d) {
        return Literal.ofDecimal(new BigDecimal(text).setScale(d.getScale()), d.getPrecision(), d.getScale());
      } else if (type instanceof DateType) {
        long days = IsoTimes.days(text);
        return Literal.ofDate((int) (days != IsoTimes.NONE ? days : LocalDate.parse(text).toEpochDay()));
      } else if (type instanceof TimestampType) {
        return Literal.ofTimestamp(micros(text));
      } else if (type instanceof TimestampNTZType) {
        return Literal.ofTimestampNtz(micros(text));
      }
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("'" + text + "' is not a " + type + " value", e);
    }
    throw new IllegalArgumentException("no literal of type " + type);
  }

  private static long micros(String text) {
    long fast = IsoTimes.micros(text, false);
    return fast != IsoTimes.NONE ? fast : ChronoUnit.MICROS.between(Instant.EPOCH, instant(text));
  }

  /** An instant written as ISO-8601 (or with a space for 'T'), a bare date meaning midnight; UTC unless offset. */
  public static Instant instant(String text) {
    String iso = text.replace(' ', 'T');
    if (iso.length() == 10) {
      return LocalDate.parse(iso).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
    return iso.endsWith("Z") ? Instant.parse(iso)
        : iso.matches(".*[+-]\\d\\d:\\d\\d$") ? OffsetDateTime.parse(iso).toInstant()
        : LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
  }
}
