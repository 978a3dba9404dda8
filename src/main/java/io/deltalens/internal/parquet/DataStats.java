package io.deltalens.internal.parquet;

import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.expressions.Literal;
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
import java.util.Optional;

/**
 * Min, max and null count of one column computed from its values, for the columns whose footers give
 * none (Spark's INT96 timestamps, files written with statistics off). The bounds follow
 * {@link FooterStats}' rules: the same types, timestamps to the millisecond rounded outward, strings cut.
 */
public final class DataStats {
  private final DataType type;
  private Comparable<Object> min;
  private Comparable<Object> max;
  private long nulls;

  public DataStats(DataType type) {
    this.type = type;
  }

  /** Takes the first {@code rows} values of {@code vector}. */
  public void add(ColumnVector vector, int rows) {
    for (int r = 0; r < rows; r++) {
      if (vector.isNullAt(r)) {
        nulls++;
        continue;
      }
      Comparable<Object> value = value(vector, r);
      if (value == null) {
        continue;
      }
      if (min == null || value.compareTo(min) < 0) {
        min = value;
      }
      if (max == null || value.compareTo(max) > 0) {
        max = value;
      }
    }
  }

  public long nullCount() {
    return nulls;
  }

  public Optional<Literal> min() {
    return bound(min, true);
  }

  public Optional<Literal> max() {
    return bound(max, false);
  }

  /**
   * Whether {@code bound}, a file's recorded minimum, is at most the values' minimum: data skipping needs no
   * more (a string cut short, a time rounded down still do). True where there is nothing to compare.
   */
  public boolean isLowerBound(Literal bound) {
    Comparable<Object> recorded = comparable(bound);
    return min == null || recorded == null || recorded.compareTo(min) <= 0;
  }

  /**
   * Whether {@code bound}, a file's recorded maximum, is at least the values' maximum. Spark records
   * timestamps to the millisecond, cutting microseconds off a maximum; readers allow that millisecond.
   */
  public boolean isUpperBound(Literal bound) {
    Comparable<Object> recorded = comparable(bound);
    if (bound.getValue() instanceof Long micros && (type instanceof TimestampType || type instanceof TimestampNTZType)) {
      recorded = comparable(Literal.ofLong(micros + 999));
    }
    return max == null || recorded == null || recorded.compareTo(max) >= 0;
  }

  /** A recorded bound in the form values are compared in here, null for types without bounds. */
  @SuppressWarnings("unchecked")
  private Comparable<Object> comparable(Literal literal) {
    Object value = literal.getValue();
    Comparable<?> comparable;
    if (value == null || value instanceof Boolean || value instanceof byte[]) {
      comparable = null;
    } else if (value instanceof Float || value instanceof Double) {
      comparable = ((Number) value).doubleValue();
    } else if (value instanceof Number n && !(value instanceof BigDecimal)) {
      comparable = n.longValue();
    } else if (value instanceof String text) {
      comparable = new CodePoints(text);
    } else {
      comparable = value instanceof BigDecimal ? (BigDecimal) value : null;
    }
    return (Comparable<Object>) comparable;
  }

  @SuppressWarnings("unchecked")
  private Comparable<Object> value(ColumnVector v, int r) {
    Comparable<?> value;
    if (type instanceof ByteType) {
      value = (long) v.getByte(r);
    } else if (type instanceof ShortType) {
      value = (long) v.getShort(r);
    } else if (type instanceof IntegerType || type instanceof DateType) {
      value = (long) v.getInt(r);
    } else if (type instanceof LongType || type instanceof TimestampType || type instanceof TimestampNTZType) {
      value = v.getLong(r);
    } else if (type instanceof FloatType || type instanceof DoubleType) {
      double d = type instanceof FloatType ? v.getFloat(r) : v.getDouble(r);
      value = Double.isNaN(d) ? null : d; // Spark leaves NaN out of the bounds
    } else if (type instanceof DecimalType) {
      value = v.getDecimal(r);
    } else if (type instanceof StringType) {
      value = new CodePoints(v.getString(r));
    } else {
      value = null; // booleans, binary: null counts only, as Spark keeps them
    }
    return (Comparable<Object>) value;
  }

  private Optional<Literal> bound(Comparable<Object> bound, boolean isMin) {
    Object value = bound;
    if (value == null) {
      return Optional.empty();
    }
    if (type instanceof ByteType) {
      return Optional.of(Literal.ofByte(((Long) value).byteValue()));
    } else if (type instanceof ShortType) {
      return Optional.of(Literal.ofShort(((Long) value).shortValue()));
    } else if (type instanceof IntegerType) {
      return Optional.of(Literal.ofInt(((Long) value).intValue()));
    } else if (type instanceof DateType) {
      return Optional.of(Literal.ofDate(((Long) value).intValue()));
    } else if (type instanceof LongType) {
      return Optional.of(Literal.ofLong((Long) value));
    } else if (type instanceof TimestampType || type instanceof TimestampNTZType) {
      return Optional.of(FooterStats.timestampBound(type, (Long) value, isMin));
    } else if (type instanceof FloatType) {
      return Optional.of(Literal.ofFloat(((Double) value).floatValue()));
    } else if (type instanceof DoubleType) {
      return Optional.of(Literal.ofDouble((Double) value));
    } else if (type instanceof DecimalType d) {
      return Optional.of(Literal.ofDecimal((BigDecimal) value, d.getPrecision(), d.getScale()));
    }
    return FooterStats.string(((CodePoints) value).text, isMin).map(Literal::ofString);
  }

  /** Strings in code point order, which is the UTF-8 byte order parquet and Spark compare by. */
  private record CodePoints(String text) implements Comparable<CodePoints> {
    @Override
    public int compareTo(CodePoints other) {
      int i = 0;
      int j = 0;
      while (i < text.length() && j < other.text.length()) {
        int a = text.codePointAt(i);
        int b = other.text.codePointAt(j);
        if (a != b) {
          return Integer.compare(a, b);
        }
        i += Character.charCount(a);
        j += Character.charCount(b);
      }
      return Integer.compare(text.length() - i, other.text.length() - j);
    }
  }
}
