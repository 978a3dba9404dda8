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

  private static String text(Column<?> column) {
    return java.util.stream.IntStream.range(0, column.size()).mapToObj(column::getString)
        .collect(Collectors.joining(", "));
  }
}
