package io.deltalens.internal.constraints;

import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.types.ByteType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.deltalens.internal.expr.Tokens;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A generated column's expression ({@code delta.generationExpression}) evaluated row by row, for the
 * forms whose result deltalens reproduces exactly: column references, integer and string literals,
 * {@code + - *} over integers (overflow is an error, as in Spark's default ANSI mode),
 * {@code CAST(x AS DATE|STRING|TINYINT|SMALLINT|INT|BIGINT)}, and {@code YEAR MONTH DAY DAYOFMONTH HOUR
 * TO_DATE DATE} of dates and timestamps. Timestamps are taken in UTC, Spark's result with
 * {@code spark.sql.session.timeZone=UTC} (the Databricks default). Anything else is refused by
 * {@link #parse}, so it never computes a value Spark would not.
 */
final class GenerationExpression {
  /** A row's value could not be computed (overflow, unparseable text); Spark fails the write too. */
  static final class RowError extends RuntimeException {
    RowError(String message) {
      super(message);
    }
  }

  interface Node {
    DataType type();

    Object eval(ColumnarBatch batch, int row);
  }

  private static final Pattern TOKEN = Pattern.compile(
      "\\s*(?:(?<str>'(?:[^'\\\\]|\\\\.)*')|(?<num>\\d+L?)|(?<op>[-+*(),])|(?<id>`[^`]+`|[A-Za-z_]\\w*))");
  private static final Map<String, Function<LocalDateTime, Long>> DATE_PARTS = Map.of(
      "YEAR", t -> (long) t.getYear(),
      "MONTH", t -> (long) t.getMonthValue(),
      "DAY", t -> (long) t.getDayOfMonth(),
      "DAYOFMONTH", t -> (long) t.getDayOfMonth(),
      "HOUR", t -> (long) t.getHour());

  private final Tokens tokens;
  private final StructType schema;

  private GenerationExpression(String text, StructType schema) {
    this.schema = schema;
    this.tokens = new Tokens(TOKEN, text, "expression");
  }

  /**
   * The expression over {@code schema}; an IllegalArgumentException (or a DeltaLensException for text it
   * cannot read) names what is beyond deltalens.
   */
  static Node parse(String text, StructType schema) {
    GenerationExpression parser = new GenerationExpression(text, schema);
    Node node = parser.sum();
    parser.tokens.requireEnd(text);
    return node;
  }

  private Node sum() {
    Node left = product();
    while (tokens.peek("+") || tokens.peek("-")) {
      String op = tokens.next("an operator");
      left = arithmetic(op, left, product());
    }
    return left;
  }

  private Node product() {
    Node left = factor();
    while (tokens.accept("*")) {
      left = arithmetic("*", left, factor());
    }
    return left;
  }

  private Node factor() {
    String token = tokens.next("a value");
    if (token.equals("(")) {
      Node inner = sum();
      tokens.expect(")");
      return inner;
    }
    if (token.startsWith("'")) {
      String text = token.substring(1, token.length() - 1).replaceAll("\\\\(.)", "$1");
      return constant(StringType.STRING, text);
    }
    if (Character.isDigit(token.charAt(0))) {
      return integer(token);
    }
    String upper = token.toUpperCase(Locale.ROOT);
    if (tokens.accept("(")) {
      Node node = upper.equals("CAST") ? cast() : function(upper, sum());
      tokens.expect(")");
      return node;
    }
    return column(token.replace("`", ""));
  }

  private Node integer(String token) {
    long value;
    try {
      value = Long.parseLong(token.replace("L", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("number " + token + " is out of range");
    }
    boolean isInt = !token.endsWith("L") && value <= Integer.MAX_VALUE;
    return constant(isInt ? IntegerType.INTEGER : LongType.LONG, value);
  }

  private Node column(String name) {
    int ordinal = schema.indexOf(name);
    if (ordinal < 0) {
      throw new IllegalArgumentException("no column '" + name + "'");
    }
    DataType type = schema.at(ordinal).getDataType();
    if (!Values.supports(type)) {
      throw new IllegalArgumentException("column '" + name + "' is " + type);
    }
    return node(type, (batch, row) -> Values.at(batch.getColumnVector(ordinal), row));
  }

  private Node cast() {
    Node input = sum();
    tokens.expect("AS");
    String target = tokens.next("a type").toUpperCase(Locale.ROOT);
    DataType from = input.type();
    switch (target) {
      case "DATE":
        return toDate(input);
      case "STRING":
        if (Values.isIntegral(from)) {
          return map(input, StringType.STRING, value -> value.toString());
        }
        if (from instanceof DateType) {
          return map(input, StringType.STRING, value -> LocalDate.ofEpochDay((Long) value).toString());
        }
        break;
      case "TINYINT":
      case "BYTE":
        return toInteger(input, ByteType.BYTE);
      case "SMALLINT":
      case "SHORT":
        return toInteger(input, ShortType.SHORT);
      case "INT":
      case "INTEGER":
        return toInteger(input, IntegerType.INTEGER);
      case "BIGINT":
      case "LONG":
        return toInteger(input, LongType.LONG);
      default:
        break;
    }
    throw new IllegalArgumentException("CAST of " + from + " AS " + target);
  }

  private static Node toInteger(Node input, DataType target) {
    if (Values.isIntegral(input.type())) {
      return map(input, target, value -> inRange((Long) value, target));
    }
    if (input.type() instanceof StringType) {
      return map(input, target, value -> {
        try {
          return inRange(Long.parseLong(((String) value).trim()), target);
        } catch (NumberFormatException e) {
          throw new RowError("'" + value + "' is not a " + target);
        }
      });
    }
    throw new IllegalArgumentException("CAST of " + input.type() + " AS " + target);
  }

  private static Node toDate(Node input) {
    DataType from = input.type();
    if (from instanceof DateType) {
      return input;
    }
    if (Values.isTimestamp(from)) {
      return map(input, DateType.DATE, value -> dateTime((Long) value).toLocalDate().toEpochDay());
    }
    if (from instanceof StringType) {
      return map(input, DateType.DATE, value -> {
        try {
          return LocalDate.parse(((String) value).trim()).toEpochDay();
        } catch (DateTimeParseException e) {
          throw new RowError("'" + value + "' is not a date");
        }
      });
    }
    throw new IllegalArgumentException("a DATE from " + from);
  }

  private static Node function(String name, Node input) {
    if (name.equals("TO_DATE") || name.equals("DATE")) {
      return toDate(input);
    }
    Function<LocalDateTime, Long> part = DATE_PARTS.get(name);
    if (part == null) {
      throw new IllegalArgumentException("function " + name);
    }
    if (input.type() instanceof DateType && !name.equals("HOUR")) {
      return map(input, IntegerType.INTEGER,
          value -> part.apply(LocalDate.ofEpochDay((Long) value).atStartOfDay()));
    }
    if (Values.isTimestamp(input.type())) {
      return map(input, IntegerType.INTEGER, value -> part.apply(dateTime((Long) value)));
    }
    throw new IllegalArgumentException(name + " of " + input.type());
  }

  private static Node arithmetic(String op, Node left, Node right) {
    if (!Values.isIntegral(left.type()) || !Values.isIntegral(right.type())) {
      throw new IllegalArgumentException("'" + op + "' over " + left.type() + " and " + right.type());
    }
    DataType type = rank(left.type()) >= rank(right.type()) ? left.type() : right.type();
    return node(type, (batch, row) -> {
      Long a = (Long) left.eval(batch, row);
      Long b = (Long) right.eval(batch, row);
      if (a == null || b == null) {
        return null;
      }
      try {
        long result = op.equals("+") ? Math.addExact(a, b)
            : op.equals("-") ? Math.subtractExact(a, b) : Math.multiplyExact(a, b);
        return inRange(result, type);
      } catch (ArithmeticException e) {
        throw new RowError(a + " " + op + " " + b + " overflows " + type);
      }
    });
  }

  static long inRange(long value, DataType type) {
    int bits = 8 << (rank(type) - 1);
    if (bits < 64 && (value < -(1L << (bits - 1)) || value >= 1L << (bits - 1))) {
      throw new RowError(value + " overflows " + type);
    }
    return value;
  }

  private static int rank(DataType type) {
    return type instanceof ByteType ? 1 : type instanceof ShortType ? 2 : type instanceof IntegerType ? 3 : 4;
  }

  private static LocalDateTime dateTime(long micros) {
    return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
        (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC);
  }

  private static Node map(Node input, DataType type, Function<Object, Object> f) {
    return node(type, (batch, row) -> {
      Object value = input.eval(batch, row);
      return value == null ? null : f.apply(value);
    });
  }

  private static Node constant(DataType type, Object value) {
    return node(type, (batch, row) -> value);
  }

  private interface Eval {
    Object eval(ColumnarBatch batch, int row);
  }

  private static Node node(DataType type, Eval eval) {
    return new Node() {
      @Override
      public DataType type() {
        return type;
      }

      @Override
      public Object eval(ColumnarBatch batch, int row) {
        return eval.eval(batch, row);
      }
    };
  }
}
