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
    assertEquals(List.of("a/b/two", "a/one"), names(scan.list(dir, f -> false, Long.MIN_VALUE)));
    Thread.sleep(2200); // past the window in which a folder's time is not trusted
    assertEquals(List.of("a/b/two", "a/one"), names(scan.list(dir, f -> false, Long.MIN_VALUE)), "from the cache: the same");

    Files.writeString(dir.resolve("a/b/three"), "3");
    Files.delete(dir.resolve("a/one"));
    Files.createDirectories(dir.resolve("c"));
    Files.writeString(dir.resolve("c/four"), "4");
    assertEquals(List.of("a/b/three", "a/b/two", "c/four"), names(scan.list(dir, f -> false, Long.MIN_VALUE)));
    assertEquals(names(Storage.listAll(io.deltalens.internal.storage.Location.local(dir))), names(scan.list(dir, f -> false, Long.MIN_VALUE)),
        "what a full listing says");
    assertEquals(List.of("a/b/two", "c/four"), names(new FolderScan().list(dir, f -> f.name().equals("three"), Long.MIN_VALUE)),
        "files the caller knows left out");
  }

  @Test
  void leafFoldersUnchangedSinceTheHorizonAreNotRead() throws Exception {
    Files.createDirectories(dir.resolve("old/sub"));
    Files.writeString(dir.resolve("old/one"), "1");
    Files.writeString(dir.resolve("old/sub/two"), "2");
    Files.createDirectories(dir.resolve("new"));
    Files.writeString(dir.resolve("new/three"), "3");
    java.nio.file.attribute.FileTime yesterday = java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 86_400_000);
    Files.setLastModifiedTime(dir.resolve("old/sub"), yesterday);
    Files.setLastModifiedTime(dir.resolve("old"), yesterday);
    long horizon = System.currentTimeMillis() - 3_600_000;
    assertEquals(List.of("new/three", "old/one"), names(new FolderScan().list(dir, f -> false, horizon)),
        "old/sub (a leaf, a day old) not read; old holds a folder, so it is read");
    Files.writeString(dir.resolve("old/sub/four"), "4");
    assertEquals(List.of("new/three", "old/one", "old/sub/four", "old/sub/two"),
        names(new FolderScan().list(dir, f -> false, horizon)), "changed since: read");
  }

  private List<String> names(List<Storage.Entry> files) {
    return files.stream().map(f -> dir.relativize(f.location().local().orElseThrow()).toString()).sorted().toList();
  }
}
