package io.deltalens.internal.frame;

import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
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
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.types.VariantType;
import io.deltalens.internal.kernel.DictionaryVector;
import io.deltalens.internal.kernel.PrimitiveVector;
import io.deltalens.internal.kernel.Utf8Vector;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.columns.booleans.BitSetBooleanData;
import tech.tablesaw.columns.booleans.BooleanColumnType;
import tech.tablesaw.columns.numbers.DoubleColumnType;
import tech.tablesaw.columns.numbers.FloatColumnType;
import tech.tablesaw.columns.numbers.IntColumnType;
import tech.tablesaw.columns.numbers.LongColumnType;
import tech.tablesaw.columns.numbers.ShortColumnType;

/**
 * Builds a Tablesaw table from Kernel batches, one column at a time.
 *
 * <p>Type mapping: boolean → BooleanColumn; byte, short → ShortColumn; int → IntColumn; long →
 * LongColumn; float → FloatColumn; double → DoubleColumn; decimal up to 15 digits → DoubleColumn (exact
 * at that precision), wider decimals → StringColumn (keeps every digit); string → StringColumn; binary →
 * StringColumn of hex; date → DateColumn; timestamp → InstantColumn (UTC); timestamp_ntz →
 * DateTimeColumn (no zone); struct, array, map, variant → StringColumn of JSON. Tablesaw keeps milliseconds, and
 * reads its sentinels (Long.MIN_VALUE, Integer.MIN_VALUE, Short.MIN_VALUE, NaN, "") as missing.
 */
public final class FrameBuilder {
  /**
   * Tablesaw's column types, initialized on one thread before any column is made: {@code ColumnType}'s static
   * fields initialize each type, and each type's class initializes {@code ColumnType} first, so two threads
   * making their first columns of different types (a parallel {@link #build}) each waited for the other.
   */
  private static final ColumnType[] TYPES = ColumnType.values();

  private final List<Appender> appenders = new ArrayList<>();
  private int rows;

  public FrameBuilder(StructType schema) {
    this(schema, false);
  }

  private FrameBuilder(StructType schema, boolean flatten) {
    for (int i = 0; i < schema.length(); i++) {
      StructField field = schema.at(i);
      add(field.getName(), field.getDataType(), new int[] {i}, flatten);
    }
  }

  /**
   * A builder that spreads struct fields over columns named by their path ({@code add.path},
   * {@code add.stats}, ...), for looking inside checkpoints. A null struct makes its fields null.
   */
  public static FrameBuilder flattened(StructType schema) {
    return new FrameBuilder(schema, true);
  }

  private void add(String name, DataType type, int[] path, boolean flatten) {
    if (flatten && type instanceof StructType struct) {
      for (int i = 0; i < struct.length(); i++) {
        int[] child = java.util.Arrays.copyOf(path, path.length + 1);
        child[path.length] = i;
        add(name + "." + struct.at(i).getName(), struct.at(i).getDataType(), child, true);
      }
    } else {
      appenders.add(new Nested(appender(name, type), path));
    }
  }

  /**
   * Sizes every column for about {@code rows} rows before the first append, so that columns are filled in
   * place instead of grown by copying (which holds up to three times a column's size at once). A wrong
   * guess costs only speed: columns grow past it, or are cut to size by {@link #build}.
   */
  public void expect(long rows) {
    if (this.rows == 0 && rows > 0 && rows < Integer.MAX_VALUE) {
      appenders.forEach(a -> a.presize((int) rows));
    }
  }

  /** Number of rows appended so far. */
  public int rowCount() {
    return rows;
  }

  /** Appends the selected rows of {@code batch}, at most {@code maxRows}; returns how many. */
  public int append(FilteredColumnarBatch batch, int maxRows) {
    int[] selected = selectedRows(batch, maxRows);
    ColumnarBatch data = batch.getData();
    appenders.forEach(appender -> appender.append(data, selected));
    rows += selected.length;
    return selected.length;
  }

  /**
   * One Tablesaw column of {@code type} by the same mapping as a read, from values as Kernel's literals
   * hold them (numbers, days for dates, microseconds for timestamps, BigDecimal, String; null for null).
   */
  public static Column<?> column(String name, DataType type, Object[] values) {
    Leaf leaf = appender(name, type);
    int[] rows = java.util.stream.IntStream.range(0, values.length).toArray();
    leaf.append(new io.deltalens.internal.kernel.ArrayVector(type, values.length, values), rows, null);
    return leaf.column();
  }

