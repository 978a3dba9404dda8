package io.deltalens.internal.storage;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.s3a.S3AFileSystem;
import org.apache.hadoop.fs.s3a.S3AUtils;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopStreams;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The file systems tables live on: the one Hadoop configuration Kernel's engine and deltalens use (local
 * files without checksum side files; S3 through S3A with conditional commits; per-bucket options), and
 * reading and removing the files of a {@link Location} for the code that works beside Kernel (the log
 * views, copy mode's clean-up): java.nio on a local disk, Hadoop's file system on an object store.
 */
public final class Storage {
  /** The S3A keys applied per bucket, to notice a bucket opened again with other options. */
  private static final Map<String, Map<String, String>> BUCKETS = new ConcurrentHashMap<>();

  private Storage() {}

  /**
   * Makes {@code options} (see {@link StorageOptions}) the way to reach {@code table}'s bucket. A bucket
   * reached before with other options gets a new S3A client (Hadoop keeps one per bucket). One caller at a
   * time: a second writer of a new bucket must not find its options noted before they are all set (it
   * reached the bucket without credentials, once in a run of StoresTest's racing creators).
   */
  public static synchronized void configure(Location table, Map<String, String> options) {
    if (table.isLocal() || options.isEmpty()) {
      return;
    }
    Map<String, String> keys = StorageOptions.s3a(options);
    Map<String, String> before = BUCKETS.put(table.bucket(), keys);
    if (keys.equals(before)) {
      return;
    }
    String prefix = "fs.s3a.bucket." + table.bucket() + ".";
    if (before != null) {
      before.keySet().forEach(k -> Hadoop.CONF.unset(prefix + k.substring("fs.s3a.".length())));
    }
    keys.forEach((k, v) -> Hadoop.CONF.set(prefix + k.substring("fs.s3a.".length()), v));
    if (before != null) {
      try {
        table.hadoopPath().getFileSystem(Hadoop.CONF).close(); // dropped from Hadoop's cache
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Makes {@code options} the way to every bucket (per-bucket options, from {@link #configure}, win). */
  public static void configureAll(Map<String, String> options) {
    StorageOptions.s3a(options).forEach(Hadoop.CONF::set);
  }

  /** The Hadoop configuration Kernel's engine and this class read and write files with. */
  public static Configuration configuration() {
    return Hadoop.CONF;
  }

  /** Built at first use: a Hadoop Configuration costs a tenth of a second. */
  private static final class Hadoop {
    static final Configuration CONF = build();
  }

  private static Configuration build() {
    Configuration conf = new Configuration();
    conf.set("io.delta.kernel.logStore.file.impl", AtomicLocalLogStore.class.getName());
    // s3:// as s3a://; on both, commits by conditional PUT (Kernel's own S3 store is safe in one JVM only)
    conf.set("fs.s3.impl", "org.apache.hadoop.fs.s3a.S3AFileSystem");
    conf.set("fs.AbstractFileSystem.s3.impl", "org.apache.hadoop.fs.s3a.S3A");
    conf.set("io.delta.kernel.logStore.s3.impl", ConditionalS3LogStore.class.getName());
    conf.set("io.delta.kernel.logStore.s3a.impl", ConditionalS3LogStore.class.getName());
    // uploads buffer in memory, not on disk: S3A's disk buffers need Hadoop's checksummed local file
    // system, which deltalens replaces (below); two 32 MB blocks in flight bound a writer's memory
    conf.set("fs.s3a.fast.upload.buffer", "bytebuffer");
    conf.set("fs.s3a.multipart.size", "32M");
    conf.set("fs.s3a.fast.upload.active.blocks", "2");
    // a server that is down fails an operation in seconds rather than after S3A's ten minutes of retries;
    // throttling (503) keeps S3A's own backoff (fs.s3a.retry.throttle.*)
    conf.set("fs.s3a.retry.limit", "2");
    conf.set("fs.s3a.attempts.maximum", "2");
    conf.set("fs.s3a.connection.establish.timeout", "15s");
    // S3A's request auditing formats a referrer header for every request (a server-log aid on AWS): with
    // thousands of footer GETs that was a fifth of the client's time. A user may turn it back on per bucket
    conf.set("fs.s3a.audit.enabled", "false");
    // pages that carry a checksum (parquet-mr's writers, deltalens' and Spark's, write one) are checked when
    // Kernel's reader reads them too, as the columnar reader does: a damaged page fails naming its file
    // instead of reading as other values (a few percent of a read)
    conf.set("parquet.page.verify-checksum.enabled", "true");
    StorageOptions.fromEnvironment().forEach(conf::set);
    // The raw local file systems write no ".name.crc" side files next to data and log files.
    conf.set("fs.file.impl", org.apache.hadoop.fs.RawLocalFileSystem.class.getName());
    conf.set("fs.AbstractFileSystem.file.impl", org.apache.hadoop.fs.local.RawLocalFs.class.getName());
    return conf;
  }

  /**
   * A file found by a listing. {@code walkedLocal}: a local regular file that a walk following no links
   * reached, so neither it nor a folder between the walk's root and it is a symbolic link (no second look
   * at it is needed to know where it really lies).
   */
  public record Entry(Location location, long size, long modificationTime, boolean walkedLocal) {
    public Entry(Location location, long size, long modificationTime) {
      this(location, size, modificationTime, false);
    }

    public String name() {
      return location.name();
    }
  }

  /** The files directly under {@code dir}, by name; none when it does not exist. */
  public static List<Entry> list(Location dir) {
    try {
      if (dir.isLocal()) {
        Path local = dir.local().orElseThrow();
        if (!Files.isDirectory(local)) {
          return List.of();
        }
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(local)) {
          for (Path file : files.sorted().toList()) {
            entries.add(new Entry(Location.local(file), Files.size(file), Files.getLastModifiedTime(file).toMillis()));
          }
        }
        return entries;
      }
      FileSystem fs = fileSystem(dir);
      List<Entry> entries = new ArrayList<>();
      for (FileStatus status : fs.listStatus(dir.hadoopPath())) {
        if (status.isFile()) {
          entries.add(new Entry(dir.resolve(status.getPath().getName()), status.getLen(),
              status.getModificationTime()));
        }
      }
      entries.sort(Comparator.comparing(Entry::name));
      return entries;
    } catch (FileNotFoundException | NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The file's size and modification time, or empty when there is no such file. */
  public static Optional<Entry> stat(Location file) {
    try {
      if (file.isLocal()) {
        // one stat (a link's target's, as Files.size would give), not one per attribute
        var attributes = Files.readAttributes(file.local().orElseThrow(), BasicFileAttributes.class);
        return attributes.isRegularFile()
            ? Optional.of(new Entry(file, attributes.size(), attributes.lastModifiedTime().toMillis()))
            : Optional.empty();
      }
      FileStatus status = fileSystem(file).getFileStatus(file.hadoopPath());
      return status.isFile() ? Optional.of(new Entry(file, status.getLen(), status.getModificationTime()))
          : Optional.empty();
    } catch (FileNotFoundException | NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach " + file + ": " + e.getMessage(), e);
    }
  }

  /** Every file below {@code dir}, at any depth (one listing of the prefix on an object store). */
  public static List<Entry> listAll(Location dir) {
    try {
      List<Entry> entries = new ArrayList<>();
      if (dir.isLocal()) {
        Path root = dir.local().orElseThrow();
        if (Files.isDirectory(root)) {
          // the walk reads each file's attributes once: no second stat per file
          try (Stream<Path> found = Files.find(root, Integer.MAX_VALUE, (file, attributes) -> {
            if (attributes.isRegularFile()) {
              entries.add(new Entry(Location.local(file), attributes.size(),
                  attributes.lastModifiedTime().toMillis(), true));
            } else if (attributes.isSymbolicLink()) { // a link to a file counts as the file (its target checked later)
              stat(Location.local(file)).ifPresent(entries::add);
            }
            return false;
          })) {
            found.forEach(unused -> {});
          }
        }
        return entries;
      }
      var files = fileSystem(dir).listFiles(dir.hadoopPath(), true);
      while (files.hasNext()) {
        FileStatus status = files.next();
        String relative = status.getPath().toUri().getPath().substring(dir.hadoopPath().toUri().getPath().length());
        entries.add(new Entry(dir.resolve(relative.replaceFirst("^/", "")), status.getLen(),
            status.getModificationTime()));
      }
      return entries;
    } catch (FileNotFoundException | NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Whether {@code dir} is a folder (a local directory; on an object store, a prefix with objects below). */
  public static boolean isFolder(Location dir) {
    return dir.isLocal() ? Files.isDirectory(dir.local().orElseThrow()) : !listAll(dir).isEmpty();
  }

  public static boolean exists(Location file) {
    try {
      return file.isLocal() ? Files.exists(file.local().orElseThrow()) : fileSystem(file).exists(file.hadoopPath());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach " + file + ": " + e.getMessage(), e);
    }
  }

  public static InputStream open(Location file) throws IOException {
    return file.isLocal() ? Files.newInputStream(file.local().orElseThrow())
        : fileSystem(file).open(file.hadoopPath());
  }

  /** The file for parquet-mr's readers, its length known from a listing (no request to learn it). */
  public static InputFile parquet(Entry file) throws IOException {
    return file.location().isLocal() ? new LocalInputFile(file.location().local().orElseThrow())
        : HadoopInputFile.fromStatus(new FileStatus(file.size(), false, 1, 0, file.modificationTime(),
            file.location().hadoopPath()), configuration());
  }

  /**
   * A whole file: an object in one GET (S3A's stream asks for the object's status first, a HEAD per file;
   * commits are read often and are small). {@link FileNotFoundException} when there is none.
   */
  public static byte[] readAll(Location file) throws IOException {
    if (file.isLocal()) {
      return Files.readAllBytes(file.local().orElseThrow());
    }
    if (!(fileSystem(file) instanceof S3AFileSystem fs)) {
      try (InputStream in = open(file)) {
        return in.readAllBytes();
      }
    }
    org.apache.hadoop.fs.Path path = file.hadoopPath();
    try {
      return fs.getS3AInternals().getAmazonS3Client("read a log file")
          .getObjectAsBytes(b -> b.bucket(fs.getBucket()).key(fs.pathToKey(path))).asByteArray();
    } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException gone) {
      throw new FileNotFoundException(file.toString());
    } catch (SdkException e) {
      throw S3AUtils.translateException("read", path, e);
    }
  }

  /** The last bytes of an object and what it is: its size and time, from the same answer. */
  public record Tail(Entry file, byte[] bytes) {}

  /**
   * The last {@code length} bytes of an object (all of a smaller one) in one suffix-range GET, which also
   * says its size and time: no HEAD first. Empty when there is no such object.
   */
  public static Optional<Tail> readTail(Location object, int length) throws IOException {
    if (!(fileSystem(object) instanceof S3AFileSystem fs)) {
      Optional<Entry> file = stat(object);
      if (file.isEmpty()) {
        return Optional.empty();
      }
      int read = (int) Math.min(file.get().size(), length);
      return Optional.of(new Tail(file.get(), readRange(file.get(), file.get().size() - read, read)));
    }
    org.apache.hadoop.fs.Path path = object.hadoopPath();
    try {
      var answer = fs.getS3AInternals().getAmazonS3Client("read a parquet footer")
          .getObjectAsBytes(b -> b.bucket(fs.getBucket()).key(fs.pathToKey(path)).range("bytes=-" + length));
      String range = answer.response().contentRange(); // "bytes 100-199/200"; absent for a whole small object
      long size = range == null ? answer.response().contentLength() : Long.parseLong(range.substring(range.indexOf('/') + 1));
      return Optional.of(new Tail(new Entry(object, size, answer.response().lastModified().toEpochMilli()),
          answer.asByteArray()));
    } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException gone) {
      return Optional.empty();
    } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
      if (e.statusCode() == 416) { // no byte to give: an empty object
        return stat(object).map(file -> new Tail(file, new byte[0]));
      }
      throw S3AUtils.translateException("read", path, e);
    } catch (SdkException e) {
      throw S3AUtils.translateException("read", path, e);
    }
  }

  /**
   * {@code length} bytes of a file or object from {@code offset}: a local file's by a positioned read; an
   * object's by one ranged GET straight through S3A's client.
   * Reading a footer through S3A's stream costs two GETs and the stream's bookkeeping (its statistics
   * merged at every close), which made registering files in a bucket CPU-bound on the client.
   */
  public static byte[] readRange(Entry file, long offset, int length) throws IOException {
    if (length == 0) {
      return new byte[0];
    }
    Optional<Path> local = file.location().local();
    if (local.isPresent()) {
      byte[] bytes = new byte[length];
      readLocalFully(local.get(), offset, ByteBuffer.wrap(bytes));
      return bytes;
    }
    if (!(fileSystem(file.location()) instanceof S3AFileSystem fs)) {
      try (FSDataInputStream in = fileSystem(file.location()).open(file.location().hadoopPath())) {
        byte[] bytes = new byte[length];
        in.readFully(offset, bytes);
        return bytes;
      }
    }
    org.apache.hadoop.fs.Path path = file.location().hadoopPath();
    try {
      return fs.getS3AInternals().getAmazonS3Client("read a parquet footer")
          .getObjectAsBytes(b -> b.bucket(fs.getBucket()).key(fs.pathToKey(path))
              .range("bytes=" + offset + "-" + (offset + length - 1)))
          .asByteArray();
    } catch (SdkException e) {
      throw S3AUtils.translateException("read", path, e);
    }
  }

  /**
   * Up to {@code length} bytes of a local file from {@code offset} by positioned reads: the buffer's position
   * is how many there were before the file ended.
   */
  public static ByteBuffer readLocal(Path file, long offset, int length) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(length);
    readLocal(file, offset, bytes);
    return bytes;
  }

  /** As {@link #readLocal(Path, long, ByteBuffer)}; a file that ends before {@code into} is full is an error. */
  public static void readLocalFully(Path file, long offset, ByteBuffer into) throws IOException {
    int wanted = into.remaining();
    readLocal(file, offset, into);
    if (into.hasRemaining()) {
      throw new EOFException("it ends before byte " + (offset + wanted));
    }
  }

  /**
   * Fills {@code into} (from its position to its limit) with a local file's bytes from {@code offset}, fewer
   * where the file ends first: its position then says how many.
   */
  public static void readLocal(Path file, long offset, ByteBuffer into) throws IOException {
    int start = into.position();
    try (FileChannel in = FileChannel.open(file)) {
      while (into.hasRemaining() && in.read(into, offset + into.position() - start) >= 0) {
        // until the range is read, or the file ends
      }
    }
  }

  /** Where a parquet file is written: a new local file, or an object uploaded as the writer closes it. */
  public static ParquetOutput parquetOutput(Location file) {
    return new ParquetOutput(file);
  }

  /**
   * A parquet file being written. An object is one multipart upload (S3A's), completed when the writer
   * closes it; a failed write calls {@link #abort()}, so no object appears and no upload stays open
   * holding parts and buffers. A local file is closed and removed.
   */
  public static final class ParquetOutput implements OutputFile {
    private final Location file;
    private FSDataOutputStream remote;
    private PositionOutputStream stream;

    private ParquetOutput(Location file) {
      this.file = file;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) throws IOException {
      if (file.isLocal()) {
        Files.createDirectories(file.local().orElseThrow().getParent());
        stream = new LocalOutputFile(file.local().orElseThrow()).create(blockSizeHint);
      } else {
        remote = fileSystem(file).create(file.hadoopPath(), false); // the name is new (a UUID)
        stream = HadoopStreams.wrap(remote);
      }
      return stream;
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
      return create(blockSizeHint);
    }

    @Override
    public boolean supportsBlockSize() {
      return false;
    }

    @Override
    public long defaultBlockSize() {
      return 0;
    }

    @Override
    public String getPath() {
      return file.uri();
    }

    /**
     * Drops what was written; the failure being handled is the one to report, so these are added to it. Out of
     * memory, closing or deleting may run out too: the delete is tried once more, when the failed write's
     * buffers are unreachable and a collection can free them.
     */
    public void abort(Throwable cause) {
      try {
        if (remote != null) {
          remote.abort();
        } else if (stream != null) {
          stream.close(); // may fail as the write did (a full disk): the file goes all the same
        }
      } catch (IOException | RuntimeException | Error e) {
        suppress(cause, e);
      }
      stream = null;
      remote = null;
      for (int attempt = 1; ; attempt++) {
        try {
          delete(file);
          return;
        } catch (IOException | RuntimeException | Error e) {
          if (attempt == 2 || !(e instanceof OutOfMemoryError)) {
            suppress(cause, e);
            return;
          }
        }
      }
    }

    /** The JVM throws one shared error when it has no memory left even for a new one: never suppress it in itself. */
    private static void suppress(Throwable cause, Throwable more) {
      if (more != cause) {
        cause.addSuppressed(more);
      }
    }
  }

  /** Removes a file if it is there. */
  public static void delete(Location file) throws IOException {
    if (file.isLocal()) {
      Files.deleteIfExists(file.local().orElseThrow());
    } else {
      fileSystem(file).delete(file.hadoopPath(), false);
    }
  }

  /** Moves a file to {@code target} (an object is copied, then deleted), making the target's folders. */
  public static void move(Location file, Location target) throws IOException {
    if (file.isLocal()) {
      Path to = target.local().orElseThrow();
      Files.createDirectories(to.getParent());
      Files.move(file.local().orElseThrow(), to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } else if (!fileSystem(file).rename(file.hadoopPath(), target.hadoopPath())) {
      throw new IOException("cannot move " + file + " to " + target);
    }
  }

  private static FileSystem fileSystem(Location location) throws IOException {
    return location.hadoopPath().getFileSystem(configuration());
  }
}
