package io.deltalens;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Vacuum with time travel before and after: inside the window old versions still read; outside it their
 * files go, and reading them names a missing file; the latest version, the log, hidden files and files
 * written inside the window stay. Kernel's log cleanup at a checkpoint drops expired commits a checkpoint covers.
 */
class VacuumTest {
  @TempDir static Path shared;
  @TempDir Path dir;

  static Stream<Store> stores() throws Exception {
    return Store.all(shared.resolve("stores"));
  }

  /** Five appends of one file each, then a compaction: five removed files, one live. */
  private DeltaTable compacted(Store store, String location) throws Exception {
    DeltaTable table = store.create(location).schema("id long, name string").commit();
    for (int i = 0; i < 5; i++) {
      table.newAppend().appendFile(ParquetFiles.ids(dir.resolve(i + ".parquet"), i)).commit();
    }
    assertTrue(table.compact().commit().committed());
    return table;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void oldVersionsReadInsideTheWindowAndNameTheMissingFileOutsideIt(Store store) throws Exception {
    String location = store.table("vacuumed");
    DeltaTable table = compacted(store, location);
    assertEquals(0, table.vacuum().plan().rowCount(), "the week's window keeps the removed files");
    assertEquals(0, table.vacuum().retain(Duration.ofHours(1)).force().run().filesDeleted(),
        "removed an instant ago: inside an hour's window");
    assertEquals(5, table.toTable(3).rowCount() + 2, "version 3 reads");
    DeltaLensException refused = assertThrows(DeltaLensException.class,
        () -> table.vacuum().retain(Duration.ofHours(1)).run());
    assertTrue(refused.getMessage().contains("under the table's delta.deletedFileRetentionDuration (7 days)"),
        refused.getMessage());

    Thread.sleep(20);
    VacuumResult result = table.vacuum().retain(Duration.ZERO).force().run();

    assertEquals(5, result.filesDeleted(), result.toString());
    assertEquals(5, table.toTable().rowCount(), "the latest version reads");
    assertTrue(table.verify().run().ok());
    assertTrue(store.files(location).stream().anyMatch(f -> f.startsWith("_delta_log/")), "the log stays");
    DeltaLensException gone = assertThrows(DeltaLensException.class, () -> table.toTable(3));
    assertTrue(gone.getMessage().contains(".parquet"), "names the missing file: " + gone.getMessage());
  }

  @Test
  void orphansOlderThanTheWindowGoFreshOnesAndHiddenOnesStay() throws Exception {
    Store local = new Store("local", dir.toString(), java.util.Map.of());
    Path location = dir.resolve("orphans");
    DeltaTable table = compacted(local, location.toString());
    FileTime old = FileTime.from(Instant.now().minus(Duration.ofDays(2)));
    List<Path> made = new ArrayList<>();
    for (String name : List.of("old-orphan.parquet", "fresh-orphan.parquet", "_tmp/old.parquet", ".hidden.crc",
        "day=1/old.parquet", "_kafka-app-orders-0/old.parquet", "_change_data/old.parquet")) {
      Path file = location.resolve(name);
      Files.createDirectories(file.getParent());
      Files.writeString(file, "x");
      made.add(file);
    }
    for (Path file : made) {
      if (!file.getFileName().toString().startsWith("fresh")) {
        Files.setLastModifiedTime(file, old);
      }
    }

    List<String> planned = table.vacuum().retain(Duration.ofHours(1)).force().plan().stringColumn("path").asList();

    assertEquals(List.of("_change_data/old.parquet", "_kafka-app-orders-0/old.parquet", "day=1/old.parquet",
        "old-orphan.parquet"), planned.stream().sorted().toList(), "Kafka's folders and change data are data");
    assertEquals(4, table.vacuum().retain(Duration.ofHours(1)).force().run().filesDeleted());
    assertTrue(Files.exists(location.resolve("fresh-orphan.parquet")), "may be an append in flight");
    assertTrue(Files.exists(location.resolve("_tmp/old.parquet")) && Files.exists(location.resolve(".hidden.crc")));
    assertEquals(5, table.toTable().rowCount());
  }

  @Test
  void commandLineDryRunRefusalAndRun() throws Exception {
    Store local = new Store("local", dir.toString(), java.util.Map.of());
    Path location = dir.resolve("cli");
    compacted(local, location.toString());
    Thread.sleep(20);
    java.util.Map<String, String> files = TableFiles.fingerprint(location);

    CliTest.Run dry = CliTest.cli("vacuum", location.toString(), "--retain", "0h", "--force", "--dry-run");
    assertEquals(0, dry.exit(), dry.err());
    assertTrue(dry.out().contains("would delete 5 files"), dry.out());
    assertEquals(files, TableFiles.fingerprint(location), "a dry run deletes nothing");

    CliTest.Run refused = CliTest.cli("vacuum", location.toString(), "--retain", "24h");
    assertEquals(1, refused.exit());
    assertTrue(refused.err().contains("refusing to vacuum") && refused.err().lines().count() == 1, refused.err());

    CliTest.Run run = CliTest.cli("vacuum", location.toString(), "--retain", "0h", "--force", "--format", "json");
    assertEquals(0, run.exit(), run.err());
    assertEquals(5, run.json().get(0).get("filesDeleted").asInt());
  }
  @Test
  void aCheckpointCleansUpCommitsPastTheLogRetentionAndVacuumThenRefusesAWindowReachingThem() throws Exception {
    Path location = dir.resolve("cleaned");
    DeltaTable table = DeltaLens.create(location.toString()).schema("id long, name string")
        .property("delta.checkpointInterval", "1000").commit(); // checkpoints only when asked for
    for (int i = 1; i <= 12; i++) {
      table.newAppend().appendFile(ParquetFiles.ids(dir.resolve(i + ".parquet"), i)).commit();
    }
    table.checkpoint(5);
    Path log = location.resolve("_delta_log");
    FileTime expired = FileTime.from(Instant.now().minus(Duration.ofDays(31))); // past the 30 days' default
    try (Stream<Path> files = Files.list(log)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (name.matches("0+[0-8]\\..*")) {
          Files.setLastModifiedTime(file, expired);
        }
      }
    }

    table.checkpoint(); // Kernel cleans up the log after writing it, as Spark does

    List<String> commits;
    try (Stream<Path> files = Files.list(log)) {
      commits = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
    }
    assertEquals(String.format("%020d.json", 5), commits.get(0), "0-4 were covered by checkpoint 5: " + commits);
    assertEquals(String.format("%020d.json", 12), commits.get(commits.size() - 1));
    assertEquals(12, table.toTable().rowCount(), "the latest version reads");
    assertEquals(5, table.toTable(5).rowCount(), "version 5 reads from its checkpoint");
    DeltaLensException gone = assertThrows(DeltaLensException.class, () -> table.toTable(3));
    assertTrue(gone.getMessage().contains("00000000000000000003.json is gone"), gone.getMessage());
    assertEquals(0, table.vacuum().plan().rowCount(), "a week's window: commit 8 (31 days old) is before it");
    DeltaLensException refused = assertThrows(DeltaLensException.class,
        () -> table.vacuum().retain(Duration.ofDays(40)).plan()); // commits 5-8 are in it, what came before not
    assertTrue(refused.getMessage().contains("past the log's oldest commit (5"), refused.getMessage());
    assertTrue(table.verify().run().ok(), "the checkpoint agrees with what is left");
  }
}
