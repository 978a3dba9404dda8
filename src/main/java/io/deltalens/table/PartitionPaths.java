package io.deltalens.table;

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
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import io.deltalens.DeltaLensException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Partition values read from Hive-style folder names ({@code day=2024-01-01/part-0.parquet}). */
final class PartitionPaths {
  static final String NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__";

  private PartitionPaths() {}

  /**
   * The partition values of {@code relative} (a file path relative to the table), typed per
   * {@code schema}. Every partition column must have exactly one {@code col=value} folder.
   */
  static Map<String, Literal> parse(Path relative, List<String> columns, StructType schema) {
    Map<String, String> found = new HashMap<>();
    Path folders = relative.getParent();
    for (int i = 0; folders != null && i < folders.getNameCount(); i++) {
      String folder = folders.getName(i).toString();
      int eq = folder.indexOf('=');
      if (eq > 0) {
        found.put(unescape(folder.substring(0, eq)), unescape(folder.substring(eq + 1)));
      }
    }
    Map<String, Literal> values = new HashMap<>();
    for (String column : columns) {
      String text = found.get(column);
      if (text == null) {
        throw new DeltaLensException(relative + ": the table is partitioned by '" + column
            + "' but the path has no '" + column + "=<value>' folder");
      }
      DataType type = schema.get(column).getDataType();
      values.put(column, literal(text, type, relative, column));
    }
    return values;
  }

  private static Literal literal(String text, DataType type, Path file, String column) {
    if (text.equals(NULL_PARTITION)) {
      return Literal.ofNull(type);
    }
    try {
      if (type instanceof StringType) {
        return Literal.ofString(text);
      } else if (type instanceof IntegerType) {
        return Literal.ofInt(Integer.parseInt(text));
      } else if (type instanceof LongType) {
        return Literal.ofLong(Long.parseLong(text));
      } else if (type instanceof ShortType) {
        return Literal.ofShort(Short.parseShort(text));
      } else if (type instanceof ByteType) {
        return Literal.ofByte(Byte.parseByte(text));
      } else if (type instanceof BooleanType) {
        return Literal.ofBoolean(parseBoolean(text));
      } else if (type instanceof DoubleType) {
        return Literal.ofDouble(Double.parseDouble(text));
      } else if (type instanceof FloatType) {
        return Literal.ofFloat(Float.parseFloat(text));
      } else if (type instanceof DecimalType d) {
        return Literal.ofDecimal(new BigDecimal(text), d.getPrecision(), d.getScale());
      } else if (type instanceof DateType) {
        return Literal.ofDate((int) LocalDate.parse(text).toEpochDay());
      } else if (type instanceof TimestampType) {
        // the protocol writes timestamp partition values in UTC
        return Literal.ofTimestamp(micros(LocalDateTime.parse(text.replace(' ', 'T').replace("Z", ""))));
      } else if (type instanceof TimestampNTZType) {
        return Literal.ofTimestampNtz(micros(LocalDateTime.parse(text.replace(' ', 'T'))));
      }
    } catch (IllegalArgumentException | DateTimeParseException | ArithmeticException e) {
      throw new DeltaLensException(file + ": partition value '" + text + "' of column '" + column
          + "' is not a " + type);
    }
    throw new DeltaLensException(file + ": partition column '" + column + "' has type " + type
        + ", which cannot be a partition column");
  }

  private static boolean parseBoolean(String text) {
    if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
      throw new IllegalArgumentException(text);
    }
    return Boolean.parseBoolean(text);
  }

  private static long micros(LocalDateTime time) {
    return ChronoUnit.MICROS.between(LocalDateTime.ofEpochSecond(0, 0, ZoneOffset.UTC), time);
  }

  /** Undoes Hive's escaping of partition folder names ({@code %3A} for ':'). */
  static String unescape(String text) {
    if (text.indexOf('%') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%' && isHex(text, i + 1)) {
        out.append((char) Integer.parseInt(text.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isHex(String text, int at) {
    return at + 1 < text.length()
        && Character.digit(text.charAt(at), 16) >= 0 && Character.digit(text.charAt(at + 1), 16) >= 0;
  }
}
