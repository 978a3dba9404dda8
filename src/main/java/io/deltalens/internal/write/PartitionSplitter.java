package io.deltalens.internal.write;

import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
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
import io.deltalens.DeltaLensException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits rows by partition values for copy mode. A key is the list of a row's partition values as Java
 * objects (Kernel's Literal has no hashCode, so it cannot key a map).
 */
final class PartitionSplitter {
  private final List<String> columns;
  private final List<DataType> types;

  PartitionSplitter(List<String> columns, List<DataType> types) {
    this.columns = columns;
    this.types = types;
  }

  /** The key of each row of {@code batch}, whose first columns are the partition columns in order. */
  List<List<Object>> keys(ColumnarBatch batch, List<Integer> ordinals) {
    List<List<Object>> keys = new ArrayList<>(batch.getSize());
    for (int row = 0; row < batch.getSize(); row++) {
      List<Object> key = new ArrayList<>(columns.size());
      for (int i = 0; i < columns.size(); i++) {
        key.add(value(batch.getColumnVector(ordinals.get(i)), row, types.get(i)));
      }
      keys.add(key);
    }
    return keys;
  }

  /** The partition values of a key, as the literals Kernel's write helpers take. */
  Map<String, Literal> literals(List<Object> key) {
    Map<String, Literal> values = new HashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      values.put(columns.get(i), literal(key.get(i), types.get(i), columns.get(i)));
    }
    return values;
  }

  private static Object value(ColumnVector vector, int row, DataType type) {
    if (vector.isNullAt(row)) {
      return null;
    }
    if (type instanceof StringType) {
      return vector.getString(row);
    } else if (type instanceof IntegerType || type instanceof DateType) {
      return vector.getInt(row);
    } else if (type instanceof LongType || type instanceof TimestampType
        || type instanceof TimestampNTZType) {
      return vector.getLong(row);
    } else if (type instanceof ShortType) {
      return vector.getShort(row);
    } else if (type instanceof ByteType) {
      return vector.getByte(row);
    } else if (type instanceof BooleanType) {
      return vector.getBoolean(row);
    } else if (type instanceof DoubleType) {
      return vector.getDouble(row);
    } else if (type instanceof FloatType) {
      return vector.getFloat(row);
    } else if (type instanceof DecimalType) {
      return vector.getDecimal(row);
    }
    throw new DeltaLensException("partition columns of type " + type + " are not supported");
  }

  private static Literal literal(Object value, DataType type, String column) {
    if (value == null) {
      return Literal.ofNull(type);
    } else if (type instanceof StringType) {
      return Literal.ofString((String) value);
    } else if (type instanceof IntegerType) {
      return Literal.ofInt((Integer) value);
    } else if (type instanceof DateType) {
      return Literal.ofDate((Integer) value);
    } else if (type instanceof LongType) {
      return Literal.ofLong((Long) value);
    } else if (type instanceof TimestampType) {
      return Literal.ofTimestamp((Long) value);
    } else if (type instanceof TimestampNTZType) {
      return Literal.ofTimestampNtz((Long) value);
    } else if (type instanceof ShortType) {
      return Literal.ofShort((Short) value);
    } else if (type instanceof ByteType) {
      return Literal.ofByte((Byte) value);
    } else if (type instanceof BooleanType) {
      return Literal.ofBoolean((Boolean) value);
    } else if (type instanceof DoubleType) {
      return Literal.ofDouble((Double) value);
    } else if (type instanceof FloatType) {
      return Literal.ofFloat((Float) value);
    } else if (type instanceof DecimalType d) {
      return Literal.ofDecimal((BigDecimal) value, d.getPrecision(), d.getScale());
    }
    throw new DeltaLensException("partition column '" + column + "' has unsupported type " + type);
  }
}