  /** The table of the rows appended; the builder is spent (each column is handed over once). */
  public Table build(String name) {
    // columns finish independently (booleans packed into bit sets, strings into Tablesaw's dictionaries): on
    // every core, as the read's last step nothing runs beside (Tablesaw's types initialized first: see TYPES)
    List<Column<?>> columns = appenders.parallelStream().<Column<?>>map(Appender::column).toList();
    Table table = Table.create(name);
    columns.forEach(table::addColumns);
    return table;
  }

  private static int[] selectedRows(FilteredColumnarBatch batch, int maxRows) {
    int size = batch.getData().getSize();
    Optional<ColumnVector> selection = batch.getSelectionVector();
    int[] rows = new int[Math.min(size, maxRows)];
    if (selection.isEmpty()) {
      java.util.Arrays.setAll(rows, i -> i);
      return rows;
    }
    int n = 0;
    for (int i = 0; i < size && n < rows.length; i++) {
      if (!selection.get().isNullAt(i) && selection.get().getBoolean(i)) {
        rows[n++] = i;
      }
    }
    return n == rows.length ? rows : java.util.Arrays.copyOf(rows, n);
  }

  /** Appends selected rows of one batch to one Tablesaw column. */
  private interface Appender {
    Column<?> column();

    void presize(int rows);

    void append(ColumnarBatch batch, int[] rows);
  }

  /** The vector at {@code path} (a column, or a field inside structs); null where a struct is null. */
  private record Nested(Leaf leaf, int[] path) implements Appender {
    @Override
    public Column<?> column() {
      return leaf.column();
    }

    @Override
    public void presize(int rows) {
      leaf.presize(rows);
    }

    @Override
    public void append(ColumnarBatch batch, int[] rows) {
      ColumnVector vector = batch.getColumnVector(path[0]);
      if (path.length == 1) {
        leaf.append(vector, rows, null);
        return;
      }
      boolean[] parentNull = new boolean[batch.getSize()];
      for (int depth = 1; depth < path.length; depth++) {
        for (int row : rows) {
          parentNull[row] |= vector.isNullAt(row);
        }
        vector = vector.getChild(path[depth]);
      }
      leaf.append(vector, rows, parentNull);
    }
  }

  /** One Tablesaw column, filled from the rows of vectors; a row is null where its parent struct is. */
  private interface Leaf {
    Column<?> column();

    void presize(int rows);

    void append(ColumnVector vector, int[] rows, boolean[] parentNull);
  }

  /**
   * A column kept in Tablesaw's storage form — a primitive array, missing values as Tablesaw's sentinels,
   * dates and times packed — while it fills, and wrapped into its Tablesaw column once, at the end. Rows of
   * a {@link PrimitiveVector} are converted from its array in one loop ({@link #copy}); other vectors (Kernel's
   * own, partition values, computed columns) value by value ({@link #set}).
   */
  private abstract static class ArrayLeaf implements Leaf {
    protected final String name;
    protected Object values;
    protected int size;

    ArrayLeaf(String name, Object empty) {
      this.name = name;
      this.values = empty;
    }

    @Override
    public void presize(int rows) {
      if (size == 0) {
        resize(rows);
      }
    }

    /** The array at {@code length} slots, the values so far kept. */
    private void resize(int length) {
      Object resized = Array.newInstance(values.getClass().getComponentType(), length);
      System.arraycopy(values, 0, resized, 0, Math.min(size, length));
      values = resized;
    }

    @Override
    public void append(ColumnVector vector, int[] rows, boolean[] parentNull) {
      int length = Array.getLength(values);
      if (size + rows.length > length) {
        resize(Math.max(size + rows.length, length * 3 / 2 + 16));
      }
      boolean whole = vector instanceof PrimitiveVector && rows.length > 0
          && rows[rows.length - 1] - rows[0] == rows.length - 1; // rows are ascending: a contiguous run
      if (whole) {
        copy(((PrimitiveVector) vector).values(), rows[0], rows.length, size);
        if (parentNull == null && !((PrimitiveVector) vector).hasNulls()) {
          size += rows.length;
          return;
        }
      }
      for (int i = 0; i < rows.length; i++) {
        int row = rows[i];
        if (vector.isNullAt(row) || (parentNull != null && parentNull[row])) {
          missing(size + i);
        } else if (!whole) {
          set(size + i, vector, row);
        }
      }
      size += rows.length;
    }

