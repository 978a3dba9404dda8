package io.deltalens;

import com.fasterxml.jackson.databind.JsonNode;
import io.deltalens.internal.storage.Location;
import io.deltalens.internal.write.Compaction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tech.tablesaw.api.Table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Compaction on real tables of many small files: the rows and their order stay, the commit is an OPTIMIZE of
 * no data change with Spark's metrics, old versions still read, concurrent appends lose nothing, and a
 * compaction that loses to another leaves no file behind.
 */
class CompactTest {
  @TempDir static Path shared;
  @TempDir Path dir;

  static Stream<Store> stores() throws Exception {
    return Store.all(shared.resolve("stores"));
  }

  /** {@code files} copy-appended files of {@code rows} ids each, ids counting up from 0 in append order. */
  private static DeltaTable smallFiles(Store store, String location, Path work, int files, int rows) throws Exception {
    DeltaTable table = store.create(location).schema("id long, name string").commit();
    List<Path> inputs = new ArrayList<>();
    for (int f = 0; f < files; f++) {
      inputs.add(ParquetFiles.ids(work.resolve("in-" + f + ".parquet"),
          LongStream.range((long) f * rows, (long) (f + 1) * rows).toArray()));
    }
    table.newAppend().appendFiles(inputs).commit();
    return table;
  }

