package io.deltalens.internal.kafka;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.MapType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import io.deltalens.internal.kernel.ArrayVector;
import io.deltalens.internal.kernel.KernelInternals;
import io.deltalens.internal.kernel.PrimitiveVector;
import io.deltalens.internal.kernel.Utf8Vector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A batch of rows of one schema, kept column by column until it is written: whole numbers, dates, timestamps
 * and doubles in primitive arrays, struct columns as columns of their fields, other values as objects (see
 * {@link JsonValues} for their forms). A row is added column by column — each column takes the JSON token a
 * parser is at, or a null — then {@linkplain #endRow ended} with the Kafka offset it came from; a row that fails
 * half-way is {@linkplain #truncate taken back}. Counts its rows and about the heap its values take (the parquet
 * file they become is much smaller).
 */
final class RowBuffer {
  private final StructType schema;
  private final Column[] columns;
  private long[] offsets = new long[1024];
  private int rows;

  RowBuffer(StructType schema) {
    this.schema = schema;
    this.columns = new Column[schema.length()];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = Column.of(schema.at(i), schema.at(i).getName());
    }
  }

  /** The column at {@code index} of the schema, to add the current row's value to. */
  Column column(int index) {
    return columns[index];
  }

  /** Ends the row whose columns all took a value: it came from the message at {@code offset}. */
  void endRow(long offset) {
    if (rows == offsets.length) {
      offsets = Arrays.copyOf(offsets, rows * 2);
    }
    offsets[rows++] = offset;
  }

  /** Adds a row of objects (as {@link JsonValues} gives them), one per column, from {@code offset}. */
  void add(Object[] row, long offset) {
    for (int i = 0; i < columns.length; i++) {
      columns[i].put(row[i]);
    }
    endRow(offset);
  }

  /** Takes back what was added after the first {@code keep} rows (a row half-added too). */
  void truncate(int keep) {
    for (Column column : columns) {
      column.truncate(keep);
    }
    rows = keep;
  }

  int rows() {
    return rows;
  }

  /** The offset of the message row {@code row} came from. */
  long offsetAt(int row) {
    return offsets[row];
  }

  /** About the heap the rows take. */
  long bytes() {
    long bytes = 8L * rows;
    for (Column column : columns) {
      bytes += column.bytes;
    }
    return bytes;
  }

  /** Rows {@code [from, rows)} as a batch (copies: the buffer goes on unchanged). */
  ColumnarBatch slice(int from) {
    ColumnVector[] vectors = new ColumnVector[columns.length];
    for (int i = 0; i < columns.length; i++) {
      vectors[i] = columns[i].build(from, rows, false);
    }
    return KernelInternals.batch(rows - from, schema, vectors);
  }

  /** Drops the rows {@code drop} marks (row {@code from + i} by {@code drop[i]}), keeping the others in order. */
  void remove(int from, boolean[] drop) {
    int[] kept = new int[rows];
    int n = 0;
    for (int row = 0; row < rows; row++) {
      if (row < from || !drop[row - from]) {
        kept[n++] = row;
      }
    }
    for (Column column : columns) {
      column.select(kept, n);
    }
    for (int i = 0; i < n; i++) {
      offsets[i] = offsets[kept[i]];
    }
    rows = n;
  }

  /** The first {@code count} rows as one batch of the schema; the rest stay, as the buffer's first rows. */
  ColumnarBatch drain(int count) {
    ColumnVector[] vectors = new ColumnVector[columns.length];
    boolean all = count == rows;
    for (int i = 0; i < columns.length; i++) {
      vectors[i] = columns[i].build(0, count, all); // the arrays themselves when all rows go
    }
    ColumnarBatch batch = KernelInternals.batch(count, schema, vectors);
    if (all) {
      for (int i = 0; i < columns.length; i++) {
        columns[i] = columns[i].fresh();
      }
    } else {
      int[] rest = new int[rows - count];
      Arrays.setAll(rest, i -> count + i);
      for (Column column : columns) {
        column.select(rest, rest.length);
      }
      System.arraycopy(offsets, count, offsets, 0, rows - count);
    }
    rows -= count;
    return batch;
  }

  /**
   * One column's values. {@link #take} adds the value at a parser's token (not a JSON null), {@link #takeNull} a
   * null (refused for a NOT NULL column), {@link #pad} a null without that check (under a null struct, or for a
   * column the table fills itself).
   */
  abstract static class Column {
    final String field; // the name errors give: the column, or struct.field
    final boolean nullable;
    long bytes;
    int size;

    Column(String field, boolean nullable) {
      this.field = field;
      this.nullable = nullable;
    }

    static Column of(StructField column, String field) {
      DataType type = column.getDataType();
      boolean nullable = column.isNullable();
      if (type instanceof LongType || type instanceof TimestampType || type instanceof TimestampNTZType) {
        return new Longs(type, field, nullable);
      } else if (type instanceof IntegerType || type instanceof DateType) {
        return new Ints(type, field, nullable);
      } else if (type instanceof DoubleType) {
        return new Doubles(field, nullable);
      } else if (type instanceof StructType struct) {
        return new Structs(struct, field, nullable);
      } else if (type instanceof StringType) {
        return new Texts(field, nullable);
      }
      return new Objects(type, field, nullable);
    }

    abstract void take(JsonParser p) throws IOException;

    void takeNull() {
      JsonValues.requireNullable(nullable, field);
      pad();
    }

    /** The value at {@code p}, or a null for a JSON null. */
    final void takeOrNull(JsonParser p) throws IOException {
      if (JsonValues.isNull(p)) {
        takeNull();
      } else {
        take(p);
      }
    }

    abstract void pad();

    /** A value as {@link JsonValues#value} gives it (null for none). */
    abstract void put(Object value);

    abstract void truncate(int keep);

    /** Keeps rows {@code rows[0..n)}, in that order. */
    abstract void select(int[] rows, int n);

    /** Rows {@code [from, to)} as a vector; {@code handOver}: the arrays may go to it as they are. */
    abstract ColumnVector build(int from, int to, boolean handOver);

    abstract Column fresh();
  }

  /** Null flags of a primitive column, grown with it. */
  private abstract static class Primitive extends Column {
    boolean[] nulls = new boolean[1024];
    boolean anyNull;

    Primitive(String field, boolean nullable) {
      super(field, nullable);
    }

    /** The slot of the next value. */
    final int slot() {
      if (size == nulls.length) {
        nulls = Arrays.copyOf(nulls, size * 2);
        grow(size * 2);
      }
      bytes += 9; // the value and its flag
      return size++;
    }

    @Override
    void pad() {
      int at = slot();
      nulls[at] = true;
      anyNull = true;
    }

    @Override
    void truncate(int keep) {
      Arrays.fill(nulls, keep, size, false);
      bytes -= 9L * (size - keep);
      size = keep;
    }

    @Override
    void select(int[] rows, int n) {
      for (int i = 0; i < n; i++) {
        nulls[i] = nulls[rows[i]];
        move(rows[i], i);
      }
      Arrays.fill(nulls, n, size, false);
      bytes -= 9L * (size - n);
      size = n;
    }

    abstract void move(int from, int to);

    abstract void grow(int capacity);

    boolean[] nullsOf(int from, int to) {
      return anyNull ? Arrays.copyOfRange(nulls, from, to) : null;
    }
  }

  private static final class Longs extends Primitive {
    private final DataType type;
    private final boolean timestamp;
    private long[] values = new long[1024];

    Longs(DataType type, String field, boolean nullable) {
      super(field, nullable);
      this.type = type;
      this.timestamp = !(type instanceof LongType);
    }

    @Override
    void take(JsonParser p) throws IOException {
      long value = timestamp ? JsonValues.micros(p, type, field)
          : JsonValues.integral(p, type, field, Long.MIN_VALUE, Long.MAX_VALUE);
      int at = slot();
      values[at] = value;
    }

    @Override
    void put(Object value) {
      if (value == null) {
        pad();
      } else {
        int at = slot();
        values[at] = ((Number) value).longValue();
      }
    }

    @Override
    void move(int from, int to) {
      values[to] = values[from];
    }

    @Override
    void grow(int capacity) {
      values = Arrays.copyOf(values, capacity);
    }

    @Override
    ColumnVector build(int from, int to, boolean handOver) {
      return new PrimitiveVector(type, to - from, nullsOf(from, to),
          handOver && from == 0 ? values : Arrays.copyOfRange(values, from, to));
    }

    @Override
    Column fresh() {
      return new Longs(type, field, nullable);
    }
  }

  /** Integers, or dates as days. */
  private static final class Ints extends Primitive {
    private final DataType type;
    private int[] values = new int[1024];

    Ints(DataType type, String field, boolean nullable) {
      super(field, nullable);
      this.type = type;
    }

    @Override
    void take(JsonParser p) throws IOException {
      int value = type instanceof DateType ? JsonValues.days(p, type, field)
          : (int) JsonValues.integral(p, type, field, Integer.MIN_VALUE, Integer.MAX_VALUE);
      int at = slot();
      values[at] = value;
    }

    @Override
    void put(Object value) {
      if (value == null) {
        pad();
      } else {
        int at = slot();
        values[at] = ((Number) value).intValue();
      }
    }

    @Override
    void move(int from, int to) {
      values[to] = values[from];
    }

    @Override
    void grow(int capacity) {
      values = Arrays.copyOf(values, capacity);
    }

    @Override
    ColumnVector build(int from, int to, boolean handOver) {
      return new PrimitiveVector(type, to - from, nullsOf(from, to),
          handOver && from == 0 ? values : Arrays.copyOfRange(values, from, to));
    }

    @Override
    Column fresh() {
      return new Ints(type, field, nullable);
    }
  }

  private static final class Doubles extends Primitive {
    private double[] values = new double[1024];

    Doubles(String field, boolean nullable) {
      super(field, nullable);
    }

    @Override
    void take(JsonParser p) throws IOException {
      double value = JsonValues.real(p, DoubleType.DOUBLE, field);
      int at = slot();
      values[at] = value;
    }

    @Override
    void put(Object value) {
      if (value == null) {
        pad();
      } else {
        int at = slot();
        values[at] = ((Number) value).doubleValue();
      }
    }

    @Override
    void move(int from, int to) {
      values[to] = values[from];
    }

    @Override
    void grow(int capacity) {
      values = Arrays.copyOf(values, capacity);
    }

    @Override
    ColumnVector build(int from, int to, boolean handOver) {
      return new PrimitiveVector(DoubleType.DOUBLE, to - from, nullsOf(from, to),
          handOver && from == 0 ? values : Arrays.copyOfRange(values, from, to));
    }

    @Override
    Column fresh() {
      return new Doubles(field, nullable);
    }
  }

  /** A struct column: a column per field (names match exactly, as a tree's lookup), and its own null flags. */
  static final class Structs extends Primitive {
    private final StructType type;
    private final Column[] fields;
    private final FieldIndex byName;

    Structs(StructType type, String field, boolean nullable) {
      super(field, nullable);
      this.type = type;
      this.fields = new Column[type.length()];
      Map<String, Integer> names = new HashMap<>();
      for (int i = 0; i < fields.length; i++) {
        fields[i] = Column.of(type.at(i), field + "." + type.at(i).getName());
        names.put(type.at(i).getName(), i);
      }
      this.byName = new FieldIndex(names);
    }

    @Override
    void take(JsonParser p) throws IOException {
      if (p.currentToken() != JsonToken.START_OBJECT) {
        put(JsonValues.value(p, type, field)); // not an object: its error
        return;
      }
      int row = size;
      for (int place = 0; p.nextToken() == JsonToken.FIELD_NAME; place++) {
        int at = byName.of(p.currentName(), place);
        p.nextToken();
        if (at < 0) {
          p.skipChildren();
          continue;
        }
        Column column = fields[at];
        if (column.size > row) {
          column.truncate(row); // a name given twice: the last value counts, as in a tree
        }
        column.takeOrNull(p);
      }
      for (Column column : fields) {
        if (column.size == row) {
          column.takeNull();
        }
      }
      slot();
    }

    @Override
    void pad() {
      for (Column column : fields) {
        column.pad();
      }
      super.pad();
    }

    @Override
    void put(Object value) {
      if (value == null) {
        pad();
        return;
      }
      Object[] values = (Object[]) value;
      for (int i = 0; i < fields.length; i++) {
        fields[i].put(values[i]);
      }
      slot();
    }

    @Override
    void truncate(int keep) {
      for (Column column : fields) {
        column.truncate(Math.min(keep, column.size));
      }
      super.truncate(Math.min(keep, size));
    }

    @Override
    void select(int[] rows, int n) {
      for (Column column : fields) {
        column.select(rows, n);
      }
      super.select(rows, n);
    }

    @Override
    void move(int from, int to) {
      // the fields move themselves (select)
    }

    @Override
    void grow(int capacity) {
      // the fields grow themselves
    }

    @Override
    ColumnVector build(int from, int to, boolean handOver) {
      ColumnVector[] children = new ColumnVector[fields.length];
      for (int i = 0; i < fields.length; i++) {
        children[i] = fields[i].build(from, to, handOver);
      }
      return KernelInternals.structs(to - from, type, Optional.ofNullable(nullsOf(from, to)), children);
    }

    @Override
    Column fresh() {
      return new Structs(type, field, nullable);
    }
  }

  /**
   * Strings as their UTF-8 bytes, back to back in one array ({@link Utf8Vector}): a message's string becomes
   * bytes once, with no {@code String} per value to collect, and parquet's writer takes them as they are.
   */
  private static final class Texts extends Primitive {
    private byte[] data = new byte[16 * 1024];
    private int[] ends = new int[1024]; // value i ends at ends[i] (and starts where value i - 1 ends)
    private int used; // bytes of data holding values
    private int cursor; // where select's next kept value goes

    Texts(String field, boolean nullable) {
      super(field, nullable);
    }

    @Override
    void take(JsonParser p) throws IOException {
      if (p.currentToken() != JsonToken.VALUE_STRING) {
        append(JsonValues.string(p)); // a number, a boolean, an object's JSON
        return;
      }
      char[] chars = p.getTextCharacters(); // the parser's own buffer: no String made
      int offset = p.getTextOffset();
      int length = p.getTextLength();
      room(length);
      for (int i = 0; i < length; i++) {
        char c = chars[offset + i];
        if (c >= 0x80) { // not ASCII: the JDK's encoder (surrogate pairs, malformed input as it replaces it)
          append(new String(chars, offset, length));
          return;
        }
        data[used + i] = (byte) c;
      }
      end(length);
    }

    @Override
    void put(Object value) {
      if (value == null) {
        pad();
      } else {
        append(value.toString());
      }
    }

    private void append(String value) {
      byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
      room(utf8.length);
      System.arraycopy(utf8, 0, data, used, utf8.length);
      end(utf8.length);
    }

    private void room(int length) {
      if (used + length > data.length) {
        data = Arrays.copyOf(data, Math.max(data.length * 2, used + length));
      }
    }

    /** Ends the value whose {@code length} bytes were placed at {@code used}. */
    private void end(int length) {
      int at = slot();
      used += length;
      ends[at] = used;
      bytes += 4 + length;
    }

    @Override
    void pad() {
      super.pad();
      ends[size - 1] = used;
      bytes += 4;
    }

    @Override
    void truncate(int keep) {
      int kept = keep == 0 ? 0 : ends[keep - 1];
      bytes -= (used - kept) + 4L * (size - keep);
      used = kept;
      super.truncate(keep);
    }

    @Override
    void select(int[] rows, int n) {
      int before = used;
      int count = size;
      cursor = 0;
      super.select(rows, n);
      used = cursor;
      bytes -= (before - used) + 4L * (count - n);
    }

    /**
     * Moves a kept value down to its place; rows come in ascending order, each at or after its new place, so
     * a value is moved before anything overwrites it (and when {@code from == to}, every earlier row was kept
     * where it was: the end read before it is still its start).
     */
    @Override
    void move(int from, int to) {
      int start = from == 0 ? 0 : ends[from - 1];
      int length = ends[from] - start;
      System.arraycopy(data, start, data, cursor, length);
      cursor += length;
      ends[to] = cursor;
    }

    @Override
    void grow(int capacity) {
      ends = Arrays.copyOf(ends, capacity);
    }

    @Override
    ColumnVector build(int from, int to, boolean handOver) {
      int base = from == 0 ? 0 : ends[from - 1];
      int[] starts = new int[to - from + 1];
      for (int i = from; i < to; i++) {
        starts[i - from + 1] = ends[i] - base;
      }
      int end = to == from ? base : ends[to - 1];
      byte[] values = handOver && from == 0 ? data : Arrays.copyOfRange(data, base, end);
      return new Utf8Vector(to - from, nullsOf(from, to), starts, values);
    }

    @Override
    Column fresh() {
      return new Texts(field, nullable);
    }
  }

  /** Any other type: the values as objects, nested ones made into Kernel's struct, array and map vectors. */
  private static final class Objects extends Column {
    private final DataType type;
    private Object[] values = new Object[1024];

    Objects(DataType type, String field, boolean nullable) {
      super(field, nullable);
      this.type = type;
    }

    @Override
    void take(JsonParser p) throws IOException {
      put(JsonValues.value(p, type, field));
    }

    @Override
    void pad() {
      put(null);
    }

    @Override
    void put(Object value) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
      bytes += size(value);
    }

    @Override
    void truncate(int keep) {
      for (int i = keep; i < size; i++) {
        bytes -= size(values[i]);
        values[i] = null;
      }
      size = keep;
    }

    @Override
    void select(int[] rows, int n) {
      for (int i = 0; i < n; i++) {
        values[i] = values[rows[i]];
      }
      truncate(n);
      bytes = 0;
      for (int i = 0; i < n; i++) {
        bytes += size(values[i]);
      }
    }

    @Override
    ColumnVector build(int from, int to, boolean handOver) {
      return vector(type, Arrays.asList(Arrays.copyOfRange(values, from, to)));
    }

    @Override
    Column fresh() {
      return new Objects(type, field, nullable);
    }
  }

  /** About the heap a value takes held here (object headers included: they are most of a short string's). */
  private static long size(Object value) {
    if (value == null) {
      return 8;
    } else if (value instanceof String s) {
      return 48 + s.length();
    } else if (value instanceof Number || value instanceof Boolean) {
      return 20;
    } else if (value instanceof byte[] b) {
      return 24 + b.length;
    } else if (value instanceof Object[] struct) {
      long size = 24 + 4L * struct.length;
      for (Object field : struct) {
        size += size(field);
      }
      return size;
    } else if (value instanceof List<?> list) {
      long size = 40;
      for (Object element : list) {
        size += size(element);
      }
      return size;
    } else if (value instanceof Map<?, ?> map) {
      long size = 64;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        size += 40 + size(e.getKey()) + size(e.getValue());
      }
      return size;
    }
    return 32;
  }

  /** Values as {@link JsonValues} gives them, as a Kernel vector of {@code type}. */
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
