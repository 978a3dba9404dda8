package io.deltalens;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A table on a real file system that fills up (a small tmpfs, mounted for the test; skipped where the
 * test may not mount): the failure is one line with the path and the system's reason, it is not retried,
 * and nothing is left half-written.
 */
class FullDiskTest {
  @TempDir Path dir;
  Path disk;
  boolean mounted;
  DeltaTable table;

  @BeforeEach
  void mount() throws Exception {
    disk = Files.createDirectories(dir.resolve("disk"));
    Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", disk.toString())
        .redirectErrorStream(true).start();
    assumeTrue(mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0,
        "cannot mount a small tmpfs here (needs root): " + new String(mount.getInputStream().readAllBytes()));
    mounted = true;
    table = DeltaLens.create(disk.resolve("t")).schema("id long, name string").commit();
    table.newAppend().appendFile(ParquetFiles.ids(dir.resolve("a.parquet"), 1, 2)).commit();
  }

  @AfterEach
  void unmount() throws Exception {
    if (mounted) { // whatever failed after the mount, it goes
      new ProcessBuilder("umount", disk.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** Fills the disk, leaving about {@code free} bytes. */
  void fill(long free) throws IOException {
    try (OutputStream out = Files.newOutputStream(disk.resolve("filler"))) {
      byte[] block = new byte[4096];
      long left = Files.getFileStore(disk).getUsableSpace() - free;
      for (long written = 0; written + block.length <= left; written += block.length) {
        out.write(block);
      }
    } catch (IOException full) {
      // the disk is as full as it gets
    }
  }

  @Test
  void anAppendOnAFullDiskFailsInOneLineAndLeavesNothing() throws Exception {
    Path big = ParquetFiles.ids(dir.resolve("big.parquet"), java.util.stream.LongStream.range(0, 50_000).toArray());
    fill(64 * 1024);
    Map<String, String> before = TableFiles.fingerprint(table.path());
    CliTest.Run run = CliTest.cli("append", table.path().toString(), big.toString());
    assertEquals(1, run.exit());
    assertEquals(1, run.err().strip().lines().count(), "one line: " + run.err());
    assertTrue(run.err().contains("No space left on device"), run.err());
    assertFalse(run.err().contains("retries"), run.err());
    assertEquals(before, TableFiles.fingerprint(table.path()), "no data file, no commit left");
  }

  @Test
  void aCommitOnAFullDiskIsNotRetried() throws Exception {
    Path small = ParquetFiles.ids(dir.resolve("small.parquet"), 3);
    fill(0);
    Map<String, String> before = TableFiles.fingerprint(table.path());
    CliTest.Run run = CliTest.cli("append", table.path().toString(), small.toString());
    assertEquals(1, run.exit());
    assertEquals(1, run.err().strip().lines().count(), "one line: " + run.err());
    assertTrue(run.err().contains("No space left on device"), run.err());
    assertFalse(run.err().contains("retries"), run.err());
    assertEquals(before, TableFiles.fingerprint(table.path()));
  }

  @Test
  void aCheckpointOnAFullDiskLeavesNoTemporaryFile() throws Exception {
    fill(0);
    CliTest.Run run = CliTest.cli("checkpoint", table.path().toString());
    assertEquals(1, run.exit());
    assertEquals(1, run.err().strip().lines().count(), "one line: " + run.err());
    assertTrue(run.err().contains("checkpoint of version 1"), run.err());
    try (var files = Files.list(table.path().resolve("_delta_log"))) {
      assertEquals(0, files.filter(f -> f.getFileName().toString().endsWith(".tmp")).count());
    }
    Files.delete(disk.resolve("filler"));
    assertEquals(0, CliTest.cli("checkpoint", table.path().toString()).exit(), "works once there is room");
  }
}
