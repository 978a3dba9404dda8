package io.deltalens.internal.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import io.delta.kernel.types.ArrayType;
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
import io.delta.kernel.types.MapType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A JSON value as the value of a column type, with the coercions messages need: numbers in strings; ISO-8601
 * text ({@code 2024-05-01}, {@code 2024-05-01T10:00:00Z}, with an offset, or without one: UTC) and epoch numbers
 * to timestamps and dates — seconds below 10^11, milliseconds below 10^14, microseconds above (realistic
 * instants after 1973 are unambiguous); objects to structs and maps, arrays to arrays; anything to a string
 * (objects and arrays as their JSON). Values are held as the column vectors take them: boxed numbers, days
 * ({@code Integer}) for dates, microseconds ({@code Long}) for timestamps, {@code Object[]} for a struct,
 * {@code List} for an array, {@code Map} for a map. A value that does not fit fails with a
 * {@link BadValue} naming the field.
 */
final class JsonValues {
  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
  private static final Pattern EPOCH = Pattern.compile("-?\\d+(\\.\\d+)?");
  private static final Pattern ZONED = Pattern.compile(".*T.*[+-]\\d\\d(:?\\d\\d)?$");

  /** A value that is not one of its column's type: {@code field} says where. */
  static final class BadValue extends RuntimeException {
    BadValue(String message) {
      super(message, null, false, false);
    }
  }

  private JsonValues() {}

  /** {@code node} (not null, not JSON null) as a value of {@code type}; {@code field} names it in errors. */
  static Object convert(JsonNode node, DataType type, String field) {
    if (type instanceof StringType) {
      return node.isTextual() ? node.textValue() : node.isBinary() ? utf8(node) : node.toString();
    } else if (type instanceof LongType) {
      return integral(node, type, field, Long.MIN_VALUE, Long.MAX_VALUE);
    } else if (type instanceof IntegerType) {
      return (int) integral(node, type, field, Integer.MIN_VALUE, Integer.MAX_VALUE);
    } else if (type instanceof ShortType) {
      return (short) integral(node, type, field, Short.MIN_VALUE, Short.MAX_VALUE);
    } else if (type instanceof ByteType) {
      return (byte) integral(node, type, field, Byte.MIN_VALUE, Byte.MAX_VALUE);
    } else if (type instanceof DoubleType) {
      return node.isNumber() ? node.doubleValue() : decimal(node, type, field).doubleValue();
    } else if (type instanceof FloatType) {
      return node.isNumber() ? node.floatValue() : decimal(node, type, field).floatValue();
    } else if (type instanceof DecimalType d) {
      return fitDecimal(decimal(node, type, field), d, field);
    } else if (type instanceof BooleanType) {
      return bool(node, field);
    } else if (type instanceof TimestampType || type instanceof TimestampNTZType) {
      return micros(node, type, field);
    } else if (type instanceof DateType) {
      return (int) Math.floorDiv(micros(node, type, field), 86_400_000_000L);
    } else if (type instanceof BinaryType) {
      return binary(node, field);
    } else if (type instanceof StructType s) {
      return struct(node, s, field);
    } else if (type instanceof ArrayType a) {
      return array(node, a, field);
    } else if (type instanceof MapType m) {
      return map(node, m, field);
    }
    throw new BadValue(field + ": deltalens does not take JSON into a " + type + " column");
  }

