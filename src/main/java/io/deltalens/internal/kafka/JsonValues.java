package io.deltalens.internal.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
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
import io.deltalens.internal.expr.IsoTimes;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A JSON value as the value of a column type, read from the token a parser is at, with the coercions messages
 * need: numbers in strings; ISO-8601 text ({@code 2024-05-01}, {@code 2024-05-01T10:00:00Z}, with an offset, or
 * without one: UTC) and epoch numbers to timestamps and dates — seconds below 10^11, milliseconds below 10^14,
 * microseconds above (realistic instants after 1973 are unambiguous); objects to structs and maps, arrays to
 * arrays; anything to a string (objects and arrays as their JSON). Whole numbers, reals and times come as
 * primitives (the columns keep them in primitive arrays); other values as objects the column vectors take:
 * {@code Object[]} for a struct, {@code List} for an array, {@code Map} for a map. A value that does not fit fails
 * with a {@link BadValue} naming the field.
 *
 * <p>Tokens, not trees: a message streams from its bytes into the columns, and a tree (an Avro record, a field a
 * mapping picks) is read through {@link #tokens} — one set of coercions for both.
 */
final class JsonValues {
  /** Every parser and tree of the ingest comes from it (the tree of an object is read back through it). */
  // a parser per message: its buffers come from a pool shared by threads (a thread-local one was 7% of an ingest);
  // reals by Jackson's fast parser (correctly rounded too): the JDK's took ~5% of the reading thread (P7)
  static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
      .recyclerPool(JsonRecyclerPools.newLockFreePool()).enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build())
      .enable(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS);
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

  /** A parser at the first token of {@code node}. */
  static JsonParser tokens(JsonNode node) {
    try {
      JsonParser p = node.traverse(MAPPER);
      p.nextToken();
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether the parser is at a JSON null (or nothing). */
  static boolean isNull(JsonParser p) {
    return p.currentToken() == null || p.currentToken() == JsonToken.VALUE_NULL;
  }

  /** The value at {@code p} (not a JSON null) as an object of {@code type}: see the class comment for its form. */
  static Object value(JsonParser p, DataType type, String field) throws IOException {
    if (type instanceof StringType) {
      return string(p);
    } else if (type instanceof LongType) {
      return integral(p, type, field, Long.MIN_VALUE, Long.MAX_VALUE);
    } else if (type instanceof IntegerType) {
      return (int) integral(p, type, field, Integer.MIN_VALUE, Integer.MAX_VALUE);
    } else if (type instanceof ShortType) {
      return (short) integral(p, type, field, Short.MIN_VALUE, Short.MAX_VALUE);
    } else if (type instanceof ByteType) {
      return (byte) integral(p, type, field, Byte.MIN_VALUE, Byte.MAX_VALUE);
    } else if (type instanceof DoubleType) {
      return real(p, type, field);
    } else if (type instanceof FloatType) {
      return (float) real(p, type, field);
    } else if (type instanceof DecimalType d) {
      return fitDecimal(decimal(p, type, field), d, field);
    } else if (type instanceof BooleanType) {
      return bool(p, field);
    } else if (type instanceof TimestampType || type instanceof TimestampNTZType) {
      return micros(p, type, field);
    } else if (type instanceof DateType) {
      return days(p, type, field);
    } else if (type instanceof BinaryType) {
      return binary(p, field);
    } else if (type instanceof StructType s) {
      return struct(p, s, field);
    } else if (type instanceof ArrayType a) {
      return array(p, a, field);
    } else if (type instanceof MapType m) {
      return map(p, m, field);
    }
    throw new BadValue(field + ": deltalens does not take JSON into a " + type + " column");
  }

  /** The value at {@code p}, or null for a JSON null, which a NOT NULL value refuses. */
  static Object valueOrNull(JsonParser p, DataType type, boolean nullable, String field) throws IOException {
    if (isNull(p)) {
      requireNullable(nullable, field);
      return null;
    }
    return value(p, type, field);
  }

  static void requireNullable(boolean nullable, String field) {
    if (!nullable) {
      throw new BadValue(field + " is NOT NULL but the message has no value for it");
    }
  }

  /** Text as it is; a binary as UTF-8; anything else as its JSON. */
  static String string(JsonParser p) throws IOException {
    return switch (p.currentToken()) {
      case VALUE_STRING -> p.getText();
      case VALUE_EMBEDDED_OBJECT -> new String(p.getBinaryValue(), StandardCharsets.UTF_8);
      case START_OBJECT, START_ARRAY -> p.readValueAsTree().toString();
      default -> p.getText();
    };
  }

  static long integral(JsonParser p, DataType type, String field, long min, long max) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
      long value = p.getLongValue(); // the common case, without a BigDecimal
      if (value < min || value > max) {
        throw new BadValue(field + ": " + value + " is out of the range of " + type);
      }
      return value;
    }
    BigDecimal value = decimal(p, type, field);
    BigInteger whole;
    try {
      whole = value.toBigIntegerExact();
    } catch (ArithmeticException e) {
      throw new BadValue(field + ": " + shown(p) + " is not a whole number, the column is " + type);
    }
    if (whole.compareTo(LONG_MIN) < 0 || whole.compareTo(LONG_MAX) > 0 || whole.longValue() < min
        || whole.longValue() > max) {
      throw new BadValue(field + ": " + shown(p) + " is out of the range of " + type);
    }
    return whole.longValue();
  }

  static double real(JsonParser p, DataType type, String field) throws IOException {
    JsonToken token = p.currentToken();
    return token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT ? p.getDoubleValue()
        : decimal(p, type, field).doubleValue();
  }

  private static BigDecimal decimal(JsonParser p, DataType type, String field) throws IOException {
    JsonToken token = p.currentToken();
    if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
      return p.getDecimalValue();
    }
    if (token == JsonToken.VALUE_STRING) {
      try {
        return new BigDecimal(p.getText().trim());
      } catch (NumberFormatException e) {
        // falls through to the error
      }
    }
    throw new BadValue(field + ": " + shown(p) + " is not a number, the column is " + type);
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

  private static boolean bool(JsonParser p, String field) throws IOException {
    JsonToken token = p.currentToken();
    if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
      return token == JsonToken.VALUE_TRUE;
    }
    if (token == JsonToken.VALUE_STRING
        && (p.getText().equalsIgnoreCase("true") || p.getText().equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(p.getText());
    }
    throw new BadValue(field + ": " + shown(p) + " is not true or false");
  }

  /** Days since the epoch of a date, time or epoch number. */
  static int days(JsonParser p, DataType type, String field) throws IOException {
    return (int) Math.floorDiv(micros(p, type, field), 86_400_000_000L);
  }

  /** Microseconds since the epoch (UTC; a wall clock for timestamp_ntz) of a text or an epoch number. */
  static long micros(JsonParser p, DataType type, String field) throws IOException {
    JsonToken token = p.currentToken();
    boolean textual = token == JsonToken.VALUE_STRING;
    String text = textual ? p.getText() : null;
    if (textual) {
      long fast = IsoTimes.micros(text, type instanceof TimestampNTZType);
      if (fast != IsoTimes.NONE) {
        return fast;
      }
    }
    boolean number = token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT;
    if (number || textual && EPOCH.matcher(text.trim()).matches()) {
      BigDecimal n = decimal(p, type, field);
      BigDecimal abs = n.abs();
      BigDecimal perUnit = abs.compareTo(BigDecimal.valueOf(100_000_000_000L)) < 0 ? BigDecimal.valueOf(1_000_000)
          : abs.compareTo(BigDecimal.valueOf(100_000_000_000_000L)) < 0 ? BigDecimal.valueOf(1_000) : BigDecimal.ONE;
      return n.multiply(perUnit).setScale(0, RoundingMode.FLOOR).longValueExact();
    }
    if (!textual) {
      throw new BadValue(field + ": " + shown(p) + " is not a time, the column is " + type);
    }
    String trimmed = text.trim();
    try {
      Instant instant;
      if (trimmed.length() == 10) {
        instant = LocalDate.parse(trimmed).atStartOfDay().toInstant(ZoneOffset.UTC);
      } else {
        String iso = trimmed.replace(' ', 'T');
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
      throw new BadValue(field + ": '" + trimmed + "' is not an ISO-8601 date or time, the column is " + type);
    }
  }

  private static byte[] binary(JsonParser p, String field) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_EMBEDDED_OBJECT) {
      return p.getBinaryValue();
    }
    if (p.currentToken() == JsonToken.VALUE_STRING) {
      try {
        return Base64.getDecoder().decode(p.getText().trim());
      } catch (IllegalArgumentException e) {
        // falls through
      }
    }
    throw new BadValue(field + ": " + shown(p) + " is not base64, the column is binary");
  }

  /** A struct as an object (a struct inside an array or map; a struct column keeps its fields as columns). */
  private static Object[] struct(JsonParser p, StructType type, String field) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw new BadValue(field + ": " + shown(p) + " is not an object, the column is a struct");
    }
    Object[] values = new Object[type.length()];
    boolean[] given = new boolean[values.length];
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      int at = type.indexOf(p.currentName());
      p.nextToken();
      if (at < 0 || !type.at(at).getName().equals(p.currentName())) {
        p.skipChildren(); // a field the struct has not (names match exactly)
        continue;
      }
      StructField child = type.at(at);
      values[at] = valueOrNull(p, child.getDataType(), child.isNullable(), field + "." + child.getName());
      given[at] = true;
    }
    for (int i = 0; i < values.length; i++) {
      if (!given[i]) {
        requireNullable(type.at(i).isNullable(), field + "." + type.at(i).getName());
      }
    }
    return values;
  }

  private static List<Object> array(JsonParser p, ArrayType type, String field) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw new BadValue(field + ": " + shown(p) + " is not an array");
    }
    List<Object> values = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      values.add(valueOrNull(p, type.getElementType(), type.containsNull(), field + "[" + values.size() + "]"));
    }
    return values;
  }

  private static Map<Object, Object> map(JsonParser p, MapType type, String field) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw new BadValue(field + ": " + shown(p) + " is not an object, the column is a map");
    }
    Map<Object, Object> values = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      String where = field + "['" + key + "']";
      p.nextToken();
      Object value = valueOrNull(p, type.getValueType(), type.isValueContainsNull(), where);
      values.put(value(tokens(TextNode.valueOf(key)), type.getKeyType(), where), value);
    }
    return values;
  }

  /** The value at {@code p} as an error shows it: its JSON, cut to 60 characters; a binary by its size. */
  private static String shown(JsonParser p) throws IOException {
    String text = switch (p.currentToken()) {
      case VALUE_STRING -> TextNode.valueOf(p.getText()).toString();
      case VALUE_EMBEDDED_OBJECT -> "(" + p.getBinaryValue().length + " bytes)";
      case START_OBJECT, START_ARRAY -> p.readValueAsTree().toString();
      default -> p.getText();
    };
    return text.length() > 60 ? text.substring(0, 57) + "..." : text;
  }
}
