package io.deltalens.internal.kafka;

import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.MapType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import io.deltalens.internal.kernel.ArrayVector;
import io.deltalens.internal.kernel.KernelInternals;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A batch of rows of one schema, kept column by column until it is written: ints, longs (and dates, timestamps)
 * and doubles in primitive arrays, other values as objects (see {@link JsonValues} for their forms). Counts its
 * rows and about the heap its values take (the parquet file they become is much smaller).
 */
final class RowBuffer {
  private final StructType schema;
  private final Column[] columns;
  private int rows;
  private long bytes;

  RowBuffer(StructType schema) {
    this.schema = schema;
    this.columns = new Column[schema.length()];
    for (int i = 0; i < columns.length; i++) {
      DataType type = schema.at(i).getDataType();
      columns[i] = type instanceof LongType || type instanceof TimestampType || type instanceof TimestampNTZType
          ? new Longs(type) : type instanceof IntegerType || type instanceof DateType ? new Ints(type)
          : type instanceof DoubleType ? new Doubles() : new Objects(type);
    }
  }

  /** Adds a row: one value per column of the schema, in its order (null for none). */
  void add(Object[] row) {
    for (int i = 0; i < columns.length; i++) {
      columns[i].add(row[i]);
      bytes += size(row[i]);
    }
    rows++;
  }

  int rows() {
    return rows;
  }

  long bytes() {
    return bytes;
  }

  /** The rows as one batch of the schema; the buffer is empty afterwards (unchanged if this fails). */
  ColumnarBatch drain() {
    ColumnVector[] vectors = new ColumnVector[columns.length];
    for (int i = 0; i < columns.length; i++) {
      vectors[i] = columns[i].build(rows);
    }
    ColumnarBatch batch = KernelInternals.batch(rows, schema, vectors);
    for (int i = 0; i < columns.length; i++) {
      columns[i] = columns[i].fresh();
    }
    rows = 0;
    bytes = 0;
    return batch;
  }

  /** About the heap a value takes held here (object headers included: they are most of a short string's). */
  private static long size(Object value) {
    if (value == null) {
      return 8;
    } else if (value instanceof Long || value instanceof Integer || value instanceof Double) {
      return 9; // in a primitive array, with its null flag
    } else if (value instanceof Number || value instanceof Boolean) {
      return 20;
    } else if (value instanceof String s) {
      return 48 + s.length();
    } else if (value instanceof byte[] b) {
      return 24 + b.length;
    } else if (value instanceof Object[] struct) {
      return 24 + 4L * struct.length + Arrays.stream(struct).mapToLong(RowBuffer::size).sum();
    } else if (value instanceof List<?> list) {
      return 40 + list.stream().mapToLong(RowBuffer::size).sum();
    } else if (value instanceof Map<?, ?> map) {
      return 64 + map.entrySet().stream().mapToLong(e -> 40 + size(e.getKey()) + size(e.getValue())).sum();
    }
    return 32;
  }

  private abstract static class Column {
    abstract void add(Object value);

    abstract ColumnVector build(int rows);

    abstract Column fresh();
  }

  /** Nulls of a primitive column, grown with it. */
  private abstract static class Primitive extends Column {
    boolean[] nulls = new boolean[1024];
    boolean anyNull;
    int size;

    int slot(Object value) {
      if (size == nulls.length) {
        nulls = Arrays.copyOf(nulls, size * 2);
        grow(size * 2);
      }
      if (value == null) {
        nulls[size] = true;
        anyNull = true;
      }
      return size++;
    }

    abstract void grow(int capacity);

    Optional<boolean[]> nullsOf(int rows) {
      return anyNull ? Optional.of(Arrays.copyOf(nulls, rows)) : Optional.empty();
    }
  }

  private static final class Longs extends Primitive {
    private final DataType type;
    private long[] values = new long[1024];

    Longs(DataType type) {
      this.type = type;
    }

