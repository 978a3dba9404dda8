package io.deltalens.internal.constraints;

import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.ByteType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import io.deltalens.internal.kernel.ArrayVector;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * Cell values as plain Java objects for row-wise rules: integers, dates (days) and timestamps
 * (microseconds) as {@link Long}, floating point as {@link Double}, strings and booleans as themselves.
 */
final class Values {
  private Values() {}

  /** Whether rules can read and write values of {@code type}. */
  static boolean supports(DataType type) {
    return isIntegral(type) || type instanceof DateType || isTimestamp(type) || type instanceof StringType
        || type instanceof BooleanType || type instanceof DoubleType || type instanceof FloatType;
  }

  static boolean isIntegral(DataType type) {
    return type instanceof ByteType || type instanceof ShortType || type instanceof IntegerType
        || type instanceof LongType;
  }

  static boolean isTimestamp(DataType type) {
    return type instanceof TimestampType || type instanceof TimestampNTZType;
  }

  static Object at(ColumnVector vector, int row) {
    if (vector.isNullAt(row)) {
      return null;
    }
    DataType type = vector.getDataType();
    if (type instanceof ByteType) {
      return (long) vector.getByte(row);
    } else if (type instanceof ShortType) {
      return (long) vector.getShort(row);
    } else if (type instanceof IntegerType || type instanceof DateType) {
      return (long) vector.getInt(row);
    } else if (type instanceof LongType || isTimestamp(type)) {
      return vector.getLong(row);
    } else if (type instanceof DoubleType) {
      return vector.getDouble(row);
    } else if (type instanceof FloatType) {
      return (double) vector.getFloat(row);
    } else if (type instanceof BooleanType) {
      return vector.getBoolean(row);
    } else if (type instanceof StringType) {
      return vector.getString(row);
    }
    throw new IllegalArgumentException("no row rules over " + type + " columns");
  }

  /** A value as a person reads it in an error message. */
  static String show(Object value, DataType type) {
    if (value == null) {
      return "NULL";
    } else if (type instanceof DateType) {
      return LocalDate.ofEpochDay((Long) value).toString();
    } else if (isTimestamp(type)) {
      return Instant.EPOCH.plus((Long) value, ChronoUnit.MICROS).toString();
    } else if (type instanceof StringType) {
      return "'" + value + "'";
    }
    return value.toString();
  }

  /** A column of {@code values} (in the form {@link #at} gives) for the parquet writer. */
  static ColumnVector vector(DataType type, Object[] values) {
    return new ArrayVector(type, values.length, values);
  }
}
