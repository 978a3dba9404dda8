package io.deltalens;

import io.deltalens.tour.SampleFeeds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tech.tablesaw.api.Table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The table story on each store — a local folder and an S3 bucket on a real S3-compatible server — by
 * the same tests: create, copy appends of every type, partitions, schema evolution, exactly-once
 * transaction ids, checkpoints, reads of every version and time, the log views, and bad input that
 * leaves the table as it was.
 */
class StoresTest {
  @TempDir static Path dir;

  static Stream<Store> stores() throws Exception {
    return Store.all(dir.resolve("local"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void everyTypeAtEveryVersionWithCheckpointsAndViews(Store store) throws Exception {
    Path source = ParquetFiles.write(dir.resolve(store.name() + "/all.parquet"), AllTypesTest.SCHEMA,
        AllTypesTest.rows());
    String location = store.table("all types");
    DeltaTable table = store.create(location).schemaFromParquet(source).commit();
    assertEquals(location, table.location());
    assertEquals(3, table.newAppend().appendFile(source).commit().rowsAdded());
    table.newAppend().appendFile(source).commit();
    table.checkpoint();
    table.newAppend().appendFile(source).commit();

    DeltaTable reopened = store.open(location);
    assertEquals(3, reopened.version());
    for (long v = 0; v <= 3; v++) {
      Table rows = reopened.toTable(v);
      assertEquals(3 * v, rows.rowCount(), "version " + v);
      if (v > 0) {
        Table first = rows.where(rows.intColumn("i").isEqualTo(123456));
        assertEquals(v, first.rowCount());
        assertEquals("zebra", first.stringColumn("str").get(0));
        assertEquals(123.45, first.doubleColumn("dec5").get(0));
        assertEquals("123456789012345678.901234", first.stringColumn("dec30").get(0));
        // an object store keeps whole seconds (S3's Last-Modified): a commit shares its time with the
        // commits of the same second, and the time reads one of them (Kernel's pick)
        long at = reopened.versionAt(reopened.commitTime(v));
        assertEquals(reopened.commitTime(v), reopened.commitTime(at), "time travel to " + v);
        assertEquals(v, store.isLocal() ? at : v, "a local disk keeps milliseconds");
      }
    }
    assertEquals(2, reopened.read().version(2).where("i = -1").toTable().rowCount());
    assertEquals(4, reopened.history().rowCount());
    assertEquals(3, reopened.files().rowCount());
    assertEquals(1, reopened.commit(2).where(reopened.commit(2).stringColumn("action").isEqualTo("add"))
        .rowCount());
    Table checkpoints = reopened.checkpoints();
    assertEquals(List.of(2L), checkpoints.longColumn("version").asList());
    assertEquals(reopened.showCheckpoint().rowCount(), checkpoints.longColumn("actions").get(0));
    assertTrue(reopened.describe().stringColumn("value").asList().contains(location));
    Table diff = reopened.diff(1, 3);
    assertEquals(6, diff.longColumn("rows").get(0), "v1 → v3 adds two files of three rows");
    assertEquals(2, diff.where(diff.stringColumn("change").isEqualTo("file added")).rowCount());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void partitionsEvolutionAndExactlyOnce(Store store) throws Exception {
    Path feeds = Files.createDirectories(dir.resolve(store.name() + "/feeds"));
    String location = store.table("sales");
    DeltaTable table = store.create(location).schema("id long, name string, amount long")
        .partitionBy("name").commit();
    table.newAppend().appendFile(SampleFeeds.write(feeds, 1)).commit();
    Path wider = ParquetFiles.write(feeds.resolve("wider.parquet"),
        "message m { optional int64 id; optional binary name (STRING); optional int64 amount;"
            + " optional binary note (STRING); }",
        List.of(g -> g.append("id", 9L).append("name", "carol").append("amount", 5L).append("note", "new")));
    DeltaLensException refused = assertThrows(DeltaLensException.class,
        () -> table.newAppend().appendFile(wider).commit());
    assertTrue(refused.getMessage().contains("note"), refused.getMessage());
    AppendResult evolved = table.newAppend().appendFile(wider).mergeSchema().commit();
    assertEquals(List.of("note"), evolved.addedColumns());
    Path feed2 = SampleFeeds.write(feeds, 2);
    assertTrue(table.newAppend().appendFile(feed2).txn("job", 1).commit().committed());
    AppendResult again = table.newAppend().appendFile(feed2).txn("job", 1).commit();
    assertTrue(again.alreadyCommitted());
    assertEquals(3, table.version());
    Table rows = table.toTable();
    assertEquals(5, rows.rowCount());
    assertEquals(List.of("id", "name", "amount", "note"), table.schema().fieldNames());
    assertEquals(List.of("name"), table.partitionColumns());
    assertTrue(store.files(location).stream().anyMatch(f -> f.startsWith("name=carol/")),
        "data files in partition folders: " + store.files(location));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void badInputLeavesTheTableAsItWas(Store store) throws Exception {
    Path feeds = Files.createDirectories(dir.resolve(store.name() + "/bad"));
    String location = store.table("untouched");
    DeltaTable table = store.create(location).schema("id long not null, name string, amount long").commit();
    table.newAppend().appendFile(SampleFeeds.write(feeds, 1)).commit();
    List<String> before = store.files(location);

    Path notParquet = Files.writeString(feeds.resolve("notes.parquet"), "not parquet at all");
    DeltaLensException e = assertThrows(DeltaLensException.class,
        () -> table.newAppend().appendFile(notParquet).commit());
    assertTrue(e.getMessage().contains(notParquet.toString()), e.getMessage());
    Path nullIds = ParquetFiles.write(feeds.resolve("null-ids.parquet"),
        "message m { optional int64 id; optional binary name (STRING); optional int64 amount; }",
        List.of(g -> g.append("name", "x").append("amount", 1L)));
    // the good file is copied first, then the NOT NULL check of the second fails: the copy is removed
    e = assertThrows(DeltaLensException.class, () -> table.newAppend()
        .appendFile(SampleFeeds.write(feeds, 2)).appendFile(nullIds).commit());
    assertTrue(e.getMessage().contains("null-ids.parquet") && e.getMessage().contains("id"), e.getMessage());
    assertEquals(1, table.version());
    assertEquals(before, store.files(location), "no file left behind, no commit");

    DeltaLensException outside = assertThrows(DeltaLensException.class,
        () -> table.newAppend().appendFile(SampleFeeds.write(feeds, 3)).register().commit());
    assertTrue(outside.getMessage().contains("not inside the table"), outside.getMessage());
    assertEquals(before, store.files(location));
    // a file landed in the table that is not parquet, registered where it lies: named, nothing committed
    store.put(notParquet, location + "/landed/notes.parquet");
    e = assertThrows(DeltaLensException.class,
        () -> table.newAppend().appendFile(location + "/landed").register().commit());
    assertTrue(e.getMessage().startsWith("not a readable parquet file: " + location + "/landed/notes.parquet ("),
        e.getMessage());
    assertEquals(1, table.version());
    assertFalse(DeltaLens.exists(store.table("nothing here"), store.options()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void registerAddsFilesWhereTheyLieOnceEach(Store store) throws Exception {
    Path feeds = Files.createDirectories(dir.resolve(store.name() + "/landing"));
    String location = store.table("registered");
    DeltaTable table = store.create(location).schema("id long, amount long, name string")
        .partitionBy("name").commit();
    String landed = location + "/name=alice";
    Path one = ParquetFiles.write(feeds.resolve("one.parquet"),
        "message m { optional int64 id; optional int64 amount; }",
        List.of(g -> g.append("id", 1L).append("amount", 10L), g -> g.append("id", 2L).append("amount", 20L)));
    Path two = ParquetFiles.write(feeds.resolve("two.parquet"),
        "message m { optional int64 id; optional int64 amount; }", List.of(g -> g.append("id", 3L)));
    store.put(one, landed + "/one.parquet");
    store.put(two, location + "/name=bob/two.parquet");
    AppendResult first = table.newAppend().appendFile(location).register().commit();
    assertEquals(2, first.filesAdded());
    assertEquals(3, first.rowsAdded());
    store.put(one, landed + "/three.parquet");
    AppendResult second = table.newAppend().appendFile(location).register().commit();
    assertEquals(1, second.filesAdded());
    assertEquals(2, second.filesSkipped());
    Table rows = table.toTable();
    assertEquals(5, rows.rowCount());
    assertEquals(4, rows.where(rows.stringColumn("name").isEqualTo("alice")).rowCount());
    Table files = table.files();
    assertEquals(List.of(3L), files.where(files.stringColumn("path").endsWith("two.parquet"))
        .longColumn("min.id").asList(), "statistics from the footer");
    AppendResult none = table.newAppend().appendFile(landed).register().commit();
    assertFalse(none.committed());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void writersCreatingOneTableAtOnceMakeOneVersionZero(Store store) throws Exception {
    String location = store.table("raced");
    int writers = 4;
    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(writers);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
    List<java.util.concurrent.Future<String>> outcomes = new java.util.ArrayList<>();
    for (int w = 0; w < writers; w++) {
      String columns = "id long, writer" + w + " string";
      outcomes.add(pool.submit(() -> {
        start.await();
        try {
          store.create(location).schema(columns).commit();
          return "created";
        } catch (DeltaLensException e) {
          return e.getMessage().contains("exists already") ? "exists" : e.getMessage();
        }
      }));
    }
    List<String> results = new java.util.ArrayList<>();
    for (var outcome : outcomes) {
      results.add(outcome.get());
    }
    pool.shutdown();
    assertEquals(1, results.stream().filter("created"::equals).count(), results.toString());
    assertEquals(writers - 1, results.stream().filter("exists"::equals).count(), results.toString());
    DeltaTable table = store.open(location);
    assertEquals(0, table.version());
    assertEquals(1, table.history().rowCount());
    assertEquals(2, table.schema().columns().size(), "one writer's schema, whole");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void appendsCreatingOneTableAtOnceLoseNothing(Store store) throws Exception {
    int writers = 4;
    Path inputs = Files.createDirectories(dir.resolve(store.name() + "/raced appends"));
    List<Path> files = new java.util.ArrayList<>();
    for (int w = 0; w < writers; w++) {
      files.add(ParquetFiles.ids(inputs.resolve("w" + w + ".parquet"), 10L * w, 10L * w + 1));
    }
    for (int trial = 1; trial <= 5; trial++) {
      String location = store.table("raced-appends-" + trial);
      java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(writers);
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
      List<java.util.concurrent.Future<AppendResult>> outcomes = new java.util.ArrayList<>();
      for (Path input : files) {
        outcomes.add(pool.submit(() -> {
          start.await();
          return store.append(location).appendFile(input).createIfAbsent().commit();
        }));
      }
      Set<Long> versions = new java.util.TreeSet<>();
      for (var outcome : outcomes) {
        versions.add(outcome.get().version());
      }
      pool.shutdown();
      assertEquals(Set.of(0L, 1L, 2L, 3L), versions, "trial " + trial + ": one creation, three appends to it");
      List<Long> ids = store.open(location).toTable().longColumn("id").asList();
      assertEquals(Set.of(0L, 1L, 10L, 11L, 20L, 21L, 30L, 31L), new java.util.TreeSet<>(ids), "trial " + trial);
      assertEquals(2 * writers, ids.size(), "trial " + trial + ": no rows twice");
      assertEquals(writers, store.files(location).stream()
          .filter(f -> f.endsWith(".parquet") && !f.startsWith("_delta_log")).count(),
          "trial " + trial + ": no data files of the lost creations left behind");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void inCommitTimestampsTravelToTheExactCommit(Store store) throws Exception {
    Path feeds = Files.createDirectories(dir.resolve(store.name() + "/ict"));
    DeltaTable table = store.create(store.table("timed")).schema("id long, name string, amount long")
        .property("delta.enableInCommitTimestamps", "true").commit();
    for (int n = 1; n <= 3; n++) {
      table.newAppend().appendFile(SampleFeeds.write(feeds, n)).commit();
    }
    for (long v = 0; v <= 3; v++) {
      assertEquals(v, table.versionAt(table.commitTime(v)), "commit " + v + " at " + table.commitTime(v));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void theCommandLine(Store store) throws Exception {
    Path feeds = Files.createDirectories(dir.resolve(store.name() + "/cli"));
    String location = store.table("by the command line");
    assertEquals(0, cli(store, "append", location, SampleFeeds.write(feeds, 1).toString(), "--create-if-absent")
        .exit());
    assertEquals(0, cli(store, "append", location, SampleFeeds.write(feeds, 2).toString(), "--txn", "job:1").exit());
    CliTest.Run replay = cli(store, "append", location, SampleFeeds.write(feeds, 2).toString(), "--txn", "job:1",
        "--format", "json");
    assertTrue(replay.json().get(0).get("alreadyCommitted").asBoolean(), replay.out());
    CliTest.Run read = cli(store, "read", location, "--format", "json");
    assertEquals(4, read.json().size(), read.err());
    assertEquals(0, cli(store, "checkpoint", location).exit());
    CliTest.Run describe = cli(store, "describe", location, "--format", "json");
    assertTrue(describe.json().stream().anyMatch(row -> row.get("name").asText().equals("location")
        && row.get("value").asText().equals(location)), describe.out());
  }

  private static CliTest.Run cli(Store store, String... args) throws Exception {
    List<String> all = new java.util.ArrayList<>(List.of(args));
    all.addAll(store.storageArgs());
    CliTest.Run run = CliTest.cli(all.toArray(String[]::new));
    assertEquals(0, run.exit(), String.join(" ", args) + ": " + run.err());
    return run;
  }
}
