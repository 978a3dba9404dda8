package io.deltalens.internal.kernel;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.types.BinaryType;
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
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import io.deltalens.internal.engine.Kernel;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * Kernel values as JSON, for the frame's text of nested values and for variants: numbers and booleans
 * bare, dates and timestamps as ISO strings (timestamps in UTC), binary as hex or base64.
 */
public final class JsonText {
  private JsonText() {}

  /** How binary values are written: as the frame shows them ("0x0a1b"), or base64 as Spark's to_json does. */
  public enum Binary { HEX, BASE64 }

  /** Appends the JSON of the non-null scalar at {@code row}. */
  public static void scalar(StringBuilder out, ColumnVector v, int row, DataType type, Binary binary) {
    if (type instanceof BooleanType) {
      out.append(v.getBoolean(row));
    } else if (type instanceof ByteType) {
      out.append(v.getByte(row));
    } else if (type instanceof ShortType) {
      out.append(v.getShort(row));
    } else if (type instanceof IntegerType) {
      out.append(v.getInt(row));
    } else if (type instanceof LongType) {
      out.append(v.getLong(row));
    } else if (type instanceof FloatType) {
      out.append(v.getFloat(row));
    } else if (type instanceof DoubleType) {
      out.append(v.getDouble(row));
    } else if (type instanceof DecimalType) {
      out.append(v.getDecimal(row).toPlainString());
    } else if (type instanceof DateType) {
      quote(out, LocalDate.ofEpochDay(v.getInt(row)).toString());
    } else if (type instanceof TimestampType) {
      quote(out, Instant.EPOCH.plus(v.getLong(row), ChronoUnit.MICROS).toString());
    } else if (type instanceof TimestampNTZType) {
      quote(out, LocalDateTime.ofInstant(Instant.EPOCH.plus(v.getLong(row), ChronoUnit.MICROS),
          ZoneOffset.UTC).toString());
    } else if (type instanceof BinaryType) {
      byte[] bytes = v.getBinary(row);
      quote(out, binary == Binary.HEX ? hex(bytes) : Base64.getEncoder().encodeToString(bytes));
    } else {
      quote(out, v.getString(row));
    }
  }

  public static void quote(StringBuilder out, String text) {
    out.append('"').append(JsonStringEncoder.getInstance().quoteAsString(text)).append('"');
  }

  public static String hex(byte[] bytes) {
    StringBuilder out = new StringBuilder("0x");
    for (byte b : bytes) {
      out.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
    }
    return out.toString();
  }
}
