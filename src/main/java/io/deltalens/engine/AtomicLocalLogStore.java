package io.deltalens.engine;

import io.delta.storage.HDFSLogStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Iterator;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;

/**
 * A log store for local tables whose put-if-absent holds across processes. Delta's HDFSLogStore makes
 * "exists, then rename" atomic only inside one JVM (a {@code synchronized} block), so two processes
 * appending to one table can both write the same commit version and one commit is lost. Here a commit is
 * written to a temporary file and then hard-linked to its final name: {@code link(2)} fails atomically
 * when the name exists, and readers never see a half-written commit.
 */
public class AtomicLocalLogStore extends HDFSLogStore {
  public AtomicLocalLogStore(Configuration hadoopConf) {
    super(hadoopConf);
  }

  @Override
  public void write(
      org.apache.hadoop.fs.Path path, Iterator<String> actions, Boolean overwrite, Configuration conf)
      throws IOException {
    if (overwrite) {
      super.write(path, actions, true, conf);
      return;
    }
    Path target = Paths.get(path.toUri().getPath());
    if (!Files.isDirectory(target.getParent())) {
      throw new java.io.FileNotFoundException("No such directory: " + target.getParent());
    }
    Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      try (var out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
        while (actions.hasNext()) {
          out.write(actions.next());
          out.write('\n');
        }
      }
      Files.createLink(target, temp); // throws FileAlreadyExistsException when another writer won
    } catch (FileAlreadyExistsException e) {
      throw new FileAlreadyExistsException(path.toString());
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
