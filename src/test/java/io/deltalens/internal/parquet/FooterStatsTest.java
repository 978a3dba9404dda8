package io.deltalens.internal.parquet;

import io.delta.kernel.expressions.Column;
import io.delta.kernel.statistics.DataFileStatistics;
import io.delta.kernel.types.StructType;
import io.deltalens.ParquetFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FooterStatsTest {
  @TempDir Path dir;

  @Test
  void longStringsAreCutAndTheMaxStillBoundsThem() {
    String longA = "a".repeat(40);
    String longZ = "z".repeat(40) + "tail";
    Path file = ParquetFiles.write(dir.resolve("s.parquet"), "message m { optional binary s (STRING); }",
        List.of(g -> g.append("s", longA), g -> g.append("s", longZ)));
    Footers.Footer footer = Footers.read(file);
    StructType schema = ParquetSchemas.toDelta(footer.metadata().getFileMetaData().getSchema(), file);
    DataFileStatistics stats = FooterStats.of(footer, schema, List.of(new Column("s")));
    String min = (String) stats.getMinValues().get(new Column("s")).getValue();
    String max = (String) stats.getMaxValues().get(new Column("s")).getValue();
    assertEquals("a".repeat(32), min);
    assertTrue(min.compareTo(longA) <= 0);
    assertTrue(max.startsWith("z".repeat(32)) && max.codePointCount(0, max.length()) == 33);
    assertTrue(max.compareTo(longZ) > 0, "the cut max still bounds the value");
  }

  @Test
  void shortStringsAreKept() {
    assertEquals(Optional.of("héllo"), FooterStats.string("héllo", false));
  }

  @Test
  void millisecondTimestampsAndRowGroupsMerge() {
    Path file = ParquetFiles.write(dir.resolve("t.parquet"),
        "message m { optional int64 ts (TIMESTAMP(MILLIS,true)); optional int64 n; }",
        List.of(g -> g.append("ts", 1_000L).append("n", 5L), g -> g.append("n", -3L), g -> g.append("ts", 2_500L)));
    Footers.Footer footer = Footers.read(file);
    StructType schema = ParquetSchemas.toDelta(footer.metadata().getFileMetaData().getSchema(), file);
    assertEquals("timestamp", schema.get("ts").getDataType().toString());
    DataFileStatistics stats = FooterStats.of(footer, schema, List.of(new Column("ts"), new Column("n"),
        new Column("absent")));
    assertEquals(1_000_000L, stats.getMinValues().get(new Column("ts")).getValue());
    assertEquals(2_500_000L, stats.getMaxValues().get(new Column("ts")).getValue());
    assertEquals(1L, stats.getNullCount().get(new Column("ts")));
    assertEquals(-3L, stats.getMinValues().get(new Column("n")).getValue());
    assertFalse(stats.getNullCount().containsKey(new Column("absent")), "not in the table schema");
  }

  @Test
  void nanosecondTimestampsAreRefusedByName() {
    Path file = ParquetFiles.write(dir.resolve("ns.parquet"),
        "message m { optional int64 at (TIMESTAMP(NANOS,true)); }", List.of(g -> g.append("at", 1L)));
    Footers.Footer footer = Footers.read(file);
    var e = org.junit.jupiter.api.Assertions.assertThrows(io.deltalens.DeltaLensException.class,
        () -> ParquetSchemas.toDelta(footer.metadata().getFileMetaData().getSchema(), file));
    assertTrue(e.getMessage().contains("'at'") && e.getMessage().contains("nanoseconds"), e.getMessage());
  }
}
