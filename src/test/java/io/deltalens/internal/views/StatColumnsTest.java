package io.deltalens.internal.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FieldMetadata;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.columns.Column;

/** Statistics JSON straight into typed columns: nested and physical names, gaps, and values that do not parse. */
class StatColumnsTest {
  static final StructType SCHEMA = new StructType()
      .add("id", LongType.LONG)
      .add(new StructField("amount", DoubleType.DOUBLE, true,
          FieldMetadata.builder().putString("delta.columnMapping.physicalName", "col-9f").build()))
      .add("day", DateType.DATE)
      .add("user", new StructType().add("age", IntegerType.INTEGER).add("name", StringType.STRING));

  @Test
  void statisticsBecomeTypedColumnsOneRowPerFile() {
    StatColumns.Result result = StatColumns.of(SCHEMA, Arrays.asList(
        "{\"numRecords\":3,\"minValues\":{\"id\":1,\"col-9f\":0.5,\"day\":\"2024-05-01\",\"user\":{\"age\":20,"
            + "\"name\":\"ann\"},\"tags\":[1]},\"maxValues\":{\"id\":9,\"col-9f\":7,\"day\":\"2024-05-03\","
            + "\"user\":{\"age\":40,\"name\":\"bob\"}},\"nullCount\":{\"id\":0,\"col-9f\":1,\"day\":0,"
            + "\"user\":{\"age\":2,\"name\":0}},\"tightBounds\":true}",
        null,
        "not json",
        "{\"minValues\":{\"id\":5},\"nullCount\":{\"id\":null},\"numRecords\":1}"));
    assertEquals(List.of(3L, -1L, -1L, 1L), Arrays.stream(result.numRecords()).boxed().toList());
    List<Column<?>> columns = result.columns();
    assertEquals(List.of("min.id", "max.id", "nulls.id", "min.amount", "max.amount", "nulls.amount", "min.day",
        "max.day", "nulls.day", "min.user.age", "max.user.age", "nulls.user.age", "min.user.name",
        "max.user.name", "nulls.user.name"), columns.stream().map(Column::name).toList(),
        "logical names for physical ones, nested fields dotted, arrays left out");
    assertEquals("1, , , 5", text(columns.get(0)));
    assertTrue(columns.get(0) instanceof LongColumn && columns.get(3) instanceof DoubleColumn
        && columns.get(6) instanceof DateColumn && columns.get(9) instanceof IntColumn
        && columns.get(12) instanceof StringColumn, "typed as the columns are");
    assertEquals(7.0, ((DoubleColumn) columns.get(4)).get(0));
    assertEquals("2024-05-03", columns.get(7).getString(0));
    assertEquals("0, , , ", text(columns.get(2)), "a null count of null is none");
    assertEquals("ann, , , ", text(columns.get(12)));
  }

  @Test
  void aValueThatDoesNotParseMakesItsColumnText() {
    List<Column<?>> columns = StatColumns.of(SCHEMA, List.of(
        "{\"minValues\":{\"id\":1,\"day\":\"2024-05-01\"},\"maxValues\":{\"id\":2,\"day\":\"2024-05-02\"}}",
        "{\"minValues\":{\"id\":3,\"day\":\"sometime\"},\"maxValues\":{\"id\":4,\"day\":\"2024-06-02\"}}"))
        .columns();
    assertEquals(List.of("min.id", "max.id", "nulls.id", "min.day", "max.day", "nulls.day"),
        columns.stream().map(Column::name).toList());
    assertTrue(columns.get(0) instanceof LongColumn);
    assertTrue(columns.get(3) instanceof StringColumn, "min.day holds a value that is no date");
    assertEquals("2024-05-01, sometime", text(columns.get(3)), "every value as the log wrote it");
    assertTrue(columns.get(4) instanceof DateColumn, "max.day is still dates");
  }

  /** Chunks read apart (as the file list reads each batch of the log replay) merge into what one read gives. */
  @Test
  void chunksReadApartMergeAsOneRead() {
    List<String> first = List.of("{\"numRecords\":1,\"minValues\":{\"id\":5},\"nullCount\":{\"id\":0}}");
    List<String> second = List.of(
        "{\"numRecords\":3,\"minValues\":{\"id\":1,\"day\":\"2024-05-01\",\"user\":{\"name\":\"ann\"}},"
            + "\"nullCount\":{\"user\":{\"name\":1},\"id\":0}}", "{\"numRecords\":2}");
    List<String> all = java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
    assertEquals(frame(StatColumns.of(SCHEMA, all)), frame(StatColumns.of(SCHEMA,
        List.of(StatColumns.read(SCHEMA, first), StatColumns.read(SCHEMA, second)), all)));
    assertEquals(List.of("min.id", "max.id", "nulls.id", "min.user.name", "max.user.name", "nulls.user.name",
        "min.day", "max.day", "nulls.day"), StatColumns.of(SCHEMA,
        List.of(StatColumns.read(SCHEMA, first), StatColumns.read(SCHEMA, second)), all).columns().stream()
        .map(Column::name).toList(), "null counts' columns first, in the order the files meet them");

    // a chunk with a value that is not its column's type: all are read again, that column as text
    List<String> odd = List.of("{\"minValues\":{\"id\":3,\"day\":\"sometime\"}}");
    List<String> both = java.util.stream.Stream.concat(second.stream(), odd.stream()).toList();
    StatColumns.Result merged = StatColumns.of(SCHEMA,
        List.of(StatColumns.read(SCHEMA, second), StatColumns.read(SCHEMA, odd)), both);
    assertEquals(frame(StatColumns.of(SCHEMA, both)), frame(merged));
    assertEquals("2024-05-01, , sometime", text(merged.columns().stream()
        .filter(c -> c.name().equals("min.day")).findFirst().orElseThrow()));
  }

  /** Every column's name, type and values, and the row counts, as text. */
  private static String frame(StatColumns.Result result) {
    return Arrays.toString(result.numRecords()) + result.columns().stream()
        .map(c -> c.name() + ":" + c.type() + "=" + text(c)).toList();
  }

  private static String text(Column<?> column) {
    return java.util.stream.IntStream.range(0, column.size()).mapToObj(column::getString)
        .collect(Collectors.joining(", "));
  }
}
