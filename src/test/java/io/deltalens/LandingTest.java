package io.deltalens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tech.tablesaw.api.Table;

/**
 * Landing ingest on a local folder and on a bucket: files that land under a table become additions once
 * each, the table is created from the first file, bad files are skipped or quarantined while the rest
 * commits, and two watchers on one table never add a file twice.
 */
class LandingTest {
  @TempDir static Path dir;

  static Stream<Store> stores() throws Exception {
    return Store.all(dir.resolve("stores"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void filesThatLandBecomeAdditionsOnceEachAndBadOnesAreReported(Store store) throws Exception {
    String table = store.table("landing");
    Path work = Files.createDirectories(dir.resolve("work-" + store.name()));
    for (int i = 0; i < 4; i++) {
      land(store, work, table + "/day=2024-01-0" + (1 + i % 2) + "/part-" + i + ".parquet", i * 10L, i * 10L + 1);
    }
    Files.writeString(work.resolve("notes.txt"), "not parquet");
    store.put(work.resolve("notes.txt"), table + "/day=2024-01-01/notes.txt");
    Files.write(work.resolve("empty.parquet"), new byte[0]);
    store.put(work.resolve("empty.parquet"), table + "/day=2024-01-01/empty.parquet");
    store.put(ParquetFiles.ids(work.resolve("tmp.parquet"), 99), table + "/day=2024-01-01/_tmp/x.parquet");
    Landing landing = landing(store, table).createIfAbsent();

    LandingReport.Batch first = landing.runOnce().batches().get(0);
    assertTrue(first.committed(), first::toString);
    assertEquals(4, first.filesAdded());
    assertEquals(8, first.rowsAdded());
    assertEquals(0, first.version(), "the table is created with the batch's files, in one commit: " + first);
    assertEquals(4, store.open(table).files(0).rowCount());
    assertEquals(Set.of("empty (0 bytes)", "not a .parquet file", "hidden or temporary name ('_' or '.' prefix)"),
        new HashSet<>(first.skipped().values()), first::toString);
    DeltaTable t = store.open(table);
    assertEquals("date", t.schema().column("day").type(), "the partition column typed from its values");
    assertEquals(List.of("day"), t.partitionColumns());

    land(store, work, table + "/day=2024-01-03/part-9.parquet", 90, 91, 92);
    LandingReport.Batch second = landing.runOnce().batches().get(0);
    assertEquals(1, second.filesAdded(), second::toString);
    assertTrue(second.skipped().isEmpty(), "a skipped file is reported once: " + second);
    assertFalse(landing.runOnce().batches().get(0).committed(), "nothing new, no commit");
    // a second landing process (a cron run) starts from the table itself
    assertFalse(landing(store, table).runOnce().batches().get(0).committed());

    Table rows = store.open(table).toTable();
    assertEquals(11, rows.rowCount());
    assertEquals(11, new HashSet<>(rows.longColumn("id").asList()).size());
    assertEquals(1, store.open(table).version());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void aFileWithOtherColumnsIsQuarantinedUnderRejectAndAddedUnderMerge(Store store) throws Exception {
    String table = store.table("policy");
    Path work = Files.createDirectories(dir.resolve("policy-" + store.name()));
    store.create(table).schema("id long, name string").commit();
    land(store, work, table + "/a.parquet", 1);
    Path wider = ParquetFiles.write(work.resolve("wider.parquet"),
        "message t { optional int64 id; optional binary name (STRING); optional int32 extra; }",
        List.of(g -> g.append("id", 2L).append("name", "n2").append("extra", 7)));
    store.put(wider, table + "/wider.parquet");
    Path wrongType = ParquetFiles.write(work.resolve("wrong.parquet"),
        "message t { optional binary id (STRING); optional binary name (STRING); }",
        List.of(g -> g.append("id", "x").append("name", "n")));
    store.put(wrongType, table + "/wrong.parquet");

    LandingReport.Batch rejected = landing(store, table).runOnce().batches().get(0);
    assertEquals(1, rejected.filesAdded(), rejected::toString);
    assertEquals(2, rejected.rejected().size(), rejected::toString);
    assertTrue(rejected.rejected().values().stream().allMatch(r -> r.contains("moved to")), rejected::toString);
    assertTrue(store.files(table).containsAll(List.of("_quarantine/wider.parquet", "_quarantine/wrong.parquet")),
        () -> store.files(table).toString());
    assertFalse(store.files(table).contains("wider.parquet"));

    store.put(wider, table + "/wider-again.parquet");
    store.put(wrongType, table + "/wrong-again.parquet");
    LandingReport.Batch merged = landing(store, table).mergeSchema().runOnce().batches().get(0);
    assertEquals(1, merged.filesAdded(), merged::toString);
    assertEquals(List.of("extra"), merged.addedColumns());
    assertEquals(1, merged.rejected().size(), "a type that disagrees is rejected under merge too: " + merged);
    assertEquals(List.of(1L, 2L), store.open(table).toTable().sortOn("id").longColumn("id").asList());
  }

  /**
   * Two landings that find no table and create it at the same moment, trial after trial: one creates it
   * with every file in version 0 (less the file whose columns disagree with the first file's, rejected),
   * the other then finds them all in the table and commits nothing.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void twoLandingsCreatingOneTableAtOnceMakeOneCommitWithEveryFile(Store store) throws Exception {
    Path work = Files.createDirectories(dir.resolve("racing-" + store.name()));
    Path wrongType = ParquetFiles.write(work.resolve("wrong.parquet"),
        "message t { optional binary id (STRING); optional binary name (STRING); }",
        List.of(g -> g.append("id", "x").append("name", "n")));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    int trials = store.isLocal() ? 8 : 3;
    for (int trial = 0; trial < trials; trial++) {
      String table = store.table("racing-" + trial);
      for (int i = 0; i < 5; i++) {
        land(store, work, table + "/f" + i + ".parquet", i);
      }
      store.put(wrongType, table + "/wrong.parquet"); // sorts after the f files: the table takes f0's columns
      CyclicBarrier start = new CyclicBarrier(2);
      List<Future<LandingReport.Batch>> racers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        Landing landing = landing(store, table).createIfAbsent();
        racers.add(pool.submit(() -> {
          start.await();
          return landing.runOnce().batches().get(0);
        }));
      }
      List<LandingReport.Batch> batches = List.of(racers.get(0).get(), racers.get(1).get());

      String said = "trial " + trial + ": " + batches;
      assertEquals(1, batches.stream().filter(LandingReport.Batch::committed).count(), said);
      LandingReport.Batch created = batches.stream().filter(LandingReport.Batch::committed).findFirst().orElseThrow();
      assertEquals(0, created.version(), said);
      assertEquals(5, created.filesAdded(), said);
      assertTrue(created.rejected().keySet().stream().anyMatch(f -> f.endsWith("wrong.parquet")), said);
      DeltaTable t = store.open(table);
      assertEquals(0, t.version(), said);
      assertEquals(List.of(0L, 1L, 2L, 3L, 4L), t.toTable().sortOn("id").longColumn("id").asList(), said);
    }
    pool.shutdown();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void twoWatchersOnOneTableNeverAddAFileTwice(Store store) throws Exception {
    String table = store.table("two-watchers");
    Path work = Files.createDirectories(dir.resolve("two-" + store.name()));
    store.create(table).schema("id long, name string").commit();
    int files = store.isLocal() ? 60 : 30;
    AtomicBoolean landed = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<Integer>> watchers = new ArrayList<>();
    for (int w = 0; w < 2; w++) {
      Landing landing = landing(store, table);
      watchers.add(pool.submit(() -> {
        int added = 0;
        boolean last = false;
        while (!last) {
          last = landed.get(); // one more cycle after the last file landed
          added += landing.runOnce().batches().get(0).filesAdded();
        }
        return added;
      }));
    }
    for (int i = 0; i < files; i++) {
      land(store, work, table + "/f" + i + ".parquet", i);
    }
    landed.set(true);
    int added = watchers.get(0).get() + watchers.get(1).get();
    pool.shutdown();

    assertEquals(files, added, "every file added by exactly one of the watchers");
    Table rows = store.open(table).toTable();
    assertEquals(files, rows.rowCount());
    assertEquals(files, new HashSet<>(rows.longColumn("id").asList()).size());
  }

  @org.junit.jupiter.api.Test
  void filesADeltalensWriterWroteForACommitOfItsOwnAreNotLanded() throws Exception {
    Path work = Files.createDirectories(dir.resolve("own-work"));
    Path table = dir.resolve("own");
    DeltaTable t = DeltaLens.create(table.toString()).schema("id long, name string").commit();
    t.newAppend().appendFile(ParquetFiles.ids(work.resolve("a.parquet"), 1, 2)).commit(); // copied: written for t
    Path written = table.resolve(t.files().stringColumn("path").get(0));
    // what a compaction or copy append leaves in the folder before its commit (or after a crash)
    Path inFlight = Files.copy(written, table.resolve("in-flight.parquet"));

    LandingReport.Batch batch = DeltaLens.landing(table.toString()).settle(Duration.ZERO).runOnce().batches().get(0);

    assertFalse(batch.committed(), batch::toString);
    assertTrue(batch.skipped().values().stream().anyMatch(why -> why.contains("a commit of its own")), batch::toString);
    DeltaLensException refused = org.junit.jupiter.api.Assertions.assertThrows(DeltaLensException.class,
        () -> t.newAppend().appendFile(inFlight).register().commit());
    assertTrue(refused.getMessage().startsWith(inFlight + ": written by deltalens"), refused.getMessage());
    assertEquals(2, t.toTable().rowCount(), "nothing added twice");
    // another table's landing takes the same file: it was written for the first table, not for this one
    Path other = Files.createDirectories(dir.resolve("other"));
    Files.copy(written, other.resolve("from-own.parquet"));
    LandingReport.Batch taken = DeltaLens.landing(other.toString()).settle(Duration.ZERO).createIfAbsent().runOnce()
        .batches().get(0);
    assertEquals(1, taken.filesAdded(), taken::toString);
  }

  @org.junit.jupiter.api.Test
  void compactionsBesideARunningWatcherOnTheTablesFolderDoubleNoRowInAnyVersion() throws Exception {
    Store local = new Store("local", dir.toString(), java.util.Map.of());
    Path work = Files.createDirectories(dir.resolve("busy-work"));
    String table = dir.resolve("busy").toString();
    local.create(table).schema("id long, name string, day string").partitionBy("day").commit();
    AtomicBoolean landed = new AtomicBoolean();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    Landing landing = landing(local, table);
    Future<Integer> watcher = pool.submit(() -> {
      int added = 0;
      boolean last = false;
      while (!last) {
        last = landed.get();
        added += landing.runOnce().batches().get(0).filesAdded();
      }
      return added;
    });
    int files = 80;
    int compactions = 0;
    for (int i = 0; i < files; i++) {
      land(local, work, table + "/day=" + (i % 2) + "/f" + i + ".parquet", 2L * i, 2L * i + 1);
      if (i % 10 == 9) { // the new files of both partitions' bins lie in the folder before their one commit
        compactions += local.open(table).compact().commit().committed() ? 1 : 0;
      }
    }
    landed.set(true);
    assertEquals(files, watcher.get(), "the watcher added each landed file once, and no compaction's file");
    pool.shutdown();

    DeltaTable t = local.open(table);
    assertTrue(compactions >= 4, compactions + " compactions");
    for (long v = 0; v <= t.version(); v++) {
      List<Long> ids = t.toTable(v).longColumn("id").asList();
      assertEquals(new HashSet<>(ids).size(), ids.size(), "no row twice in version " + v);
    }
    assertEquals(2 * files, t.toTable().rowCount());
    t.checkpoint(); // the compacted files' tombstones now come from a checkpoint
    LandingReport.Batch cron = landing(local, table).runOnce().batches().get(0);
    assertFalse(cron.committed(), "a new landing process adds none of the compacted files again: " + cron);
  }

  /**
   * A cron run after a watcher of the whole table claimed its listing reads only the commits since the
   * claim (less the lookback) and takes older files as handled, yet misses nothing: a file moved in with
   * an old modification time arrived when it was moved, and a cycle that left a file still being written
   * claims nothing, so that file's folder (unchanged since) is listed again by the next run.
   */
  @org.junit.jupiter.api.Test
  void aCronRunReadsTheCommitsSinceTheLastFullListingAndMissesNoFile() throws Exception {
    Store local = new Store("local", dir.toString(), java.util.Map.of());
    Path work = Files.createDirectories(dir.resolve("cron-work"));
    Path table = dir.resolve("cron");
    Duration lookback = Duration.ofSeconds(1);
    land(local, work, table + "/a/f1.parquet", 1);
    assertEquals(1, cron(table, Duration.ZERO, lookback, new ArrayList<>()).filesAdded());

    Path late = Files.createDirectories(table.resolve("late"));
    ParquetFiles.ids(late.resolve("p.parquet"), 7); // lands now, is written again below: its folder keeps this time
    land(local, work, table + "/b/f2.parquet", 2);
    Thread.sleep(1300);
    // rewritten in place (the same file, so its folder keeps its time)
    Files.write(late.resolve("p.parquet"), Files.readAllBytes(ParquetFiles.ids(work.resolve("p2.parquet"), 7, 8)));
    Path old = ParquetFiles.ids(work.resolve("old.parquet"), 3);
    Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 86_400_000));
    Files.move(old, Files.createDirectories(table.resolve("c")).resolve("old.parquet"));
    List<String> said = new ArrayList<>();
    LandingReport.Batch second = cron(table, Duration.ofMillis(900), lookback, said);
    assertTrue(said.stream().anyMatch(m -> m.startsWith("read the commits of")), said::toString);
    assertEquals(2, second.filesAdded(), "f2, and the file moved in with a day-old time: " + second);
    assertTrue(second.skipped().keySet().stream().anyMatch(f -> f.endsWith("late/p.parquet")), second::toString);

    Thread.sleep(1300); // past the lookback of the second run's listing
    LandingReport.Batch third = cron(table, Duration.ofMillis(900), lookback, new ArrayList<>());
    assertEquals(1, third.filesAdded(), "the file still being written then: " + third);
    assertFalse(cron(table, Duration.ZERO, lookback, new ArrayList<>()).committed(), "nothing twice");
    List<Long> ids = DeltaLens.open(table.toString()).toTable().longColumn("id").asList();
    assertEquals(List.of(1L, 2L, 3L, 7L, 8L), ids.stream().sorted().toList());
  }

  /** One cycle of a new landing process, as cron starts one. */
  private static LandingReport.Batch cron(Path table, Duration settle, Duration lookback, List<String> progress) {
    return DeltaLens.landing(table.toString()).createIfAbsent().settle(settle).lookback(lookback)
        .progress(progress::add).runOnce().batches().get(0);
  }

  private static Landing landing(Store store, String table) {
    return DeltaLens.landing(table, store.options()).settle(Duration.ZERO);
  }

  /** Writes a file of these ids and lands it at {@code location}. */
  static void land(Store store, Path work, String location, long... ids) throws Exception {
    Path file = ParquetFiles.ids(work.resolve("f-" + System.nanoTime() + ".parquet"), ids);
    store.put(file, location);
  }
}
