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
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.IntFunction;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DateTimeColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.ShortColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.columns.datetimes.PackedLocalDateTime;

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
  /** Batches at least this long fill their columns in parallel; below it the hand-off costs more. */
  private static final int PARALLEL_ROWS = 1024;
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
    if (selected.length >= PARALLEL_ROWS) {
      // columns fill independently: spread them over the cores (Kernel's vectors are read-only)
      appenders.parallelStream().forEach(appender -> appender.append(data, selected));
    } else {
      appenders.forEach(appender -> appender.append(data, selected));
    }
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

  public Table build(String name) {
    Table table = Table.create(name);
    appenders.forEach(a -> table.addColumns(a.column()));
    return table;
  }

  private static int[] selectedRows(FilteredColumnarBatch batch, int maxRows) {
    int size = batch.getData().getSize();
    Optional<ColumnVector> selection = batch.getSelectionVector();
    int[] rows = new int[Math.min(size, maxRows)];
    int n = 0;
    for (int i = 0; i < size && n < rows.length; i++) {
      if (selection.isEmpty() || (!selection.get().isNullAt(i) && selection.get().getBoolean(i))) {
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

  /** A primitive-backed column, filled in place: rows past its size are added as missing, then set. */
  private static final class Typed<C extends Column<?>> implements Leaf {
    private final IntFunction<C> create;
    private final RowWriter<C> writer;
    private C column;
    private int size;

    Typed(IntFunction<C> create, RowWriter<C> writer) {
      this.create = create;
      this.writer = writer;
      this.column = create.apply(0);
    }

    @Override
    public void presize(int rows) {
      column = create.apply(rows);
    }

    @Override
    public void append(ColumnVector vector, int[] rows, boolean[] parentNull) {
      for (int row : rows) {
        if (size == column.size()) {
          column.appendMissing();
        }
        if (!vector.isNullAt(row) && (parentNull == null || !parentNull[row])) {
          writer.write(column, size, vector, row);
        }
        size++;
      }
    }

    @Override
    public Column<?> column() {
      return size == column.size() ? column : column.first(size);
    }
  }

  /**
   * A string column, appended to: Tablesaw keeps strings in a dictionary with a count per value, so
   * setting a presized row would count twice and repack the codes as the dictionary grows.
   */
  private record Strings(StringColumn column, BiFunction<ColumnVector, Integer, String> text) implements Leaf {
    @Override
    public void presize(int rows) {}

    @Override
    public void append(ColumnVector vector, int[] rows, boolean[] parentNull) {
      for (int row : rows) {
        boolean isNull = vector.isNullAt(row) || (parentNull != null && parentNull[row]);
        column.append(isNull ? null : text.apply(vector, row));
      }
    }
  }

  @FunctionalInterface
  private interface RowWriter<C> {
    void write(C column, int at, ColumnVector vector, int row);
  }

  private static Leaf appender(String name, DataType type) {
    if (type instanceof BooleanType) {
      return new Typed<>(n -> BooleanColumn.create(name, n), (c, i, v, r) -> c.set(i, v.getBoolean(r)));
    } else if (type instanceof ByteType) {
      return new Typed<>(n -> ShortColumn.create(name, n), (c, i, v, r) -> c.set(i, (short) v.getByte(r)));
    } else if (type instanceof ShortType) {
      return new Typed<>(n -> ShortColumn.create(name, n), (c, i, v, r) -> c.set(i, v.getShort(r)));
    } else if (type instanceof IntegerType) {
      return new Typed<>(n -> IntColumn.create(name, n), (c, i, v, r) -> c.set(i, v.getInt(r)));
    } else if (type instanceof LongType) {
      return new Typed<>(n -> LongColumn.create(name, n), (c, i, v, r) -> c.set(i, v.getLong(r)));
    } else if (type instanceof FloatType) {
      return new Typed<>(n -> FloatColumn.create(name, n), (c, i, v, r) -> c.set(i, v.getFloat(r)));
    } else if (type instanceof DoubleType) {
      return new Typed<>(n -> DoubleColumn.create(name, n), (c, i, v, r) -> c.set(i, v.getDouble(r)));
    } else if (type instanceof DecimalType d && d.getPrecision() <= 15) {
      return new Typed<>(n -> DoubleColumn.create(name, n),
          (c, i, v, r) -> c.set(i, v.getDecimal(r).doubleValue()));
    } else if (type instanceof DecimalType) {
      return strings(name, (v, r) -> v.getDecimal(r).toPlainString());
    } else if (type instanceof StringType) {
      return strings(name, ColumnVector::getString);
    } else if (type instanceof DateType) {
      return new Typed<>(n -> DateColumn.create(name, n),
          (c, i, v, r) -> c.set(i, LocalDate.ofEpochDay(v.getInt(r))));
    } else if (type instanceof TimestampType) {
      return new Typed<>(n -> InstantColumn.create(name, n),
          (c, i, v, r) -> c.set(i, PackedLocalDateTime.pack(dateTime(v.getLong(r)))));
    } else if (type instanceof TimestampNTZType) {
      return new Typed<>(n -> DateTimeColumn.create(name, n), (c, i, v, r) -> c.set(i, dateTime(v.getLong(r))));
    } else if (type instanceof BinaryType) {
      return strings(name, (v, r) -> ValueText.hex(v.getBinary(r)));
    } else if (type instanceof VariantType) {
      return strings(name, ColumnVector::getString); // the engine reads a variant as its JSON text
    }
    return strings(name, (v, r) -> ValueText.json(v, r, type));
  }

  private static Leaf strings(String name, BiFunction<ColumnVector, Integer, String> text) {
    return new Strings(StringColumn.create(name), text);
  }

  /** UTC date and time of {@code micros}; InstantColumn packs instants in this form (without per-value zone rules). */
  private static LocalDateTime dateTime(long micros) {
    return LocalDateTime.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC);
  }
}