  /** The value, or null for a missing or JSON null value, which a NOT NULL column refuses. */
  static Object convertOrNull(JsonNode node, DataType type, boolean nullable, String field) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      if (!nullable) {
        throw new BadValue(field + " is NOT NULL but the message has no value for it");
      }
      return null;
    }
    return convert(node, type, field);
  }

  private static long integral(JsonNode node, DataType type, String field, long min, long max) {
    if (node.isIntegralNumber() && node.canConvertToLong()) { // the common case, without a BigDecimal
      long value = node.longValue();
      if (value < min || value > max) {
        throw new BadValue(field + ": " + value + " is out of the range of " + type);
      }
      return value;
    }
    BigDecimal value = decimal(node, type, field);
    BigInteger whole;
    try {
      whole = value.toBigIntegerExact();
    } catch (ArithmeticException e) {
      throw new BadValue(field + ": " + text(node) + " is not a whole number, the column is " + type);
    }
    if (whole.compareTo(LONG_MIN) < 0 || whole.compareTo(LONG_MAX) > 0 || whole.longValue() < min
        || whole.longValue() > max) {
      throw new BadValue(field + ": " + text(node) + " is out of the range of " + type);
    }
    return whole.longValue();
  }

  private static BigDecimal decimal(JsonNode node, DataType type, String field) {
    if (node.isNumber()) {
      return node.decimalValue();
    }
    if (node.isTextual()) {
      try {
        return new BigDecimal(node.textValue().trim());
      } catch (NumberFormatException e) {
        // falls through to the error
      }
    }
    throw new BadValue(field + ": " + text(node) + " is not a number, the column is " + type);
  }

  private static BigDecimal fitDecimal(BigDecimal value, DecimalType type, String field) {
    BigDecimal scaled;
    try {
      scaled = value.setScale(type.getScale(), RoundingMode.UNNECESSARY);
    } catch (ArithmeticException e) {
      throw new BadValue(field + ": " + value.toPlainString() + " has more than " + type.getScale()
          + " decimals, the column is " + type);
    }
    if (scaled.precision() > type.getPrecision()) {
      throw new BadValue(field + ": " + value.toPlainString() + " has more digits than " + type + " holds");
    }
    return scaled;
  }

  private static boolean bool(JsonNode node, String field) {
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isTextual() && (node.textValue().equalsIgnoreCase("true") || node.textValue().equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(node.textValue());
    }
    throw new BadValue(field + ": " + text(node) + " is not true or false");
  }

  /** Microseconds since the epoch (UTC; a wall clock for timestamp_ntz) of a text or an epoch number. */
  private static long micros(JsonNode node, DataType type, String field) {
    if (node.isTextual()) {
      long fast = IsoTimes.micros(node.textValue(), type instanceof TimestampNTZType);
      if (fast != IsoTimes.NONE) {
        return fast;
      }
    }
    if (node.isNumber() || node.isTextual() && EPOCH.matcher(node.textValue().trim()).matches()) {
      BigDecimal n = decimal(node, type, field);
      BigDecimal abs = n.abs();
      BigDecimal perUnit = abs.compareTo(BigDecimal.valueOf(100_000_000_000L)) < 0 ? BigDecimal.valueOf(1_000_000)
          : abs.compareTo(BigDecimal.valueOf(100_000_000_000_000L)) < 0 ? BigDecimal.valueOf(1_000) : BigDecimal.ONE;
      return n.multiply(perUnit).setScale(0, RoundingMode.FLOOR).longValueExact();
    }
    if (!node.isTextual()) {
      throw new BadValue(field + ": " + text(node) + " is not a time, the column is " + type);
    }
    String text = node.textValue().trim();
    try {
      Instant instant;
      if (text.length() == 10) {
        instant = LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
      } else {
        String iso = text.replace(' ', 'T');
        boolean zoned = iso.endsWith("Z") || ZONED.matcher(iso).matches();
        if (!zoned) {
          instant = LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
        } else if (type instanceof TimestampNTZType) {
          instant = OffsetDateTime.parse(iso).toLocalDateTime().toInstant(ZoneOffset.UTC); // its wall clock
        } else {
          instant = OffsetDateTime.parse(iso).toInstant();
        }
      }
      return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new BadValue(field + ": '" + text + "' is not an ISO-8601 date or time, the column is " + type);
    }
  }

  private static byte[] binary(JsonNode node, String field) {
    if (node.isBinary()) {
      return binaryValue(node);
    }
    if (node.isTextual()) {
      try {
        return Base64.getDecoder().decode(node.textValue().trim());
      } catch (IllegalArgumentException e) {
        // falls through
      }
    }
    throw new BadValue(field + ": " + text(node) + " is not base64, the column is binary");
  }

  private static Object[] struct(JsonNode node, StructType type, String field) {
    if (!node.isObject()) {
      throw new BadValue(field + ": " + text(node) + " is not an object, the column is a struct");
    }
    Object[] values = new Object[type.length()];
    for (int i = 0; i < values.length; i++) {
      StructField child = type.at(i);
      values[i] = convertOrNull(node.get(child.getName()), child.getDataType(), child.isNullable(),
          field + "." + child.getName());
    }
    return values;
  }

  private static List<Object> array(JsonNode node, ArrayType type, String field) {
    if (!node.isArray()) {
      throw new BadValue(field + ": " + text(node) + " is not an array");
    }
    List<Object> values = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      values.add(convertOrNull(node.get(i), type.getElementType(), type.containsNull(), field + "[" + i + "]"));
    }
    return values;
  }

  private static Map<Object, Object> map(JsonNode node, MapType type, String field) {
    if (!node.isObject()) {
      throw new BadValue(field + ": " + text(node) + " is not an object, the column is a map");
    }
    Map<Object, Object> values = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String where = field + "['" + entry.getKey() + "']";
      values.put(convert(com.fasterxml.jackson.databind.node.TextNode.valueOf(entry.getKey()), type.getKeyType(),
          where), convertOrNull(entry.getValue(), type.getValueType(), type.isValueContainsNull(), where));
    }
    return values;
  }

  private static byte[] binaryValue(JsonNode node) {
    try {
      return node.binaryValue();
    } catch (java.io.IOException e) {
      throw new BadValue(e.getMessage());
    }
  }

  private static String utf8(JsonNode node) {
    return new String(binaryValue(node), StandardCharsets.UTF_8);
  }

  private static String text(JsonNode node) {
    String text = node.isBinary() ? "(" + binaryValue(node).length + " bytes)" : node.toString();
    return text.length() > 60 ? text.substring(0, 57) + "..." : text;
  }
}
