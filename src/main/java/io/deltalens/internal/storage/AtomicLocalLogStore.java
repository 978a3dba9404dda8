package io.deltalens.internal.storage;

import io.delta.storage.HDFSLogStore;
import io.deltalens.internal.kernel.Iterators;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;

/**
 * A log store for local tables whose put-if-absent holds across processes. Delta's HDFSLogStore makes
 * "exists, then rename" atomic only inside one JVM (a {@code synchronized} block), so two processes
 * appending to one table can both write the same commit version and one commit is lost. Here a commit is
 * written to a temporary file and then hard-linked to its final name: {@code link(2)} fails atomically
 * when the name exists, and readers never see a half-written commit.
 *
 * <p>Listing a local log reads the names only, and the size and time of a file when the caller gets to
 * it: Kernel stops at the version it loads, so version 1 of a 1,000-commit table looks at a few files
 * rather than stat-ing thousands as Hadoop's listing does.
 */
public class AtomicLocalLogStore extends HDFSLogStore {
  public AtomicLocalLogStore(Configuration hadoopConf) {
    super(hadoopConf);
  }

  @Override
  public Iterator<org.apache.hadoop.fs.FileStatus> listFrom(org.apache.hadoop.fs.Path path, Configuration conf)
      throws IOException {
    if (!"file".equals(path.toUri().getScheme())) {
      return super.listFrom(path, conf);
    }
    Path dir = Paths.get(path.toUri()).getParent();
    String[] names = dir.toFile().list();
    if (names == null) {
      throw new FileNotFoundException("No such file or directory: " + path.getParent());
    }
    String start = path.getName();
    org.apache.hadoop.fs.Path parent = path.getParent();
    // in name order, a name at a time: Kernel stops after the few files of the version it loads, so a
    // heap (built in linear time) beats sorting thousands of names; each file is stat-ed when reached
    PriorityQueue<String> queue =
        new PriorityQueue<>(Arrays.stream(names).filter(name -> name.compareTo(start) >= 0).toList());
    return Iterators.of(new Iterator<String>() {
      @Override
      public boolean hasNext() {
        return !queue.isEmpty();
      }

      @Override
      public String next() {
        return queue.remove();
      }
    }).map(name -> status(dir.resolve(name), new org.apache.hadoop.fs.Path(parent, name)))
        .filter(Objects::nonNull);
  }

  /** The file's status, or null when it went away after the listing (as Hadoop's listing drops it). */
  private static org.apache.hadoop.fs.FileStatus status(Path file, org.apache.hadoop.fs.Path path) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      return new org.apache.hadoop.fs.FileStatus(attributes.size(), attributes.isDirectory(), 1, 0,
          attributes.lastModifiedTime().toMillis(), path);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void write(
      org.apache.hadoop.fs.Path path, Iterator<String> actions, Boolean overwrite, Configuration conf)
      throws IOException {
    Path target = Paths.get(path.toUri().getPath());
    removeStaleTemporaryFiles(target.getParent());
    if (overwrite) {
      super.write(path, actions, true, conf);
      return;
    }
    if (!Files.isDirectory(target.getParent())) {
      throw new FileNotFoundException("No such directory: " + target.getParent());
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
    } catch (IOException e) {
      // a full disk or a permission: Kernel would retry an IOException 200 times, and none can succeed
      throw new UncheckedIOException("cannot write commit " + target + ": " + reason(e), e);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Temporary files older than this were left by a writer that was killed: no live writer holds them. */
  private static final long STALE_MILLIS = 15 * 60 * 1000L;

  /**
   * Removes the temporary files ({@code .N.json.<uuid>.tmp}, {@code ._last_checkpoint.<uuid>.tmp},
   * {@code .N.checkpoint.parquet.<uuid>.tmp}) that killed writers left in the log. A live writer's temporary
   * file exists for milliseconds, so only files older than a quarter of an hour are taken.
   */
  static void removeStaleTemporaryFiles(Path log) {
    String[] names = log.toFile().list((dir, name) -> name.startsWith(".") && name.endsWith(".tmp"));
    if (names == null) {
      return;
    }
    long cutoff = System.currentTimeMillis() - STALE_MILLIS;
    for (String name : names) {
      try {
        Path file = log.resolve(name);
        if (Files.getLastModifiedTime(file).toMillis() < cutoff) {
          Files.deleteIfExists(file);
        }
      } catch (IOException e) {
        // gone already, or not ours to remove: the next writer tries again
      }
    }
  }

  private static String reason(IOException e) {
    return e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null ? fs.getReason()
        : String.valueOf(e.getMessage());
  }
}