    @Override
    void add(Object value) {
      int at = slot(value);
      if (value != null) {
        values[at] = ((Number) value).longValue();
      }
    }

    @Override
    void grow(int capacity) {
      values = Arrays.copyOf(values, capacity);
    }

    @Override
    ColumnVector build(int rows) {
      return KernelInternals.longs(type, rows, nullsOf(rows), values);
    }

    @Override
    Column fresh() {
      return new Longs(type);
    }
  }

  private static final class Ints extends Primitive {
    private final DataType type;
    private int[] values = new int[1024];

    Ints(DataType type) {
      this.type = type;
    }

    @Override
    void add(Object value) {
      int at = slot(value);
      if (value != null) {
        values[at] = ((Number) value).intValue();
      }
    }

    @Override
    void grow(int capacity) {
      values = Arrays.copyOf(values, capacity);
    }

    @Override
    ColumnVector build(int rows) {
      return KernelInternals.ints(type, rows, nullsOf(rows), values);
    }

    @Override
    Column fresh() {
      return new Ints(type);
    }
  }

  private static final class Doubles extends Primitive {
    private double[] values = new double[1024];

    @Override
    void add(Object value) {
      int at = slot(value);
      if (value != null) {
        values[at] = ((Number) value).doubleValue();
      }
    }

    @Override
    void grow(int capacity) {
      values = Arrays.copyOf(values, capacity);
    }

    @Override
    ColumnVector build(int rows) {
      return KernelInternals.doubles(rows, nullsOf(rows), values);
    }

    @Override
    Column fresh() {
      return new Doubles();
    }
  }

  /** Any other type: the values as objects, nested ones made into Kernel's struct, array and map vectors. */
  private static final class Objects extends Column {
    private final DataType type;
    private final List<Object> values = new ArrayList<>();

    Objects(DataType type) {
      this.type = type;
    }

    @Override
    void add(Object value) {
      values.add(value);
    }

    @Override
    ColumnVector build(int rows) {
      return vector(type, values);
    }

    @Override
    Column fresh() {
      return new Objects(type);
    }
  }

  static ColumnVector vector(DataType type, List<?> values) {
    int n = values.size();
    if (type instanceof StructType struct) {
      ColumnVector[] children = new ColumnVector[struct.length()];
      for (int i = 0; i < children.length; i++) {
        int field = i;
        children[i] = vector(struct.at(i).getDataType(),
            values.stream().map(v -> v == null ? null : ((Object[]) v)[field]).toList());
      }
      return KernelInternals.structs(n, struct, nulls(values), children);
    }
    if (type instanceof ArrayType array) {
      int[] offsets = new int[n + 1];
      List<Object> elements = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (values.get(i) != null) {
          elements.addAll((List<?>) values.get(i));
        }
        offsets[i + 1] = elements.size();
      }
      return KernelInternals.arrays(n, array, nulls(values), offsets, vector(array.getElementType(), elements));
    }
    if (type instanceof MapType map) {
      int[] offsets = new int[n + 1];
      List<Object> keys = new ArrayList<>();
      List<Object> entries = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (values.get(i) != null) {
          ((Map<?, ?>) values.get(i)).forEach((k, v) -> {
            keys.add(k);
            entries.add(v);
          });
        }
        offsets[i + 1] = keys.size();
      }
      return KernelInternals.maps(n, map, nulls(values), offsets, vector(map.getKeyType(), keys),
          vector(map.getValueType(), entries));
    }
    return new ArrayVector(type, n, values.toArray());
  }

  private static Optional<boolean[]> nulls(List<?> values) {
    boolean[] nulls = new boolean[values.size()];
    boolean any = false;
    for (int i = 0; i < nulls.length; i++) {
      nulls[i] = values.get(i) == null;
      any |= nulls[i];
    }
    return any ? Optional.of(nulls) : Optional.empty();
  }
}