    /** Converts {@code n} values of a vector's array from {@code from} into slots from {@code at}. */
    abstract void copy(Object source, int from, int n, int at);

    abstract void set(int at, ColumnVector vector, int row);

    abstract void missing(int at);

    /** The Tablesaw column over {@code values}, all {@code size} of them: the array itself, not a copy. */
    abstract Column<?> wrap();

    /** The column, once: it holds the array from here on (trimmed to the values first if it is longer). */
    @Override
    public Column<?> column() {
      if (Array.getLength(values) != size) {
        resize(size);
      }
      Column<?> column = wrap();
      size = 0;
      resize(0);
      return column;
    }
  }

  /** boolean: bytes (1, 0, Tablesaw's missing), kept as its three bit sets. */
  private static final class Booleans extends ArrayLeaf {
    Booleans(String name) {
      super(name, new byte[0]);
    }

    @Override
    void copy(Object source, int from, int n, int at) {
      boolean[] in = (boolean[]) source;
      byte[] out = (byte[]) values;
      for (int i = 0; i < n; i++) {
        out[at + i] = in[from + i] ? BooleanColumnType.BYTE_TRUE : BooleanColumnType.BYTE_FALSE;
      }
    }

    @Override
    void set(int at, ColumnVector vector, int row) {
      ((byte[]) values)[at] = vector.getBoolean(row) ? BooleanColumnType.BYTE_TRUE : BooleanColumnType.BYTE_FALSE;
    }

    @Override
    void missing(int at) {
      ((byte[]) values)[at] = BooleanColumnType.MISSING_VALUE;
    }

    @Override
    Column<?> wrap() {
      long[] trues = new long[(size + 63) / 64];
      long[] falses = new long[trues.length];
      long[] missing = new long[trues.length];
      byte[] in = (byte[]) values;
      for (int word = 0; word < trues.length; word++) {
        long t = 0;
        long f = 0;
        for (int i = word << 6, bit = 0; i < size && bit < 64; i++, bit++) {
          t |= (in[i] == BooleanColumnType.BYTE_TRUE ? 1L : 0L) << bit;
          f |= (in[i] == BooleanColumnType.BYTE_FALSE ? 1L : 0L) << bit;
        }
        int bits = Math.min(64, size - (word << 6));
        trues[word] = t;
        falses[word] = f;
        missing[word] = ~(t | f) & (bits == 64 ? -1L : (1L << bits) - 1);
      }
      return new BooleanColumn(name,
          new BitSetBooleanData(BitSet.valueOf(trues), BitSet.valueOf(falses), BitSet.valueOf(missing)));
    }
  }

  /** byte and short: shorts. */
  private static final class Shorts extends ArrayLeaf {
    Shorts(String name) {
      super(name, new short[0]);
    }

    @Override
    void copy(Object source, int from, int n, int at) {
      short[] out = (short[]) values;
      if (source instanceof byte[] in) {
        for (int i = 0; i < n; i++) {
          out[at + i] = in[from + i];
        }
      } else {
        System.arraycopy(source, from, out, at, n);
      }
    }

    @Override
    void set(int at, ColumnVector vector, int row) {
      ((short[]) values)[at] = vector.getDataType() instanceof ByteType ? vector.getByte(row) : vector.getShort(row);
    }

    @Override
    void missing(int at) {
      ((short[]) values)[at] = ShortColumnType.missingValueIndicator();
    }

    @Override
    Column<?> wrap() {
      return ColumnsOver.shorts(name, (short[]) values);
    }
  }

  /** int, or date as Tablesaw's packed dates. */
  private static final class Ints extends ArrayLeaf {
    private final Packed dates;

    Ints(String name, boolean date) {
      super(name, new int[0]);
      this.dates = date ? new Packed() : null;
    }

    @Override
    void copy(Object source, int from, int n, int at) {
      int[] in = (int[]) source;
      int[] out = (int[]) values;
      if (dates == null) {
        System.arraycopy(in, from, out, at, n);
        return;
      }
      for (int i = 0; i < n; i++) {
        out[at + i] = dates.date(in[from + i]);
      }
    }

    @Override
    void set(int at, ColumnVector vector, int row) {
      ((int[]) values)[at] = dates == null ? vector.getInt(row) : dates.date(vector.getInt(row));
    }

    @Override
    void missing(int at) {
      ((int[]) values)[at] = IntColumnType.missingValueIndicator();
    }

    @Override
    Column<?> wrap() {
      return dates == null ? ColumnsOver.ints(name, (int[]) values) : ColumnsOver.dates(name, (int[]) values);
    }
  }

