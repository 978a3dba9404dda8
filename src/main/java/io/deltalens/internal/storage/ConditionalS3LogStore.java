package io.deltalens.internal.storage;

import io.delta.storage.HadoopFileSystemLogStore;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.s3a.RemoteFileChangedException;
import org.apache.hadoop.fs.s3a.S3AFileSystem;
import org.apache.hadoop.fs.s3a.S3AUtils;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A log store for S3 and S3-compatible stores whose put-if-absent holds between processes and machines.
 * Kernel's default for {@code s3}/{@code s3a}, {@code S3SingleDriverLogStore}, makes "exists, then put"
 * atomic only inside one JVM, so two writer processes can both write the same version and one commit is
 * lost without a word. Here a commit is one conditional PUT ({@code If-None-Match: *}, S3A's
 * {@code fs.option.create.conditional.overwrite}): the store lets exactly one writer create the name,
 * and the others get 412, which Kernel sees as {@link FileAlreadyExistsException} and retries on the next
 * version. (A plain {@code create(path, false)} is HEAD-then-PUT: several writers win.)
 *
 * <p>The ambiguous case — the PUT landed but its reply was lost, and the retry met 412, or the name exists
 * when a retried commit arrives — is settled by reading the commit back: if it holds exactly the lines
 * this writer wrote (they carry Kernel's commit timestamp and transaction id), the commit is ours and
 * succeeded; otherwise another writer won the version.
 *
 * <p>Listing the log from a version is one {@code ListObjectsV2} with {@code start-after}, as the protocol
 * allows: the pages of the commits before it (a thousand names each) are never fetched.
 */
public class ConditionalS3LogStore extends HadoopFileSystemLogStore {
  /** S3A's option (hadoop-aws 3.4.2+) that turns a create into a conditional PUT. */
  static final String CONDITIONAL = "fs.option.create.conditional.overwrite";

  public ConditionalS3LogStore(Configuration hadoopConf) {
    super(hadoopConf);
  }

  @Override
  public void write(Path path, Iterator<String> actions, Boolean overwrite, Configuration conf)
      throws IOException {
    byte[] content = content(actions);
    FileSystem fs = path.getFileSystem(conf);
    if (overwrite) { // _last_checkpoint: a plain overwrite, as Delta's own stores do it
      try (FSDataOutputStream out = fs.create(path, true)) {
        out.write(content);
      }
      return;
    }
    try {
      try (FSDataOutputStream out =
          (FSDataOutputStream) fs.createFile(path).overwrite(false).must(CONDITIONAL, true).build()) {
        out.write(content);
      }
    } catch (IOException e) {
      if (!lostRace(e)) {
        throw e;
      }
      if (!holds(fs, path, content)) {
        throw new FileAlreadyExistsException(path.toString());
      }
      // our own earlier attempt created it: the commit succeeded
    }
  }

  /** 412 from the conditional PUT (S3A's RemoteFileChangedException), or the name found taken first. */
  private static boolean lostRace(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RemoteFileChangedException
          || t instanceof org.apache.hadoop.fs.FileAlreadyExistsException
          || t instanceof FileAlreadyExistsException) {
        return true;
      }
    }
    return false;
  }

  private static boolean holds(FileSystem fs, Path path, byte[] content) throws IOException {
    try (InputStream in = fs.open(path)) {
      return Arrays.equals(in.readAllBytes(), content);
    } catch (FileNotFoundException e) {
      return false;
    }
  }

  private static byte[] content(Iterator<String> actions) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (actions.hasNext()) {
      out.writeBytes(actions.next().getBytes(StandardCharsets.UTF_8));
      out.write('\n');
    }
    return out.toByteArray();
  }

  /** The log's names from {@code path}'s on, in order, fetched a page at a time as Kernel reads them. */
  @Override
  public Iterator<FileStatus> listFrom(Path path, Configuration conf) throws IOException {
    if (!(path.getFileSystem(conf) instanceof S3AFileSystem fs)) {
      return super.listFrom(path, conf);
    }
    Path dir = path.getParent();
    String prefix = fs.pathToKey(dir) + "/";
    String from = fs.pathToKey(path);
    // start-after is exclusive: start after the name less its last character, and drop what sorts before it
    Iterator<S3Object> objects = fs.getS3AInternals().getAmazonS3Client("list the Delta log from a version")
        .listObjectsV2Paginator(b -> b.bucket(fs.getBucket()).prefix(prefix).delimiter("/")
            .startAfter(from.substring(0, from.length() - 1)))
        .contents().stream().filter(o -> o.key().compareTo(from) >= 0).iterator();
    if (!listing(dir, objects::hasNext) && !fs.exists(dir)) {
      throw new FileNotFoundException("no Delta log at " + dir); // Kernel's sign of "no table here"
    }
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return listing(dir, objects::hasNext);
      }

      @Override
      public FileStatus next() {
        S3Object o = listing(dir, objects::next);
        return new FileStatus(o.size(), false, 1, fs.getDefaultBlockSize(dir), o.lastModified().toEpochMilli(),
            new Path(dir, o.key().substring(prefix.length())));
      }
    };
  }

  /** A step of the listing, its failure told as S3A tells its own (the raw client's errors are the SDK's). */
  private static <T> T listing(Path dir, Supplier<T> step) {
    try {
      return step.get();
    } catch (SdkException e) {
      throw new UncheckedIOException(S3AUtils.translateException("list", dir, e));
    }
  }

  @Override
  public Boolean isPartialWriteVisible(Path path, Configuration conf) {
    return false; // a PUT is visible whole or not at all
  }
}
