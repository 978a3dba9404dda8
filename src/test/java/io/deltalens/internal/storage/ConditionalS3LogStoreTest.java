package io.deltalens.internal.storage;

import io.deltalens.S3Server;
import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Listing a log on a bucket from a version (start-after) gives exactly the names a whole listing gives from
 * there on, in order, across the server's pages of a thousand names; a missing log is "no table here".
 */
class ConditionalS3LogStoreTest {
  @TempDir Path dir;

  @Test
  void listsFromAVersionAsAWholeListingWould() throws Exception {
    S3Server s3 = S3Server.shared();
    Location table = Location.of(s3.bucket() + "/t");
    Storage.configure(table, s3.options());
    Path empty = Files.writeString(dir.resolve("commit.json"), "{}\n");
    List<String> names = new ArrayList<>();
    for (int v = 0; v < 1100; v++) {
      names.add(String.format("%020d.json", v));
      if (v % 100 == 0) {
        names.add(String.format("%020d.checkpoint.parquet", v));
      }
    }
    names.add("_last_checkpoint");
    names.parallelStream().forEach(name -> s3.put(empty, table.resolve("_delta_log/" + name).uri()));
    s3.put(empty, table.resolve("_delta_log/_sidecars/a.parquet").uri()); // a folder: not listed
    List<String> sorted = names.stream().sorted().toList();

    ConditionalS3LogStore store = new ConditionalS3LogStore(Storage.configuration());
    for (String from : List.of(String.format("%020d.", 0), String.format("%020d.", 1000),
        String.format("%020d.checkpoint.parquet", 1000), String.format("%020d.json", 1099), "00000000000000000999",
        String.format("%020d.", 5000))) {
      List<String> expected = sorted.stream().filter(n -> n.compareTo(from) >= 0).toList();
      assertEquals(expected, listed(store, table, from), "from " + from);
    }
    assertEquals(1100 + 11 + 1, listed(store, table, String.format("%020d.", 0)).size());

    Location absent = Location.of(table.uri() + "-absent");
    assertThrows(FileNotFoundException.class, () -> listed(store, absent, String.format("%020d.", 0)));
  }

  private static List<String> listed(ConditionalS3LogStore store, Location table, String from) throws Exception {
    List<String> names = new ArrayList<>();
    Iterator<FileStatus> files = store.listFrom(table.resolve("_delta_log/" + from).hadoopPath(), Storage.configuration());
    files.forEachRemaining(f -> {
      assertEquals(table.resolve("_delta_log/" + f.getPath().getName()).uri(), f.getPath().toString());
      names.add(f.getPath().getName());
    });
    return names;
  }
}
