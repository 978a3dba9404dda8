package io.deltalens;

import com.fasterxml.jackson.databind.JsonNode;
import io.deltalens.internal.parquet.Footers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.parquet.example.data.Group;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AppendTest {
  @TempDir Path dir;

  static Set<Long> ids(Table rows) {
    return new TreeSet<>(rows.longColumn("id").asList());
  }

  static Set<Long> range(long from, long to) {
    return Stream.iterate(from, i -> i <= to, i -> i + 1).collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void tablePathWithSpaceAndNonAsciiKeepsEveryFileInside() throws Exception {
    Path tablePath = dir.resolve("my tables").resolve("ventes é 2024");
    DeltaTable table = DeltaLens.create(tablePath).schema("id long, name string").commit();
    table.newAppend().appendFile(ParquetFiles.ids(dir.resolve("in/a.parquet"), 1, 2)).commit();
    ParquetFiles.ids(tablePath.resolve("land ing/b ü.parquet"), 3);
    table.newAppend().appendFile(tablePath.resolve("land ing")).register().commit();

    assertEquals(Set.of(1L, 2L, 3L), ids(table.toTable()));
    try (Stream<Path> all = Files.walk(dir)) {
      List<Path> parquet = all.filter(p -> p.toString().endsWith(".parquet")).toList();
      assertEquals(3, parquet.size());
      assertTrue(parquet.stream().filter(p -> !p.startsWith(dir.resolve("in"))).allMatch(p -> p.startsWith(tablePath)),
          "data files outside the table: " + parquet);
    }
    JsonNode registered = TableFiles.adds(tablePath, 2).get(0);
    // as Spark writes them: spaces encoded, non-ASCII letters kept (java.net.URI "other" characters)
    assertEquals("land%20ing/b%20ü.parquet", registered.get("path").asText());
    assertFalse(TableFiles.adds(tablePath, 1).get(0).get("path").asText().contains("/"),
        "a copied file is added by a relative path");
  }

  @Test
  void aFileOfManyRowGroupsIsCopiedByTwoWritersInRowOrder() {
    long rows = 20_000;
    Path input = ParquetFiles.write(dir.resolve("in/many groups.parquet"),
        "message t { optional int64 id; optional binary name (STRING); }",
        LongStream.range(0, rows).<Consumer<Group>>mapToObj(id -> g -> g.append("id", id).append("name", "n" + id))
            .toList(),
        b -> b.withRowGroupSize(32 * 1024L).withPageRowCountLimit(1000));
    assertTrue(Footers.read(input).metadata().getBlocks().size() >= 4, "the input has several row groups");
    DeltaTable table = DeltaLens.create(dir.resolve("t")).schemaFromParquet(input).commit();

    assertEquals(rows, table.newAppend().appendFile(input).commit().rowsAdded());

    assertEquals(2, TableFiles.adds(table.path(), 1).size(), "one file per writer");
    assertEquals(LongStream.range(0, rows).boxed().toList(), table.toTable().longColumn("id").asList());
    assertEquals("n19999", table.toTable().stringColumn("name").get((int) rows - 1));
  }

  @Test
  void transactionIdMakesAnAppendExactlyOnce() {
    DeltaTable table = DeltaLens.create(dir.resolve("t")).schema("id long, name string").commit();
    Path batch = ParquetFiles.ids(dir.resolve("b1.parquet"), 1, 2);
    AppendResult first = table.newAppend().appendFile(batch).txn("job", 5).commit();
    AppendResult again = table.newAppend().appendFile(batch).txn("job", 5).commit();
    AppendResult older = table.newAppend().appendFile(batch).txn("job", 4).commit();
    AppendResult otherApp = table.newAppend().appendFile(batch).txn("other", 1).commit();
    AppendResult next = table.newAppend().appendFile(batch).txn("job", 6).commit();

    assertTrue(first.committed());
    assertTrue(again.alreadyCommitted() && !again.committed());
    assertTrue(older.alreadyCommitted());
    assertEquals("already committed (table at version 1)", again.toString());
    assertTrue(otherApp.committed() && next.committed());
    assertEquals(3, table.version());
    assertEquals(6, table.toTable().rowCount());
    List<JsonNode> txn = TableFiles.actions(table.path(), 3).stream().filter(a -> a.has("txn")).toList();
    assertEquals("job", txn.get(0).get("txn").get("appId").asText());
    assertEquals(6, txn.get(0).get("txn").get("version").asLong());
  }

  @Test
  void registeringAFolderAgainAddsOnlyNewFiles() {
    Path tablePath = dir.resolve("t");
    DeltaTable table = DeltaLens.create(tablePath).schema("id long, name string").commit();
    ParquetFiles.ids(tablePath.resolve("landing/1.parquet"), 1);
    ParquetFiles.ids(tablePath.resolve("landing/2.parquet"), 2);
    AppendResult first = table.newAppend().appendFile(tablePath.resolve("landing")).register().commit();
    AppendResult rerun = table.newAppend().appendFile(tablePath.resolve("landing")).register().commit();
    ParquetFiles.ids(tablePath.resolve("landing/3.parquet"), 3);
    AppendResult more = table.newAppend().appendFile(tablePath.resolve("landing")).register().commit();

    assertEquals(2, first.filesAdded());
    assertFalse(rerun.committed());
    assertEquals(2, rerun.filesSkipped());
    assertEquals(1, more.filesAdded());
    assertEquals(2, more.filesSkipped());
    assertEquals(2, table.version());
    assertEquals(range(1, 3), ids(table.toTable()));
  }

  @Test
  void registeringManyFilesKeepsEachFilesStatisticsWithItsPath() throws Exception {
    // enough files that their add actions are made in chunks on several threads
    Path tablePath = dir.resolve("t");
    DeltaTable table = DeltaLens.create(tablePath).schema("id long, name string").commit();
    int files = 700;
    for (int i = 0; i < files; i++) {
      ParquetFiles.ids(tablePath.resolve(String.format("landing/%04d.parquet", i)), i, i + files);
    }
    assertEquals(files, table.newAppend().appendFile(tablePath.resolve("landing")).register().commit().filesAdded());
    List<JsonNode> adds = TableFiles.adds(tablePath, 1);
    assertEquals(files, adds.size());
    for (int i = 0; i < files; i++) {
      JsonNode add = adds.get(i);
      assertEquals(String.format("landing/%04d.parquet", i), add.get("path").asText());
      assertEquals(i, TableFiles.stats(add).get("minValues").get("id").asLong());
      assertEquals(i + files, TableFiles.stats(add).get("maxValues").get("id").asLong());
    }
    assertEquals(range(0, 2 * files - 1), ids(table.toTable()));
  }

  @Test
  void mergeSchemaAddsNullableColumnsInTheSameCommit() {
    DeltaTable table = DeltaLens.create(dir.resolve("t")).schema("id long, name string").commit();
    table.newAppend().appendFile(ParquetFiles.ids(dir.resolve("a.parquet"), 1)).commit();
    Path wider = ParquetFiles.write(dir.resolve("b.parquet"),
        "message m { optional int64 id; optional binary name (STRING); optional double score; }",
        List.of(g -> g.append("id", 2L).append("name", "n2").append("score", 0.5)));

    DeltaLensException refused =
        assertThrows(DeltaLensException.class, () -> table.newAppend().appendFile(wider).commit());
    assertTrue(refused.getMessage().contains("column 'score' (double) is not in the table"), refused.getMessage());
    assertEquals(1, table.version());

    AppendResult merged = table.newAppend().appendFile(wider).mergeSchema().commit();
    assertEquals(List.of("score"), merged.addedColumns());
    assertEquals(2, merged.version());
    assertEquals(List.of("id", "name", "score"), table.schema().fieldNames());
    assertTrue(TableFiles.actions(table.path(), 2).stream().anyMatch(a -> a.has("metaData")));
    Table rows = table.toTable().sortAscendingOn("id");
    assertTrue(rows.doubleColumn("score").isMissing(0));
    assertEquals(0.5, rows.doubleColumn("score").get(1));
    assertEquals(1, table.toTable(1).columnCount() - 1, "version 1 keeps its two columns");
    assertEquals(0.5, TableFiles.stats(TableFiles.adds(table.path(), 2).get(0)).get("maxValues").get("score").asDouble());
  }

  @Test
  void aCheckpointDueAtASchemaChangeHoldsTheNewSchema() {
    DeltaTable table = DeltaLens.create(dir.resolve("t")).schema("id long, name string")
        .property("delta.checkpointInterval", "1").commit();
    Path wider = ParquetFiles.write(dir.resolve("b.parquet"),
        "message m { optional int64 id; optional binary name (STRING); optional int32 extra; }",
        List.of(g -> g.append("id", 2L).append("name", "n2").append("extra", 3)));
    table.newAppend().appendFile(wider).mergeSchema().commit();
    assertTrue(Files.exists(table.path().resolve("_delta_log/00000000000000000001.checkpoint.parquet")));
    assertEquals(List.of("id", "name", "extra"), table.schema().fieldNames());
    assertEquals(3, table.toTable().intColumn("extra").get(0));
  }

  @Test
  void widerColumnsTakeNarrowerIntegersInBothModes() {
    Path tablePath = dir.resolve("t");
    DeltaTable table = DeltaLens.create(tablePath).schema("id long, v double").commit();
    String narrow = "message m { optional int32 id; optional float v; }";
    Path outside = ParquetFiles.write(dir.resolve("n.parquet"), narrow,
        List.of(g -> g.append("id", 7).append("v", 1.5f)));
    ParquetFiles.write(tablePath.resolve("n.parquet"), narrow, List.of(g -> g.append("id", 8).append("v", 2.5f)));
    table.newAppend().appendFile(outside).commit();
    table.newAppend().appendFile(tablePath.resolve("n.parquet")).register().commit();
    Table rows = table.toTable().sortAscendingOn("id");
    assertEquals(List.of(7L, 8L), rows.longColumn("id").asList());
    assertEquals(List.of(1.5, 2.5), rows.doubleColumn("v").asList());
    assertEquals(8, TableFiles.stats(TableFiles.adds(tablePath, 2).get(0)).get("maxValues").get("id").asLong());
  }

  @Test
  void partitionedCopyWritesHiveFoldersAndRegisterReadsThem() {
    Path tablePath = dir.resolve("t");
    DeltaTable table = DeltaLens.create(tablePath)
        .schema("id long, name string, day date").partitionBy("day").commit();
    Path rows = ParquetFiles.write(dir.resolve("in.parquet"),
        "message m { optional int64 id; optional binary name (STRING); optional int32 day (DATE); }",
        List.of(g -> g.append("id", 1L).append("name", "a").append("day", 19723),
            g -> g.append("id", 2L).append("name", "b").append("day", 19724),
            g -> g.append("id", 3L).append("name", "c").append("day", 19723),
            g -> g.append("id", 4L).append("name", "d")));
    AppendResult copied = table.newAppend().appendFile(rows).commit();
    assertEquals(3, copied.filesAdded());
    assertEquals(4, copied.rowsAdded());
    assertTrue(Files.isDirectory(tablePath.resolve("day=2024-01-01")));
    assertTrue(Files.isDirectory(tablePath.resolve("day=2024-01-02")));
    assertTrue(Files.isDirectory(tablePath.resolve("day=__HIVE_DEFAULT_PARTITION__")));

    ParquetFiles.write(tablePath.resolve("day=2024-01-05/x.parquet"),
        "message m { optional int64 id; optional binary name (STRING); }",
        List.of(g -> g.append("id", 5L).append("name", "e")));
    table.newAppend().appendFile(tablePath.resolve("day=2024-01-05")).register().commit();
    JsonNode add = TableFiles.adds(tablePath, 2).get(0);
    assertEquals("2024-01-05", add.get("partitionValues").get("day").asText());
    assertFalse(TableFiles.stats(add).get("minValues").has("day"), "no stats for partition columns");

    Table all = table.toTable();
    assertEquals(range(1, 5), ids(all));
    Table jan1 = table.read().where("day = '2024-01-01'").toTable();
    assertEquals(Set.of(1L, 3L), ids(jan1));
    assertEquals(Set.of(4L), ids(table.read().where("day is null").toTable()));
  }

  @Test
  void checkpointIntervalIsHonouredAfterCommits() {
    DeltaTable table = DeltaLens.create(dir.resolve("t")).schema("id long, name string")
        .property("delta.checkpointInterval", "2").commit();
    for (int i = 1; i <= 4; i++) {
      table.newAppend().appendFile(ParquetFiles.ids(dir.resolve(i + ".parquet"), i)).commit();
    }
    Path log = table.path().resolve("_delta_log");
    assertTrue(Files.exists(log.resolve(String.format("%020d.checkpoint.parquet", 2))));
    assertTrue(Files.exists(log.resolve(String.format("%020d.checkpoint.parquet", 4))));
    assertEquals(range(1, 4), ids(table.toTable()));

    assertEquals(3, table.checkpoint(3));
    assertTrue(Files.exists(log.resolve(String.format("%020d.checkpoint.parquet", 3))));
    assertEquals(range(1, 3), ids(table.toTable(3)));
  }

  @Test
  void anAppendCreatesItsTableInOneCommitHoldingItsFiles() throws Exception {
    Path landed = dir.resolve("landed");
    ParquetFiles.ids(landed.resolve("a.parquet"), 1, 2);
    ParquetFiles.ids(landed.resolve("b.parquet"), 3);
    AppendResult created = DeltaLens.append(landed).appendFile(landed).register().txn("job", 0).createIfAbsent()
        .commit();
    assertEquals(0, created.version());
    assertEquals(2, created.filesAdded());
    assertEquals(3, created.rowsAdded());
    DeltaTable table = DeltaLens.open(landed);
    assertEquals(0, table.version());
    assertEquals(range(1, 3), ids(table.toTable()));
    assertEquals("[long, string]", table.schema().columns().stream().map(c -> c.type()).toList().toString());
    assertTrue(table.newAppend().appendFile(landed.resolve("a.parquet")).register().txn("job", 0).commit()
        .alreadyCommitted(), "the txn is in version 0");
    AppendResult again = DeltaLens.append(landed).appendFile(ParquetFiles.ids(dir.resolve("in/c.parquet"), 4))
        .createIfAbsent().commit();
    assertEquals(1, again.version(), "a table there: a plain append");

    Path copied = dir.resolve("copied");
    assertEquals(0, DeltaLens.append(copied).appendFile(dir.resolve("in/c.parquet")).createIfAbsent().commit()
        .version());
    assertEquals(Set.of(4L), ids(DeltaLens.open(copied).toTable()));
    try (Stream<Path> files = Files.list(copied)) {
      assertEquals(1, files.filter(p -> p.toString().endsWith(".parquet")).count(), "the copy is inside the table");
    }

    Path outside = dir.resolve("outside");
    DeltaLensException e = assertThrows(DeltaLensException.class, () -> DeltaLens.append(outside)
        .appendFile(dir.resolve("in/c.parquet")).register().createIfAbsent().commit());
    assertTrue(e.getMessage().contains("not inside the table"), e.getMessage());
    DeltaLensException absent = assertThrows(DeltaLensException.class, () -> DeltaLens.append(outside)
        .appendFile(dir.resolve("in/c.parquet")).commit());
    assertTrue(absent.getMessage().contains("not a Delta table: " + outside), absent.getMessage());
    assertFalse(Files.exists(outside), "nothing created");
  }

  @Test
  void createRefusesAnExistingTableUnlessIfAbsent() {
    Path tablePath = dir.resolve("t");
    DeltaLens.create(tablePath).schema("id long").commit();
    DeltaLensException e = assertThrows(DeltaLensException.class,
        () -> DeltaLens.create(tablePath).schema("id long").commit());
    assertTrue(e.getMessage().contains("exists already"), e.getMessage());
    assertEquals(0, DeltaLens.create(tablePath).schema("x string").ifAbsent().commit().version());
  }
}