  private static List<Long> ids(Table frame) {
    return frame.longColumn("id").asList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void packsSmallFilesIntoOneOptimizeCommitThatChangesNoData(Store store) throws Exception {
    Path work = Files.createDirectories(dir.resolve("in"));
    DeltaTable table = smallFiles(store, store.table("small files"), work, 40, 25);
    List<Long> before = ids(table.toTable());
    long version = table.version();

    CompactResult result = table.compact().commit();

    assertEquals(version + 1, result.version(), result.toString());
    assertEquals(40, result.filesRemoved());
    assertEquals(1, result.filesAdded());
    assertEquals(1000, result.rows());
    assertEquals(before, ids(table.toTable()), "same rows, same order");
    assertEquals(before, ids(table.toTable(version)), "the version before still reads");
    Table files = table.files();
    assertEquals(1, files.rowCount());
    assertEquals(1000, files.longColumn("numRecords").get(0));
    Table history = table.history();
    assertEquals("OPTIMIZE", history.stringColumn("operation").get(0));
    assertEquals(0, history.longColumn("rowsAdded").get(0), "a compaction adds no rows");
    assertTrue(history.stringColumn("metrics").get(0).contains("\"numRemovedFiles\":\"40\""), history.print());
    Table commit = table.commit(result.version());
    assertTrue(commit.toString().contains("OPTIMIZE"), commit.print());
    assertEquals("nothing to compact", table.compact().commit().toString());
  }

  @Test
  void aThousandFilesInBinsNearTheTargetKeepTheirOrder() throws Exception {
    Store local = new Store("local", dir.toString(), java.util.Map.of());
    Path work = Files.createDirectories(dir.resolve("in"));
    DeltaTable table = smallFiles(local, dir.resolve("thousand").toString(), work, 1000, 10);
    List<Long> before = ids(table.toTable());
    long fileSize = Files.size(work.resolve("in-0.parquet"));

    Table plan = table.compact().targetSize(fileSize * 100).plan();
    assertTrue(plan.rowCount() >= 9 && plan.rowCount() <= 12, plan.print());
    assertEquals(10_000, plan.longColumn("rows").sum(), 0.0);
    CompactResult result = table.compact().targetSize(fileSize * 100).commit();

    assertEquals(1000, result.filesRemoved());
    assertEquals(plan.rowCount(), result.filesAdded());
    assertEquals(before, ids(table.toTable()));
    JsonNode info = TableFiles.actions(dir.resolve("thousand"), result.version()).stream()
        .filter(a -> a.has("commitInfo")).findFirst().orElseThrow().get("commitInfo");
    assertEquals("OPTIMIZE", info.get("operation").asText());
    assertEquals("1000", info.get("operationMetrics").get("numRemovedFiles").asText());
    assertEquals("false", info.get("isBlindAppend").asText());
    for (JsonNode action : TableFiles.actions(dir.resolve("thousand"), result.version())) {
      JsonNode file = action.has("add") ? action.get("add") : action.get("remove");
      if (file != null) {
        assertFalse(file.get("dataChange").asBoolean(), action.toString());
      }
    }
  }

  @Test
  void partitionsCompactApartAndWhereSelectsThem() throws Exception {
    Path table = dir.resolve("by day");
    DeltaTable t = DeltaLens.create(table).schema("id long, name string, day string").partitionBy("day").commit();
    for (int i = 0; i < 6; i++) {
      Path feed = ParquetFiles.write(dir.resolve("f" + i + ".parquet"),
          "message t { optional int64 id; optional binary name (STRING); optional binary day (STRING); }",
          List.of(g -> g.append("id", 1L).append("name", "a").append("day", "d1"),
              g -> g.append("id", 2L).append("name", "b").append("day", "d2")));
      t.newAppend().appendFile(feed).commit();
    }
    Table plan = t.compact().where("day = 'd1'").plan();
    assertEquals(List.of("day=d1"), plan.stringColumn("partition").asList());
    CompactResult result = t.compact().where("day = 'd1'").commit();
    assertEquals(6, result.filesRemoved());
    assertEquals(7, t.files().rowCount(), "d1 in one file, d2's six untouched");
    assertEquals(12, t.toTable().rowCount());
    assertEquals(6, t.read().where("day = 'd1'").toTable().rowCount());

    DeltaLensException notPartition = assertThrows(DeltaLensException.class, () -> t.compact().where("id = 1").plan());
    assertTrue(notPartition.getMessage().contains("'id' is not one (partition columns: day)"), notPartition.getMessage());
  }

  @Test
  void appendsDuringACompactionAllLand() throws Exception {
    Path work = Files.createDirectories(dir.resolve("in"));
    Store local = new Store("local", dir.toString(), java.util.Map.of());
    Path location = dir.resolve("busy");
    DeltaTable table = smallFiles(local, location.toString(), work, 300, 10);
    ExecutorService appender = Executors.newSingleThreadExecutor();
    Future<Integer> appends = appender.submit(() -> {
      int n = 0;
      for (; n < 15; n++) {
        table.newAppend().appendFile(ParquetFiles.ids(work.resolve("late-" + n + ".parquet"), 10_000 + n)).commit();
      }
      return n;
    });
    CompactResult result = table.compact().commit();
    assertEquals(15, appends.get());
    appender.shutdown();

    assertEquals(300, result.filesRemoved());
    List<Long> ids = ids(table.toTable());
    List<Long> expected = new ArrayList<>(LongStream.range(0, 3000).boxed().toList());
    LongStream.range(10_000, 10_015).forEach(expected::add);
    assertEquals(expected, ids.stream().sorted().toList(), "every row once");
  }

  @Test
  void aCompactionThatLosesToAnotherLeavesNothingBehind() throws Exception {
    Path work = Files.createDirectories(dir.resolve("in"));
    Store local = new Store("local", dir.toString(), java.util.Map.of());
    Path location = dir.resolve("raced");
    DeltaTable table = smallFiles(local, location.toString(), work, 20, 5);
    Location at = Location.local(location);
    Compaction.Plan first = Compaction.plan(at, null, Compact.DEFAULT_TARGET_SIZE, 2);
    Compaction.Plan second = Compaction.plan(at, null, Compact.DEFAULT_TARGET_SIZE, 2);
    Compaction.commit(first, m -> {});
    java.util.Map<String, String> files = TableFiles.fingerprint(location);

    DeltaLensException lost = assertThrows(DeltaLensException.class, () -> Compaction.commit(second, m -> {}));

    assertTrue(lost.getMessage().contains("lost to a concurrent commit"), lost.getMessage());
    assertEquals(files, TableFiles.fingerprint(location), "the loser's files are gone, no commit added");
    assertEquals(100, table.toTable().rowCount());
  }

  @Test
  void commandLineDryRunThenCompact() throws Exception {
    Path work = Files.createDirectories(dir.resolve("in"));
    Store local = new Store("local", dir.toString(), java.util.Map.of());
    Path location = dir.resolve("cli");
    smallFiles(local, location.toString(), work, 5, 3);
    java.util.Map<String, String> files = TableFiles.fingerprint(location);

    CliTest.Run dry = CliTest.cli("compact", location.toString(), "--dry-run");
    assertEquals(0, dry.exit(), dry.err());
    assertTrue(dry.out().contains("1 bin of 5 files"), dry.out());
    assertEquals(files, TableFiles.fingerprint(location), "a dry run changes nothing");

    CliTest.Run run = CliTest.cli("compact", location.toString(), "--target-size", "64MiB");
    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().startsWith("version 2: 5 files"), run.out());

    CliTest.Run chart = CliTest.cli("history", location.toString(), "--chart");
    assertEquals(0, chart.exit(), chart.err());
    List<String> lines = chart.out().lines().toList();
    assertTrue(lines.get(2).matches(" +1  \\S+ \\S+  WRITE +█{40} 15  \\+5"), chart.out());
    assertTrue(lines.get(3).matches(" +2  .*OPTIMIZE +\\+1 -5  ↻ compaction"), chart.out());

    CliTest.Run bad = CliTest.cli("compact", location.toString(), "--where", "id > 1");
    assertEquals(1, bad.exit());
    assertTrue(bad.err().contains("'id' is not one; the table has no partitions"), bad.err());
  }
}
