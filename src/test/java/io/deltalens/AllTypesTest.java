package io.deltalens;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.io.api.Binary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every Delta primitive type and the nested ones round-trip through create, copy and register. */
class AllTypesTest {
  static final String SCHEMA = """
      message all {
        optional int32 b (INTEGER(8,true));
        optional int32 s (INTEGER(16,true));
        optional int32 i;
        optional int64 l;
        optional float f;
        optional double d;
        optional boolean bool;
        optional binary str (STRING);
        optional binary bin;
        optional int32 day (DATE);
        optional int64 ts (TIMESTAMP(MICROS,true));
        optional int64 ntz (TIMESTAMP(MICROS,false));
        optional int32 dec5 (DECIMAL(5,2));
        optional int64 dec18 (DECIMAL(18,4));
        optional fixed_len_byte_array(13) dec30 (DECIMAL(30,6));
        optional group point { optional double x; optional double y; }
        optional group tags (LIST) { repeated group list { optional binary element (STRING); } }
        optional group attrs (MAP) { repeated group key_value { required binary key (STRING); optional int32 value; } }
      }""";

  static final long TS1 = micros(Instant.parse("2024-03-01T10:15:30.123456Z"));
  static final long TS2 = micros(Instant.parse("1969-12-31T23:59:59.000001Z"));

  @TempDir Path dir;

  static List<Consumer<Group>> rows() {
    List<Consumer<Group>> rows = new ArrayList<>();
    rows.add(g -> {
      g.append("b", -128).append("s", 32000).append("i", 123456).append("l", 9_000_000_000L)
          .append("f", 1.5f).append("d", -2.25).append("bool", true).append("str", "zebra")
          .append("bin", Binary.fromConstantByteArray(new byte[] {1, 2, (byte) 255}))
          .append("day", (int) LocalDate.parse("2024-02-29").toEpochDay())
          .append("ts", TS1).append("ntz", TS1)
          .append("dec5", 12345).append("dec18", 123_456_789_012_3456L)
          .append("dec30", decimal30(new BigInteger("123456789012345678901234")));
      Group point = g.addGroup("point");
      point.append("x", 1.0).append("y", 2.0);
      Group list = g.addGroup("tags");
      list.addGroup("list").append("element", "a");
      list.addGroup("list").append("element", "b");
      g.addGroup("attrs").addGroup("key_value").append("key", "k").append("value", 7);
    });
    rows.add(g -> g.append("b", 127).append("s", -5).append("i", -1).append("l", -7L)
        .append("f", -0.5f).append("d", 1e300).append("bool", false).append("str", "apple")
        .append("bin", Binary.fromConstantByteArray(new byte[0]))
        .append("day", (int) LocalDate.parse("1900-01-01").toEpochDay())
        .append("ts", TS2).append("ntz", TS2)
        .append("dec5", -99999).append("dec18", -1L).append("dec30", decimal30(BigInteger.valueOf(-5))));
    rows.add(g -> {}); // every column null
    return rows;
  }

  @Test
  void createFromFooterCopyAndRegisterReadBackEveryValue() {
    Path source = ParquetFiles.write(dir.resolve("src/all.parquet"), SCHEMA, rows());
    Path tablePath = dir.resolve("t");
    DeltaTable table = DeltaLens.create(tablePath).schemaFromParquet(source).commit();
    TableSchema schema = table.schema();
    assertEquals("[b, s, i, l, f, d, bool, str, bin, day, ts, ntz, dec5, dec18, dec30, point, tags, attrs]",
        schema.fieldNames().toString());
    assertEquals("[byte, short, integer, long, float, double, boolean, string, binary, date, timestamp, "
        + "timestamp_ntz, decimal(5,2), decimal(18,4), decimal(30,6)]",
        schema.columns().subList(0, 15).stream().map(c -> c.type()).toList().toString());

    table.newAppend().appendFile(source).commit();
    ParquetFiles.write(tablePath.resolve("landed/all.parquet"), SCHEMA, rows());
    table.newAppend().appendFile(tablePath.resolve("landed")).register().commit();

    for (long version : new long[] {1, 2}) {
      Table rows = table.read().version(version).toTable();
      assertEquals(3 * version, rows.rowCount());
      Table first = rows.where(rows.intColumn("i").isEqualTo(123456));
      assertEquals(version, first.rowCount());
      assertEquals("-128", first.getString(0, "b"));
      assertEquals("32000", first.getString(0, "s"));
      assertEquals(9_000_000_000L, first.longColumn("l").get(0));
      assertEquals(1.5f, first.floatColumn("f").get(0));
      assertEquals(-2.25, first.doubleColumn("d").get(0));
      assertEquals(true, first.booleanColumn("bool").get(0));
      assertEquals("zebra", first.stringColumn("str").get(0));
      assertEquals("0x0102ff", first.stringColumn("bin").get(0));
      assertEquals(LocalDate.parse("2024-02-29"), first.dateColumn("day").get(0));
      assertEquals(Instant.parse("2024-03-01T10:15:30.123Z"), first.instantColumn("ts").get(0));
      assertEquals(LocalDateTime.parse("2024-03-01T10:15:30.123"), first.dateTimeColumn("ntz").get(0));
      assertEquals(123.45, first.doubleColumn("dec5").get(0));
      assertEquals("123456789012.3456", first.stringColumn("dec18").get(0)); // > 15 digits: text
      assertEquals("123456789012345678.901234", first.stringColumn("dec30").get(0));
      assertEquals("{\"x\":1.0,\"y\":2.0}", first.stringColumn("point").get(0));
      assertEquals("[\"a\",\"b\"]", first.stringColumn("tags").get(0));
      assertEquals("{\"k\":7}", first.stringColumn("attrs").get(0));

      Table nulls = rows.where(rows.intColumn("i").isMissing());
      assertEquals(version, nulls.rowCount());
      for (int c = 0; c < nulls.columnCount(); c++) {
        assertTrue(nulls.column(c).isMissing(0), "null in column " + nulls.column(c).name());
      }
    }
  }

