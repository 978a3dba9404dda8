package io.deltalens.internal.landing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.deltalens.internal.storage.Storage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watcher's cached listing sees every change a fresh listing would, once its folders have settled too. */
class FolderScanTest {
  @TempDir Path dir;

  @Test
  void filesAddedOrRemovedInSettledFoldersAreSeen() throws Exception {
    Files.createDirectories(dir.resolve("a/b"));
    Files.writeString(dir.resolve("a/one"), "1");
    Files.writeString(dir.resolve("a/b/two"), "2");
    FolderScan scan = new FolderScan();
    assertEquals(List.of("a/b/two", "a/one"), names(scan.list(dir, f -> false)));
    Thread.sleep(2200); // past the window in which a folder's time is not trusted
    assertEquals(List.of("a/b/two", "a/one"), names(scan.list(dir, f -> false)), "from the cache: the same");

    Files.writeString(dir.resolve("a/b/three"), "3");
    Files.delete(dir.resolve("a/one"));
    Files.createDirectories(dir.resolve("c"));
    Files.writeString(dir.resolve("c/four"), "4");
    assertEquals(List.of("a/b/three", "a/b/two", "c/four"), names(scan.list(dir, f -> false)));
    assertEquals(names(Storage.listAll(io.deltalens.internal.storage.Location.local(dir))), names(scan.list(dir, f -> false)),
        "what a full listing says");
    assertEquals(List.of("a/b/two", "c/four"), names(new FolderScan().list(dir, f -> f.name().equals("three"))),
        "files the caller knows left out");
  }

  private List<String> names(List<Storage.Entry> files) {
    return files.stream().map(f -> dir.relativize(f.location().local().orElseThrow()).toString()).sorted().toList();
  }
}
