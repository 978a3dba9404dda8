package io.deltalens.internal.landing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.delta.kernel.types.StructType;
import io.deltalens.DeltaLens;
import io.deltalens.internal.storage.Location;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A watcher forgets the names it set aside once their files are gone: it may run for months. */
class WatcherTest {
  @TempDir Path dir;

  @Test
  void namesOfFilesThatAreGoneAreForgotten() throws Exception {
    DeltaLens.create(dir.toString()).schema("id long").commit();
    Location table = Location.local(dir);
    Path hidden = Files.writeString(dir.resolve(".upload.parquet"), "not yet");
    Path empty = Files.createFile(dir.resolve("empty.parquet"));
    Thread.sleep(20); // both arrive before the claim below

    Watcher first = watcher(table);
    first.cycle(); // skips (and reports) both, and claims the listing's time: nothing was left for later
    assertEquals(2, first.remembered(), "both skipped files reported");
    Files.delete(empty);
    first.cycle();
    assertEquals(1, first.remembered(), "the deleted file is forgotten");

    Watcher next = watcher(table); // a new process: the hidden file arrived before the last claim
    next.cycle();
    assertEquals(1, next.remembered(), "the hidden file is set aside as older than the claim");
    for (int cycle = 0; cycle < 3; cycle++) {
      next.cycle();
      assertEquals(1, next.remembered(), "while it lies there, it stays aside");
    }
    Files.delete(hidden);
    next.cycle();
    assertEquals(0, next.remembered(), "gone: forgotten");
    first.cycle();
    assertEquals(0, first.remembered(), "gone for the first watcher too");
  }

  private static Watcher watcher(Location table) {
    return new Watcher(new LandingTable(table, new LandingTable.Settings(false, false, new StructType(),
        "test-landing", Duration.ZERO, message -> {})), table, Duration.ZERO);
  }
}