  @Test
  void registerAndCopyOfTheSameFileGiveEqualStatsThatMatchTheRows() {
    Path tablePath = dir.resolve("t");
    Path file = ParquetFiles.write(tablePath.resolve("in/all.parquet"), SCHEMA, rows());
    DeltaTable table = DeltaLens.create(tablePath).schemaFromParquet(file).commit();
    table.newAppend().appendFile(file).commit();
    table.newAppend().appendFile(file).register().commit();
    JsonNode copied = TableFiles.stats(TableFiles.adds(tablePath, 1).get(0));
    JsonNode registered = TableFiles.stats(TableFiles.adds(tablePath, 2).get(0));
    assertEquals(copied, registered);

    // expected from the rows themselves
    assertEquals(3, registered.get("numRecords").asLong());
    JsonNode min = registered.get("minValues");
    JsonNode max = registered.get("maxValues");
    JsonNode nulls = registered.get("nullCount");
    assertEquals(-128, min.get("b").asInt());
    assertEquals(127, max.get("b").asInt());
    assertEquals(-1, min.get("i").asInt());
    assertEquals(123456, max.get("i").asInt());
    assertEquals(-7, min.get("l").asLong());
    assertEquals(9_000_000_000L, max.get("l").asLong());
    assertEquals(1e300, max.get("d").asDouble());
    assertEquals("apple", min.get("str").asText());
    assertEquals("zebra", max.get("str").asText());
    assertEquals("1900-01-01", min.get("day").asText());
    assertEquals("2024-02-29", max.get("day").asText());
    assertEquals("1969-12-31T23:59:59.000Z", min.get("ts").asText());
    // a timestamp max is rounded up to the millisecond so it still bounds .123456
    assertEquals("2024-03-01T10:15:30.124Z", max.get("ts").asText());
    assertEquals("2024-03-01T10:15:30.124", max.get("ntz").asText());
    assertTrue(!min.has("bool") && !min.has("bin") && !max.has("bool") && !max.has("bin"),
        "no min/max for booleans and binary, as Spark");
    assertTrue(!nulls.has("tags") && !nulls.has("attrs"), "no stats inside arrays and maps");
    assertEquals(new BigDecimal("-999.99"), min.get("dec5").decimalValue());
    assertEquals(new BigDecimal("123.45"), max.get("dec5").decimalValue());
    assertEquals(1.0, max.get("point").get("x").asDouble());
    for (String column : Arrays.asList("b", "s", "i", "l", "f", "d", "bool", "str", "bin", "day", "ts", "ntz")) {
      assertEquals(1, nulls.get(column).asInt(), "nullCount of " + column);
    }
    assertEquals(2, nulls.get("point").get("y").asInt()); // point itself is null in two rows
  }

  static long micros(Instant instant) {
    return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
  }

  static Binary decimal30(BigInteger unscaled) {
    byte[] raw = unscaled.toByteArray();
    byte[] padded = new byte[13];
    byte fill = (byte) (unscaled.signum() < 0 ? 0xFF : 0);
    Arrays.fill(padded, 0, 13 - raw.length, fill);
    System.arraycopy(raw, 0, padded, 13 - raw.length, raw.length);
    return Binary.fromConstantByteArray(padded);
  }
}
