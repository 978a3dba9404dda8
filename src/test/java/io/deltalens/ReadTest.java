package io.deltalens;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The read side over a multi-version table: versions, time travel, filters, views, checkpoints. */
class ReadTest {
  static final int VERSIONS = 6;

  @TempDir Path dir;
  Path tablePath;
  DeltaTable table;
  /** ids appended at each version (index = version). */
  List<Set<Long>> appended = new ArrayList<>();

  @BeforeEach
  void sixVersions() throws Exception {
    tablePath = dir.resolve("t");
    table = DeltaLens.create(tablePath).schema("id long, name string").commit();
    appended.add(Set.of());
    for (int v = 1; v <= VERSIONS; v++) {
      long a = v * 10L;
      appended.add(Set.of(a, a + 1, a + 2));
      table.newAppend().appendFile(ParquetFiles.ids(dir.resolve("in/" + v + ".parquet"), a, a + 1, a + 2)).commit();
    }
    // spread commit times one minute apart so time travel has room between commits
    for (int v = 0; v <= VERSIONS; v++) {
      Files.setLastModifiedTime(tablePath.resolve(String.format("_delta_log/%020d.json", v)),
          FileTime.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(60L * v)));
    }
  }

  Set<Long> idsUpTo(long version) {
    Set<Long> ids = new TreeSet<>();
    for (int v = 1; v <= version; v++) {
      ids.addAll(appended.get(v));
    }
    return ids;
  }

  static Set<Long> ids(Table rows) {
    return new TreeSet<>(rows.longColumn("id").asList());
  }

  @Test
  void everyVersionHoldsTheRowsThatExistedThen() {
    for (long v = 0; v <= VERSIONS; v++) {
      Table rows = table.toTable(v);
      assertEquals(idsUpTo(v), ids(rows), "version " + v);
      assertEquals(3 * v, rows.rowCount());
    }
  }

  @Test
  void timeTravelPicksTheVersionCurrentAtAnInstant() {
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    for (int v = 0; v <= VERSIONS; v++) {
      Instant exact = start.plusSeconds(60L * v);
      assertEquals(v, table.read().timestamp(exact).resolvedVersion(), "at commit " + v);
      if (v < VERSIONS) {
        assertEquals(v, table.read().timestamp(exact.plusSeconds(30)).resolvedVersion());
        assertEquals(idsUpTo(v), ids(table.read().timestamp(exact.plusSeconds(59)).toTable()));
      }
    }
    assertEquals(3, table.read().timestamp("2026-01-01T00:03:00Z").resolvedVersion());
    assertEquals(3, table.read().timestamp("2026-01-01T01:03:30+01:00").resolvedVersion());
  }

  @Test
  void outOfRangeRequestsNameWhatExists() {
    DeltaLensException early = assertThrows(DeltaLensException.class,
        () -> table.read().timestamp("2025-12-31T23:00:00Z").toTable());
    assertTrue(early.getMessage().endsWith("existed at 2025-12-31T23:00:00Z: the first commit (version 0) was at"
        + " 2026-01-01T00:00:00Z, the latest (version " + VERSIONS + ") at 2026-01-01T00:06:00Z"), early.getMessage());
    // after the latest commit, the latest version is current (as delta-rs reads it)
    assertEquals(VERSIONS, table.read().timestamp("2027-01-01T00:00:00Z").resolvedVersion());
    DeltaLensException version = assertThrows(DeltaLensException.class, () -> table.toTable(99));
    assertTrue(version.getMessage().endsWith("the latest version is " + VERSIONS), version.getMessage());
    DeltaLensException badTime = assertThrows(DeltaLensException.class,
        () -> table.read().timestamp("yesterday").toTable());
    assertTrue(badTime.getMessage().contains("not a timestamp: 'yesterday'"));
  }

  @Test
  void aVersionWhoseCommitIsGoneSaysSo() throws Exception {
    table.checkpoint(4);
    Files.delete(tablePath.resolve(String.format("_delta_log/%020d.json", 2)));
    DeltaLensException gone = assertThrows(DeltaLensException.class, () -> table.toTable(2));
    assertTrue(gone.getMessage().contains("commit file 00000000000000000002.json is gone"), gone.getMessage());
    assertEquals(idsUpTo(5), ids(table.toTable(5)), "versions after the checkpoint still load");
    Table history = table.history();
    assertTrue(history.name().contains("cleaned up") || history.rowCount() == VERSIONS, history.name());
    assertTrue(!history.longColumn("version").asList().contains(2L));
  }

  @Test
  void filtersReturnExactlyWhatAFullReadPlusFilterReturns() {
    record Case(String where, Predicate<Long> keep) {}
    List<Case> cases = List.of(
        new Case("id >= 30 and id < 42", id -> id >= 30 && id < 42),
        new Case("id = 11 or id in (50, 62, 999)", id -> id == 11 || id == 50 || id == 62),
        new Case("not (id > 20)", id -> !(id > 20)),
        new Case("name = 'n41'", id -> id == 41),
        new Case("id != 10 and name is not null", id -> id != 10),
        new Case("name is null", id -> false),
        new Case("40 < id", id -> id > 40),
        new Case("id between 20 and 31", id -> id >= 20 && id <= 31),
        new Case("id not between 20 and 60 and id <=> id", id -> id < 20 || id > 60),
        new Case("id == 12 or id >= id and 60 <= id", id -> id == 12 || id >= 60));
    Set<Long> all = ids(table.toTable());
    for (Case c : cases) {
      Set<Long> expected = new TreeSet<>();
      all.stream().filter(c.keep()).forEach(expected::add);
      assertEquals(expected, ids(table.read().where(c.where()).toTable()), c.where());
    }
    DeltaLensException function =
        assertThrows(DeltaLensException.class, () -> table.read().where("length(name) > 2").toTable());
    assertTrue(function.getMessage().contains("function length(...) is not supported"), function.getMessage());
  }

  @Test
  void explainShowsFilesSkippedByMinMax() {
    Table explained = table.explain("id >= 40");
    assertEquals(VERSIONS, explained.rowCount());
    assertEquals(3, explained.booleanColumn("kept").countTrue(), "versions 4..6 hold ids >= 40");
    Table skipped = explained.where(explained.booleanColumn("kept").isFalse());
    assertTrue(skipped.stringColumn("why").asList().stream().allMatch(w -> w.startsWith("cannot match: id in [")),
        skipped.stringColumn("why").asList().toString());
    Table kept = explained.where(explained.booleanColumn("kept").isTrue());
    assertTrue(kept.stringColumn("why").asList().stream().allMatch(w -> w.startsWith("may match: id in [")),
        "a kept file says why too: " + kept.stringColumn("why").asList());
  }

  @Test
  void projectionLimitAndViews() {
    Table two = table.read().columns("name").limit(2).toTable();
    assertEquals(List.of("name"), two.columnNames());
    assertEquals(2, two.rowCount());

    Table files = table.files(3);
    assertEquals(3, files.rowCount());
    assertEquals(List.of("3", "3", "3"), files.longColumn("numRecords").asList().stream().map(String::valueOf).toList());
    assertTrue(files.columnNames().containsAll(List.of("min.id", "max.id", "nulls.id", "min.name")));

    Table history = table.history();
    assertEquals(VERSIONS + 1, history.rowCount());
    assertEquals("CREATE TABLE", history.stringColumn("operation").get(VERSIONS));
    assertEquals(3, history.longColumn("rowsAdded").get(0));

    Table commit = table.commit(2);
    assertEquals(List.of("commitInfo", "add"), commit.stringColumn("action").asList());

    Table diff = table.diff(1, 4);
    assertTrue(diff.stringColumn("what").get(0).contains("+3 files (+9 rows)"), diff.stringColumn("what").get(0));

    Table describe = table.describe();
    assertTrue(describe.stringColumn("value").asList().contains(String.valueOf(3 * VERSIONS)));
  }

  @Test
  void aCheckpointHoldsTheStateTheJsonCommitsBuild() {
    Set<String> fromJson = new TreeSet<>(table.files().stringColumn("path").asList());
    table.checkpoint();
    Table checkpoint = table.showCheckpoint();
    Set<String> fromCheckpoint = new TreeSet<>();
    for (int r = 0; r < checkpoint.rowCount(); r++) {
      if (!checkpoint.column("add.path").isMissing(r)) {
        fromCheckpoint.add(checkpoint.getString(r, "add.path"));
      }
    }
    assertEquals(fromJson, fromCheckpoint);
    assertTrue(checkpoint.containsColumn("metaData.schemaString"));
    assertTrue(checkpoint.containsColumn("protocol.minReaderVersion"));
    Table list = table.checkpoints();
    assertEquals("classic", list.stringColumn("kind").get(0));
    assertEquals(checkpoint.rowCount(), list.longColumn("actions").get(0));
    // and a reader that starts from the checkpoint sees the same rows
    assertEquals(idsUpTo(VERSIONS), ids(table.toTable()));
    assertEquals(VERSIONS, table.version());
    assertTrue(table.commitTime(table.version()).toEpochMilli() > 0);

    CheckpointActions grouped = table.checkpointActions();
    assertEquals(List.of("protocol", "metaData", "add"), grouped.kinds(), "reading order, only kinds it holds");
    Table adds = grouped.get("add");
    assertEquals(fromJson, new TreeSet<>(adds.stringColumn("path").asList()), "every add, and only adds");
    assertTrue(adds.columnNames().stream().noneMatch(c -> c.startsWith("metaData") || c.startsWith("add.")),
        adds.columnNames().toString());
    assertEquals(1, grouped.get("protocol").rowCount());
    assertEquals(List.of(1, 1, fromJson.size()), grouped.summary().intColumn("actions").asList());
    DeltaLensException none = assertThrows(DeltaLensException.class, () -> grouped.get("txn"));
    assertTrue(none.getMessage().contains("has no txn actions; it has [protocol, metaData, add]"), none.getMessage());
  }
}
