package io.deltalens.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.FileReadRequest;
import io.delta.kernel.engine.FileSystemClient;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import io.deltalens.internal.kernel.Iterators;
import io.deltalens.internal.storage.Storage;
import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local client answers as Kernel's own Hadoop client does, for what Kernel asks of a local table. */
class LocalFileSystemClientTest {
  @TempDir Path dir;

  private final FileSystemClient hadoop = DefaultEngine.create(Storage.configuration()).getFileSystemClient();
  private final FileSystemClient local = new LocalFileSystemClient(hadoop);

  @Test
  void listsResolvesStatsAndReadsAsKernelsHadoopClient() throws Exception {
    Path log = Files.createDirectories(dir.resolve("my table/_delta_log"));
    for (String name : List.of("00000000000000000000.json", "00000000000000000001.json",
        "00000000000000000001.checkpoint.parquet", "00000000000000000002.crc", "_last_checkpoint")) {
      Files.writeString(log.resolve(name), "content of " + name);
    }
    Files.createDirectories(log.resolve("_sidecars"));
    for (String from : List.of("00000000000000000000.json", "00000000000000000001", "00000000000000000002.json",
        "0", "zz")) {
      String path = log.resolve(from).toString();
      assertEquals(statuses(hadoop.listFrom(path)), statuses(local.listFrom(path)), from);
      assertEquals(statuses(hadoop.listFrom("file:" + path)), statuses(local.listFrom("file:" + path)), from);
    }
    String missing = dir.resolve("none/_delta_log/00000000000000000000.json").toString();
    assertThrows(FileNotFoundException.class, () -> hadoop.listFrom(missing).hasNext());
    assertThrows(FileNotFoundException.class, () -> local.listFrom(missing).hasNext());

    for (String path : List.of(dir.resolve("my table").toString(), "file:" + dir.resolve("my table"),
        dir.resolve("my table/./_delta_log/../_delta_log").toString())) {
      assertEquals(hadoop.resolvePath(path), local.resolvePath(path), path);
    }
    String file = log.resolve("00000000000000000001.json").toString();
    assertEquals(hadoop.getFileStatus(file).toString(), local.getFileStatus(file).toString());
    assertThrows(FileNotFoundException.class, () -> local.getFileStatus(missing));

    List<FileReadRequest> ranges = List.of(range(file, 0, 5), range(file, 11, 6));
    assertEquals(bytes(hadoop.readFiles(Iterators.of(ranges))), bytes(local.readFiles(Iterators.of(ranges))));
  }

  @Test
  void makesAndDeletesAsKernelsHadoopClient() throws Exception {
    for (FileSystemClient client : List.of(hadoop, local)) {
      Path root = Files.createDirectories(dir.resolve(client == local ? "local" : "hadoop"));
      String nested = root.resolve("a b/_delta_log/_staged_commits").toString();
      assertEquals(true, client.mkdirs(nested), "made");
      assertEquals(true, client.mkdirs("file:" + nested), "there already");
      Path file = Files.writeString(root.resolve("a b/f.json"), "{}");
      assertEquals(false, mkdirsQuietly(client, file.resolve("sub").toString()), "a file in the way");
      assertEquals(true, client.delete(file.toString()));
      assertEquals(false, client.delete(file.toString()), "gone already");
      assertEquals(true, client.delete(nested), "an empty folder");
      assertEquals(false, Files.exists(Path.of(nested)));
    }
  }

  /** mkdirs under a file: a client may answer false or throw; false either way. */
  private static boolean mkdirsQuietly(FileSystemClient client, String path) {
    try {
      return client.mkdirs(path);
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static List<String> statuses(CloseableIterator<FileStatus> files) throws Exception {
    List<String> out = new ArrayList<>();
    try (files) {
      files.forEachRemaining(f -> out.add(f.toString()));
    }
    return out;
  }

  private static List<String> bytes(CloseableIterator<ByteArrayInputStream> streams) throws Exception {
    List<String> out = new ArrayList<>();
    try (streams) {
      streams.forEachRemaining(s -> out.add(new String(s.readAllBytes())));
    }
    return out;
  }

  private static FileReadRequest range(String path, int offset, int length) {
    return new FileReadRequest() {
      @Override
      public String getPath() {
        return path;
      }

      @Override
      public int getStartOffset() {
        return offset;
      }

      @Override
      public int getReadLength() {
        return length;
      }
    };
  }
}