  /** long, or timestamp (UTC instants) and timestamp_ntz (date-times) as Tablesaw's packed date-times. */
  private static final class Longs extends ArrayLeaf {
    private final DataType type;
    private final Packed times;

    Longs(String name, DataType type) {
      super(name, new long[0]);
      this.type = type;
      this.times = type instanceof LongType ? null : new Packed();
    }

    @Override
    void copy(Object source, int from, int n, int at) {
      long[] in = (long[]) source;
      long[] out = (long[]) values;
      if (times == null) {
        System.arraycopy(in, from, out, at, n);
        return;
      }
      for (int i = 0; i < n; i++) {
        out[at + i] = times.dateTime(in[from + i]);
      }
    }

    @Override
    void set(int at, ColumnVector vector, int row) {
      ((long[]) values)[at] = times == null ? vector.getLong(row) : times.dateTime(vector.getLong(row));
    }

    @Override
    void missing(int at) {
      ((long[]) values)[at] = LongColumnType.missingValueIndicator();
    }

    @Override
    Column<?> wrap() {
      long[] in = (long[]) values;
      if (type instanceof TimestampType) {
        return ColumnsOver.instants(name, in);
      }
      return type instanceof TimestampNTZType ? ColumnsOver.dateTimes(name, in) : ColumnsOver.longs(name, in);
    }
  }

  /** float. */
  private static final class Floats extends ArrayLeaf {
    Floats(String name) {
      super(name, new float[0]);
    }

    @Override
    void copy(Object source, int from, int n, int at) {
      System.arraycopy(source, from, values, at, n);
    }

    @Override
    void set(int at, ColumnVector vector, int row) {
      ((float[]) values)[at] = vector.getFloat(row);
    }

    @Override
    void missing(int at) {
      ((float[]) values)[at] = FloatColumnType.missingValueIndicator();
    }

    @Override
    Column<?> wrap() {
      return ColumnsOver.floats(name, (float[]) values);
    }
  }

  /**
   * double, or a decimal of up to 15 digits (exact as a double): from unscaled longs, divided by the power
   * of ten of the scale (both exact doubles, so the quotient is the correctly rounded value, as
   * {@code BigDecimal.doubleValue} gives).
   */
  private static final class Doubles extends ArrayLeaf {
    private final double scale;

    Doubles(String name, DataType type) {
      super(name, new double[0]);
      this.scale = type instanceof DecimalType d ? Math.pow(10, d.getScale()) : 0;
    }

    @Override
    void copy(Object source, int from, int n, int at) {
      double[] out = (double[]) values;
      if (source instanceof long[] unscaled) {
        for (int i = 0; i < n; i++) {
          out[at + i] = unscaled[from + i] / scale;
        }
      } else {
        System.arraycopy(source, from, out, at, n);
      }
    }

    @Override
    void set(int at, ColumnVector vector, int row) {
      ((double[]) values)[at] = scale == 0 ? vector.getDouble(row) : vector.getDecimal(row).doubleValue();
    }

    @Override
    void missing(int at) {
      ((double[]) values)[at] = DoubleColumnType.missingValueIndicator();
    }

    @Override
    Column<?> wrap() {
      return ColumnsOver.doubles(name, (double[]) values);
    }
  }

  /**
   * A string column, kept as a code per row into its own distinct values ({@link TextCodes}) until
   * {@link StringColumns} makes Tablesaw's dictionary of them. Strings read from a parquet dictionary
   * ({@link DictionaryVector}) are looked up once per dictionary entry; PLAIN ones ({@link Utf8Vector}) by
   * their bytes, once per row; other values, and other types shown as text, are encoded first.
   */
  private static final class Strings implements Leaf {
    private final String name;
    private final Text text;
    private final TextCodes distinct = new TextCodes();
    private int[] counts = new int[16];
    private int[] codes = new int[0];
    private int size;
    private Utf8Vector lastDictionary;
    private int[] lastCodes;

    Strings(String name, Text text) {
      this.name = name;
      this.text = text;
    }

    @Override
    public void presize(int rows) {
      if (size == 0) {
        codes = new int[rows];
      }
    }

