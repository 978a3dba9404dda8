package io.deltalens.internal.parquet;

import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.MapType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.deltalens.internal.kernel.ArrayVector;
import io.deltalens.internal.kernel.KernelInternals;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Reads one requested field of a parquet file, a row group at a time, as Kernel vectors: a primitive
 * column through its {@link ColumnCursor}; a struct from its fields' readers, null where the definition
 * levels of its first column say so; a map or list of primitives from its columns' repetition and
 * definition levels; a field the file lacks as nulls, as Kernel's reader gives it. {@link #of} builds a
 * field's reader, or none where a type or layout is not one of these (lists or maps of structs, lists of
 * lists, legacy two-level lists, pairs of types {@link ColumnSink} has no sink for): Kernel's reader then
 * reads the file, with its own checks and errors.
 */
abstract class FieldReader {
  /** Starts a row group. */
  abstract void rowGroup(PageReadStore pages);

  /** Lets go of the row group's pages, before the next one is read: one row group in the heap at a time. */
  abstract void endRowGroup();

  /** The next {@code rows} values. */
  abstract ColumnVector read(int rows);

  /**
   * The definition level of each row of the last batch (a repeated field's: that of the row's first entry),
   * which tells whether the struct it is the first field of is null; null where all are at their maximum.
   */
  abstract int[] levels();

  /** Asks this field to keep its {@link #levels}: it tells its struct's nulls (a primitive's cost a copy a batch). */
  void keepLevels() {}

  /** The part of the file's schema this reader reads, pruned to the fields asked for; empty where the file lacks it. */
  abstract Optional<Type> requested();

  /**
   * The reader of a field of Kernel type {@code type} stored in the file as {@code column} (null: the file
   * lacks it), which sits at {@code path} of {@code file}.
   */
  static Optional<FieldReader> of(DataType type, Type column, MessageType file, String[] path) {
    if (column == null) {
      return Optional.of(new Missing(type));
    }
    if (column.isRepetition(Type.Repetition.REPEATED)) {
      return Optional.empty();
    }
    if (column.isPrimitive()) {
      return ColumnSink.of(type, column.asPrimitiveType())
          .map(sink -> new Primitive(file.getColumnDescription(path), sink));
    }
    GroupType group = column.asGroupType();
    if (type instanceof StructType struct && group.getLogicalTypeAnnotation() == null) {
      return Struct.of(struct, group, file, path);
    } else if (type instanceof MapType map
        && group.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation) {
      return Repeated.of(type, List.of(map.getKeyType(), map.getValueType()), group, file, path);
    } else if (type instanceof ArrayType array
        && group.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation
        && group.getFieldCount() == 1 && group.getType(0).getName().equals("list")) {
      return Repeated.of(type, List.of(array.getElementType()), group, file, path);
    }
    return Optional.empty();
  }

  /** The field of {@code group} for {@code field}: by field id, then by name (exact, then in any case). */
  static Optional<Type> fileColumn(GroupType group, StructField field) {
    if (field.isMetadataColumn()) {
      return Optional.empty();
    }
    Long id = field.getMetadata().getLong(KernelInternals.PARQUET_FIELD_ID_KEY);
    return group.getFields().stream()
        .filter(t -> id != null && t.getId() != null && t.getId().intValue() == id)
        .findFirst()
        .or(() -> group.getFields().stream().filter(t -> t.getName().equals(field.getName())).findFirst())
        .or(() -> group.getFields().stream()
            .filter(t -> t.getName().equalsIgnoreCase(field.getName())).findFirst());
  }

  /** Which of {@code rows} rows are null at {@code level}, by their definition {@code levels}; empty where none. */
  private static Optional<boolean[]> nullsBelow(int[] levels, int rows, int level) {
    boolean[] nulls = null;
    for (int r = 0; levels != null && r < rows; r++) {
      if (levels[r] < level) {
        if (nulls == null) {
          nulls = new boolean[rows];
        }
        nulls[r] = true;
      }
    }
    return Optional.ofNullable(nulls);
  }

  private static String[] child(String[] path, String name) {
    String[] child = Arrays.copyOf(path, path.length + 1);
    child[path.length] = name;
    return child;
  }

  /** A primitive column, outside any repeated group. */
  private static final class Primitive extends FieldReader {
    private final ColumnDescriptor descriptor;
    private final ColumnSink sink;
    private boolean keepsLevels;
    private ColumnCursor cursor;

    Primitive(ColumnDescriptor descriptor, ColumnSink sink) {
      this.descriptor = descriptor;
      this.sink = sink;
    }

