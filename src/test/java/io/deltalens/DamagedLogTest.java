package io.deltalens;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Logs that other writers, crashes and disks leave behind: read where readable, named where not. */
class DamagedLogTest {
  @TempDir Path dir;
  Path tablePath;
  DeltaTable table;

  @BeforeEach
  void table() {
    tablePath = dir.resolve("t");
    table = DeltaLens.create(tablePath).schema("id long, name string").commit();
    table.newAppend().appendFile(ParquetFiles.ids(dir.resolve("a.parquet"), 1, 2)).commit();
    table.newAppend().appendFile(ParquetFiles.ids(dir.resolve("b.parquet"), 3, 4)).commit();
  }

  Path commit(long version) {
    return tablePath.resolve("_delta_log").resolve(String.format("%020d.json", version));
  }

  @Test
  void blankLinesInACommitAreSkipped() throws Exception {
    Files.writeString(commit(2), Files.readString(commit(2)).replace("\n", "\n\n") + "\n  \n");
    assertEquals(List.of(1L, 2L, 3L, 4L), table.toTable().longColumn("id").asList());
    assertEquals(3, table.history().rowCount());
    assertEquals(2, table.files().rowCount());
  }

  @Test
  void anEmptyLastCheckpointIsAbsentAtOnce() throws Exception {
    table.checkpoint();
    for (String content : List.of("", "\n", "{not json")) {
      Files.writeString(tablePath.resolve("_delta_log/_last_checkpoint"), content);
      // -v shows Kernel's info lines: it would say "Attempt: 2 / 3" had it waited and retried
      CliTest.Run run = CliTest.cli("read", tablePath.toString(), "-v", "--format", "json");
      assertEquals(0, run.exit(), run.err());
      assertEquals(4, run.json().size());
      assertFalse(run.err().contains("Attempt: 2"), run.err());
      CliTest.Run quiet = CliTest.cli("read", tablePath.toString());
      // no log lines without -v (a progress line may show where the machine is slow)
      assertEquals(List.of(), quiet.err().lines().filter(l -> !l.startsWith("  … ")).toList(), "quiet without -v");
    }
  }

  @Test
  void anAppendOnACorruptLatestCommitIsRefusedNamingTheFile() throws Exception {
    List<String> lines = Files.readAllLines(commit(2));
    int add = lines.indexOf(lines.stream().filter(l -> l.startsWith("{\"add\"")).findFirst().orElseThrow());
    lines.set(add, lines.get(add).substring(0, lines.get(add).length() / 2));
    Files.write(commit(2), lines);
    Map<String, String> before = TableFiles.fingerprint(tablePath);
    DeltaLensException refused = assertThrows(DeltaLensException.class,
        () -> table.newAppend().appendFile(ParquetFiles.ids(dir.resolve("c.parquet"), 5)).commit());
    assertTrue(refused.getMessage().contains(commit(2) + " is damaged: its line " + (add + 1) + " is not JSON"),
        refused.getMessage());
    assertEquals(before, TableFiles.fingerprint(tablePath), "nothing written");
    DeltaLensException read = assertThrows(DeltaLensException.class, () -> table.toTable());
    assertTrue(read.getMessage().contains(commit(2).toString()), read.getMessage());
    CliTest.Run cli = CliTest.cli("read", tablePath.toString());
    assertEquals(1, cli.exit());
    assertEquals(1, cli.err().strip().lines().count(), "one line: " + cli.err());
    assertTrue(cli.err().contains(commit(2).toString()), cli.err());
  }

  @Test
  void aMissingDataFileOrATruncatedCheckpointIsNamed() throws Exception {
    table.checkpoint();
    Path data = tablePath.resolve(TableFiles.adds(tablePath, 1).get(0).get("path").asText());
    Files.delete(data);
    DeltaLensException missing = assertThrows(DeltaLensException.class, () -> table.toTable());
    assertTrue(missing.getMessage().contains("data file " + data + " is missing"), missing.getMessage());

    Path checkpoint = tablePath.resolve("_delta_log").resolve(String.format("%020d.checkpoint.parquet", 2));
    byte[] bytes = Files.readAllBytes(checkpoint);
    Files.write(checkpoint, Arrays.copyOf(bytes, bytes.length / 2));
    CliTest.Run cli = CliTest.cli("files", tablePath.toString());
    assertEquals(1, cli.exit());
    assertEquals(1, cli.err().strip().lines().count(), "one line: " + cli.err());
    assertTrue(cli.err().contains(checkpoint.toString()), cli.err());
    assertFalse(cli.err().contains("LocalInputFile@"), cli.err());
  }

  @Test
  void aLaterWriterRemovesTemporaryFilesThatKilledWritersLeft() throws Exception {
    Path log = tablePath.resolve("_delta_log");
    Path oldCommit = Files.writeString(log.resolve(".00000000000000000003.json.0a1b.tmp"), "{\"add\"");
    Path oldPointer = Files.writeString(log.resolve("._last_checkpoint.2c3d.tmp"), "{");
    Path inFlight = Files.writeString(log.resolve(".00000000000000000003.json.4e5f.tmp"), "{");
    FileTime hourAgo = FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS));
    Files.setLastModifiedTime(oldCommit, hourAgo);
    Files.setLastModifiedTime(oldPointer, hourAgo);
    table.newAppend().appendFile(ParquetFiles.ids(dir.resolve("c.parquet"), 5)).commit();
    assertFalse(Files.exists(oldCommit));
    assertFalse(Files.exists(oldPointer));
    assertTrue(Files.exists(inFlight), "a temporary file of a writer still at work stays");
    assertEquals(3, table.version());
  }
}