    @Override
    public void append(ColumnVector vector, int[] rows, boolean[] parentNull) {
      if (size + rows.length > codes.length) {
        codes = java.util.Arrays.copyOf(codes, Math.max(size + rows.length, codes.length * 3 / 2 + 16));
      }
      if (vector instanceof DictionaryVector d) {
        int[] dictionaryCodes = codes(d.dictionary());
        for (int row : rows) {
          boolean missing = d.isNullAt(row) || (parentNull != null && parentNull[row]);
          add(missing ? -1 : dictionaryCodes[d.id(row)]);
        }
        return;
      }
      if (vector instanceof Utf8Vector utf8) {
        for (int code : codesOf(utf8, rows, parentNull)) {
          add(code);
        }
        return;
      }
      String[] values = new String[rows.length];
      for (int i = 0; i < rows.length; i++) {
        int row = rows[i];
        boolean missing = vector.isNullAt(row) || (parentNull != null && parentNull[row]);
        values[i] = missing ? null : text.apply(vector, row);
      }
      for (int code : codesOf(Utf8Vector.of(values))) {
        add(code);
      }
    }

    private void add(int code) {
      if (code >= 0) {
        counts[code]++;
      }
      codes[size++] = code;
    }

    /** The code of each value of a parquet dictionary (the same vector for a column chunk's batches). */
    private int[] codes(Utf8Vector dictionary) {
      if (dictionary != lastDictionary) {
        lastCodes = codesOf(dictionary);
        lastDictionary = dictionary;
      }
      return lastCodes;
    }

    /** The code of each of {@code values}. */
    private int[] codesOf(Utf8Vector values) {
      return codesOf(values, java.util.stream.IntStream.range(0, values.getSize()).toArray(), null);
    }

    /**
     * The code of each of {@code rows} of {@code values}. Values are first looked up on every core, a slice
     * each (lookups only read the table), then the new ones are numbered in order, as one by one.
     */
    private int[] codesOf(Utf8Vector values, int[] rows, boolean[] parentNull) {
      int[] found = new int[rows.length];
      for (int i = 0; i < rows.length; i++) {
        int row = rows[i];
        boolean missing = values.isNullAt(row) || values.length(row) == 0 || (parentNull != null && parentNull[row]);
        found[i] = missing ? TextCodes.SKIP : 0;
      }
      int slices = (rows.length + SLICE - 1) / SLICE;
      var all = java.util.stream.IntStream.range(0, slices);
      (slices > 1 ? all.parallel() : all)
          .forEach(s -> distinct.find(values, rows, s * SLICE, Math.min(rows.length, (s + 1) * SLICE), found));
      byte[] bytes = values.bytes();
      for (int i = 0; i < rows.length; i++) {
        if (found[i] == TextCodes.NEW) {
          found[i] = distinct.add(bytes, values.start(rows[i]), values.length(rows[i]));
          if (found[i] == counts.length) {
            counts = java.util.Arrays.copyOf(counts, counts.length * 2);
          }
        }
      }
      return found;
    }

    /** Values looked up by one task. */
    private static final int SLICE = 4096;

    /** The column, once (the codes are let go of). */
    @Override
    public Column<?> column() {
      Column<?> column = StringColumns.of(name, distinct.values(), codes, size, counts);
      codes = new int[0];
      size = 0;
      return column;
    }
  }

  private static Leaf appender(String name, DataType type) {
    if (type instanceof BooleanType) {
      return new Booleans(name);
    } else if (type instanceof ByteType || type instanceof ShortType) {
      return new Shorts(name);
    } else if (type instanceof IntegerType || type instanceof DateType) {
      return new Ints(name, type instanceof DateType);
    } else if (type instanceof LongType || type instanceof TimestampType || type instanceof TimestampNTZType) {
      return new Longs(name, type);
    } else if (type instanceof FloatType) {
      return new Floats(name);
    } else if (type instanceof DoubleType || (type instanceof DecimalType d && d.getPrecision() <= 15)) {
      return new Doubles(name, type);
    } else if (type instanceof DecimalType) {
      return strings(name, (v, r) -> v.getDecimal(r).toPlainString());
    } else if (type instanceof StringType || type instanceof VariantType) {
      return strings(name, ColumnVector::getString); // the engine reads a variant as its JSON text
    } else if (type instanceof BinaryType) {
      return strings(name, (v, r) -> ValueText.hex(v.getBinary(r)));
    }
    return strings(name, (v, r) -> ValueText.json(v, r, type));
  }

  /** A value shown as text (an int row, not a boxed one: this runs once per row). */
  @FunctionalInterface
  private interface Text {
    String apply(ColumnVector vector, int row);
  }

  private static Leaf strings(String name, Text text) {
    return new Strings(name, text);
  }
}