    @Override
    void keepLevels() {
      keepsLevels = true;
    }

    @Override
    void rowGroup(PageReadStore pages) {
      cursor = new ColumnCursor(descriptor, pages.getPageReader(descriptor), sink, keepsLevels);
    }

    @Override
    void endRowGroup() {
      cursor = null;
    }

    @Override
    ColumnVector read(int rows) {
      return cursor.read(rows);
    }

    @Override
    int[] levels() {
      return cursor.levels();
    }

    @Override
    Optional<Type> requested() {
      return Optional.of(descriptor.getPrimitiveType());
    }
  }

  /** A field the file does not have: nulls (a struct's fields nulls too, for a consumer that looks at them). */
  private static final class Missing extends FieldReader {
    private final DataType type;

    Missing(DataType type) {
      this.type = type;
    }

    @Override
    void rowGroup(PageReadStore pages) {}

    @Override
    void endRowGroup() {}

    @Override
    ColumnVector read(int rows) {
      return nulls(type, rows);
    }

    private static ColumnVector nulls(DataType type, int rows) {
      if (type instanceof StructType struct) {
        boolean[] all = new boolean[rows];
        Arrays.fill(all, true);
        return KernelInternals.structs(rows, struct, Optional.of(all),
            struct.fields().stream().map(f -> nulls(f.getDataType(), rows)).toArray(ColumnVector[]::new));
      }
      return new ArrayVector(type, rows, new Object[rows]);
    }

    @Override
    int[] levels() {
      throw new UnsupportedOperationException("a missing field has no levels");
    }

    @Override
    Optional<Type> requested() {
      return Optional.empty();
    }
  }

  /** A struct: its fields' vectors, null where its first column (of those the file has) is not defined to its level. */
  private static final class Struct extends FieldReader {
    private final StructType type;
    private final GroupType group;
    private final FieldReader[] fields;
    /** The first field the file has: its levels are the struct's. */
    private final FieldReader first;
    private final int level;
    private int[] levels;

    private Struct(StructType type, GroupType group, FieldReader[] fields, FieldReader first, int level) {
      this.type = type;
      this.group = group;
      this.fields = fields;
      this.first = first;
      this.level = level;
    }

    static Optional<FieldReader> of(StructType type, GroupType group, MessageType file, String[] path) {
      FieldReader[] fields = new FieldReader[type.length()];
      FieldReader first = null;
      for (int i = 0; i < fields.length; i++) {
        StructField field = type.at(i);
        Optional<Type> column = fileColumn(group, field);
        Optional<FieldReader> reader = of(field.getDataType(), column.orElse(null), file,
            child(path, column.map(Type::getName).orElse(field.getName())));
        if (reader.isEmpty()) {
          return Optional.empty();
        }
        fields[i] = reader.get();
        if (first == null && column.isPresent()) {
          first = fields[i];
        }
      }
      if (first == null) {
        return Optional.empty(); // none of its fields in the file: nothing tells which rows are null
      }
      first.keepLevels();
      return Optional.of(new Struct(type, group, fields, first, file.getMaxDefinitionLevel(path)));
    }

    @Override
    void rowGroup(PageReadStore pages) {
      for (FieldReader field : fields) {
        field.rowGroup(pages);
      }
    }

    @Override
    void endRowGroup() {
      for (FieldReader field : fields) {
        field.endRowGroup();
      }
    }

    @Override
    ColumnVector read(int rows) {
      ColumnVector[] vectors = new ColumnVector[fields.length];
      IntStream.range(0, fields.length).parallel().forEach(i -> vectors[i] = fields[i].read(rows));
      levels = first.levels();
      return KernelInternals.structs(rows, type, nullsBelow(levels, rows, level), vectors);
    }

    @Override
    void keepLevels() {
      first.keepLevels();
    }

    @Override
    int[] levels() {
      return levels;
    }

    @Override
    Optional<Type> requested() {
      Map<String, Type> asked = new HashMap<>();
      for (FieldReader field : fields) {
        field.requested().ifPresent(t -> asked.put(t.getName(), t));
      }
      // those asked for, in the file's order
      return Optional.of(group.withNewFields(group.getFields().stream().map(f -> asked.get(f.getName()))
          .filter(Objects::nonNull).toList()));
    }
  }

