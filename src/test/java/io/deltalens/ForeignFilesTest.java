package io.deltalens;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.parquet.io.api.Binary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parquet files other writers make: delta-rs' local-time timestamps, Spark's INT96, no statistics. */
class ForeignFilesTest {
  @TempDir Path dir;

  static final Instant T1 = Instant.parse("2024-03-01T10:15:30.123456Z");
  static final Instant T2 = Instant.parse("2024-03-02T23:59:59.999999Z");

  static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
  }

  DeltaTable table() {
    return DeltaLens.create(dir.resolve("t")).schema("id long, ts timestamp").commit();
  }

  List<Instant> times(DeltaTable table) {
    return table.toTable().instantColumn("ts").asList();
  }

  JsonNode lastStats(DeltaTable table) {
    List<JsonNode> adds = TableFiles.adds(table.path(), table.version());
    return TableFiles.stats(adds.get(adds.size() - 1));
  }

  @Test
  void timestampsNotAdjustedToUtcReadAsUtcInstants() {
    DeltaTable table = table();
    String schema = "message m { optional int64 id; optional int64 ts (TIMESTAMP(MICROS,false)); }";
    Path file = ParquetFiles.write(dir.resolve("local.parquet"), schema,
        List.of(g -> g.append("id", 1L).append("ts", micros(T1)), g -> g.append("id", 2L).append("ts", micros(T2))));
    table.newAppend().appendFile(file).commit();
    ParquetFiles.write(table.path().resolve("landed.parquet"), schema,
        List.of(g -> g.append("id", 3L).append("ts", micros(T1))));
    table.newAppend().appendFile(table.path().resolve("landed.parquet")).register().commit();
    assertEquals("2024-03-01T10:15:30.123Z", lastStats(table).get("minValues").get("ts").asText());
    // Tablesaw keeps milliseconds
    assertEquals(List.of(T1, T2, T1).stream().map(t -> t.toEpochMilli()).toList(),
        times(table).stream().map(Instant::toEpochMilli).toList());
  }

  @Test
  void int96TimestampsAndFilesWithoutStatisticsGetStatisticsFromTheirData() {
    DeltaTable table = table();
    Path int96 = ParquetFiles.write(table.path().resolve("spark.parquet"),
        "message m { optional int64 id; optional int96 ts; }",
        List.of(g -> g.append("id", 1L).append("ts", int96(T2)), g -> g.append("id", 2L).append("ts", int96(T1)),
            g -> g.append("id", 3L)));
    AppendResult result = table.newAppend().appendFile(int96).register().commit();
    assertEquals(List.of("ts"), result.statsFromData());
    JsonNode stats = lastStats(table);
    assertEquals("2024-03-01T10:15:30.123Z", stats.get("minValues").get("ts").asText());
    assertEquals("2024-03-03T00:00:00.000Z", stats.get("maxValues").get("ts").asText(), "max rounded up");
    assertEquals(1, stats.get("nullCount").get("ts").asLong());

    Path bare = ParquetFiles.write(table.path().resolve("bare.parquet"),
        "message m { optional int64 id; optional int64 ts (TIMESTAMP(MICROS,true)); }",
        List.of(g -> g.append("id", 7L).append("ts", micros(T1)), g -> g.append("id", 5L)),
        b -> b.withStatisticsEnabled(false));
    AppendResult second = table.newAppend().appendFile(bare).register().commit();
    assertEquals(List.of("id", "ts"), second.statsFromData());
    JsonNode bareStats = lastStats(table);
    assertEquals(5, bareStats.get("minValues").get("id").asLong());
    assertEquals(7, bareStats.get("maxValues").get("id").asLong());
    assertEquals(0, bareStats.get("nullCount").get("id").asLong());
    assertEquals(1, bareStats.get("nullCount").get("ts").asLong());
    assertTrue(second.toString().contains("statistics of id, ts read from the data"), second.toString());

    Path again = ParquetFiles.write(table.path().resolve("again.parquet"),
        "message m { optional int64 id; optional int96 ts; }", List.of(g -> g.append("id", 9L).append("ts", int96(T1))));
    AppendResult off = table.newAppend().appendFile(again).register().statsFromData(false).commit();
    assertEquals(List.of(), off.statsFromData());
    assertTrue(!lastStats(table).get("minValues").has("ts"), "no statistics when turned off");
    assertEquals(List.of(T2, T1).stream().map(Instant::toEpochMilli).toList(),
        times(table).subList(0, 2).stream().map(Instant::toEpochMilli).toList());
  }

  /** Spark's INT96: nanoseconds of the day, then the Julian day, little-endian. */
  static Binary int96(Instant t) {
    long days = Math.floorDiv(t.getEpochSecond(), 86_400L);
    long nanos = (t.getEpochSecond() - days * 86_400L) * 1_000_000_000L + t.getNano();
    ByteBuffer buffer = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    buffer.putLong(nanos).putInt((int) (days + 2_440_588L));
    return Binary.fromConstantByteArray(buffer.array());
  }
}
