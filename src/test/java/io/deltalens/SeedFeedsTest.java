package io.deltalens;

import io.deltalens.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The seed's own inputs (written by polars) appended one per run, as the seed did: one new version per
 * feed, and every version holds exactly the feeds appended up to it.
 */
class SeedFeedsTest {
  static final Path FEEDS = Paths.get("..", "shared", "fixtures", "poc-feeds");

  @TempDir Path dir;

  @Test
  void elevenRunsElevenVersionsTwentyTwoRows() {
    assumeTrue(Files.isDirectory(FEEDS), "../shared/fixtures/poc-feeds is absent: skipping the seed's feeds");
    Path table = dir.resolve("seed");
    for (int n = 1; n <= 11; n++) {
      Path feed = FEEDS.resolve("feed_" + n + ".parquet");
      assertEquals(0, Main.run("append", table.toString(), feed.toString(), "--create-if-absent"), "run " + n);
    }
    DeltaTable t = DeltaLens.open(table);
    assertEquals(10, t.version(), "the first run's commit creates the table, holding feed 1");
    assertEquals("[long, string, long]",
        t.schema().columns().stream().map(c -> c.type()).toList().toString());
    Set<Long> previous = Set.of();
    for (long v = 0; v <= 10; v++) {
      Table rows = t.toTable(v);
      assertEquals(2 * (v + 1), rows.rowCount(), "rows at version " + v);
      Set<Long> ids = new TreeSet<>(rows.longColumn("id").asList());
      assertEquals(2 * (v + 1), ids.size());
      assertEquals(true, ids.containsAll(previous), "version " + v + " keeps the earlier feeds");
      previous = ids;
    }
    assertEquals(22, t.toTable().rowCount());
  }

  @Test
  void statsFromPolarsFootersEqualStatsOfTheCopiedRows() throws Exception {
    assumeTrue(Files.isDirectory(FEEDS), "../shared/fixtures/poc-feeds is absent: skipping the seed's feeds");
    Path table = dir.resolve("seed");
    Path feed = FEEDS.resolve("feed_3.parquet");
    DeltaTable t = DeltaLens.create(table).schemaFromParquet(feed).commit();
    t.newAppend().appendFile(feed).commit();
    Files.createDirectories(table.resolve("landing"));
    Files.copy(feed, table.resolve("landing/feed_3.parquet"));
    t.newAppend().appendFile(table.resolve("landing")).register().commit();
    var copied = TableFiles.stats(TableFiles.adds(table, 1).get(0));
    var registered = TableFiles.stats(TableFiles.adds(table, 2).get(0));
    assertEquals(2, registered.get("numRecords").asInt());
    assertEquals(copied, registered);
  }
}