  /**
   * A map (keys and values) or a list (elements) of primitives. A row group's entries are read at once, then
   * handed out a batch of rows at a time: where a batch ends is known only from the repetition levels.
   */
  private static final class Repeated extends FieldReader {
    private final DataType type;
    private final GroupType group;
    private final ColumnDescriptor[] columns;
    private final ColumnSink[] sinks;
    /** The definition level of a non-null map or list, and of one with an entry. */
    private final int level;
    private final int entryLevel;
    private PageReadStore pages;
    private ColumnVector[] elements;
    private int[] offsets;
    private int[] rowLevels;
    private int row;
    private int[] levels;

    private Repeated(DataType type, GroupType group, ColumnDescriptor[] columns, ColumnSink[] sinks, int level,
        int entryLevel) {
      this.type = type;
      this.group = group;
      this.columns = columns;
      this.sinks = sinks;
      this.level = level;
      this.entryLevel = entryLevel;
    }

    /** {@code group}'s one repeated group holds a primitive column per type of {@code types}, in order. */
    static Optional<FieldReader> of(DataType type, List<DataType> types, GroupType group, MessageType file,
        String[] path) {
      if (group.getFieldCount() != 1 || group.getType(0).isPrimitive()
          || !group.getType(0).isRepetition(Type.Repetition.REPEATED)) {
        return Optional.empty();
      }
      GroupType entry = group.getType(0).asGroupType();
      if (entry.getFieldCount() != types.size()) {
        return Optional.empty();
      }
      ColumnDescriptor[] columns = new ColumnDescriptor[types.size()];
      ColumnSink[] sinks = new ColumnSink[types.size()];
      for (int i = 0; i < columns.length; i++) {
        Type column = entry.getType(i);
        if (!column.isPrimitive() || column.isRepetition(Type.Repetition.REPEATED)) {
          return Optional.empty();
        }
        Optional<ColumnSink> sink = ColumnSink.of(types.get(i), column.asPrimitiveType());
        if (sink.isEmpty()) {
          return Optional.empty();
        }
        sinks[i] = sink.get();
        columns[i] = file.getColumnDescription(child(child(path, entry.getName()), column.getName()));
      }
      if (columns[0].getMaxRepetitionLevel() != 1) {
        return Optional.empty(); // inside another list or map
      }
      return Optional.of(new Repeated(type, group, columns, sinks, file.getMaxDefinitionLevel(path),
          file.getMaxDefinitionLevel(child(path, entry.getName()))));
    }

    @Override
    void rowGroup(PageReadStore pages) {
      this.pages = pages;
      this.row = 0;
    }

    @Override
    void endRowGroup() {
      pages = null;
      elements = null;
      offsets = null;
      rowLevels = null;
    }

    /** The row group's entries: each column's elements, and where each row's start. */
    private void readGroup() {
      int rows = (int) pages.getRowCount();
      PageReader[] readers = new PageReader[columns.length];
      Arrays.setAll(readers, i -> pages.getPageReader(columns[i]));
      int entries = Math.toIntExact(readers[0].getTotalValueCount());
      int[] repetitions = new int[entries];
      int[] definitions = new int[entries];
      elements = new ColumnVector[columns.length];
      for (int i = 0; i < columns.length; i++) {
        ColumnCursor cursor = new ColumnCursor(columns[i], readers[i], sinks[i], false);
        elements[i] = i == 0 ? cursor.readEntries(entries, entryLevel, repetitions, definitions)
            : cursor.readEntries(entries, entryLevel, null, null);
      }
      offsets = new int[rows + 1];
      rowLevels = new int[rows];
      int at = -1;
      int count = 0;
      for (int e = 0; e < entries; e++) {
        if (repetitions[e] == 0) {
          offsets[++at] = count;
          rowLevels[at] = definitions[e];
        }
        if (definitions[e] >= entryLevel) {
          count++;
        }
      }
      if (at != rows - 1) {
        throw new IllegalStateException(
            "column " + columns[0] + " has " + (at + 1) + " rows in a row group of " + rows);
      }
      offsets[rows] = count;
    }

    @Override
    ColumnVector read(int rows) {
      if (elements == null) {
        readGroup();
      }
      levels = Arrays.copyOfRange(rowLevels, row, row + rows);
      Optional<boolean[]> nulls = nullsBelow(levels, rows, level);
      int[] batchOffsets = Arrays.copyOfRange(offsets, row, row + rows + 1);
      row += rows;
      return elements.length == 2
          ? KernelInternals.maps(rows, type, nulls, batchOffsets, elements[0], elements[1])
          : KernelInternals.arrays(rows, type, nulls, batchOffsets, elements[0]);
    }

    @Override
    int[] levels() {
      return levels;
    }

    @Override
    Optional<Type> requested() {
      return Optional.of(group);
    }
  }
}
