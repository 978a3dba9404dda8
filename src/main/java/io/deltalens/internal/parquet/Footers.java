package io.deltalens.internal.parquet;

import io.deltalens.DeltaLensException;
import io.deltalens.internal.engine.Background;
import io.deltalens.internal.storage.Location;
import io.deltalens.internal.storage.Storage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import shaded.parquet.org.apache.thrift.TException;

/** Reads parquet footers, of local files and of objects. */
public final class Footers {
  // A footer is parsed from its bytes by one converter over plain options: a ParquetFileReader per file
  // built a Hadoop Configuration each (5-15 ms), and its stream and buffers were most of a small file's read.
  private static final ParquetMetadataConverter CONVERTER =
      new ParquetMetadataConverter(ParquetReadOptions.builder(new PlainParquetConfiguration()).build());
  /** Bytes read from an object's end at once: a footer of a few hundred columns' statistics fits. */
  private static final int TAIL = 64 * 1024;
  /** The same for a local file, where a second read is cheap: the footer of a few dozen columns fits. */
  private static final int LOCAL_TAIL = 8 * 1024;
  private static final ThreadLocal<byte[]> LOCAL_TAILS = ThreadLocal.withInitial(() -> new byte[LOCAL_TAIL]);
  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

  private Footers() {}

  /**
   * The footer key naming the table a deltalens writer wrote a file for, to commit it itself (a copy append,
   * a compaction): a landing in that table's folder must not register the file before (or without) that commit.
   */
  public static final String WRITTEN_FOR = "io.deltalens.written-for";
  /** The prefix of the footer keys deltalens writers set: the only key-value metadata a footer read keeps. */
  private static final String OWN_KEYS = "io.deltalens.";

  /** A footer with the facts about its file that an add action needs. */
  public record Footer(Location file, long size, long modificationTime, ParquetMetadata metadata) {
    public long numRecords() {
      return metadata.getBlocks().stream().mapToLong(b -> b.getRowCount()).sum();
    }

    /** Whether a deltalens writer wrote the file for a commit of its own to {@code table}. */
    public boolean writtenFor(Location table) {
      return tableKey(table).equals(metadata.getFileMetaData().getKeyValueMetaData().get(WRITTEN_FOR));
    }
  }

  /** The {@link #WRITTEN_FOR} value of a table: its location, s3a:// and s3:// alike. */
  public static String tableKey(Location table) {
    return table.uri().replaceFirst("^s3a://", "s3://");
  }

  /** Reads one footer; a missing, truncated or non-parquet file is an error naming the file. */
  public static Footer read(Path file) {
    return read(Location.local(file));
  }

  /** Reads one footer of a local file or an object (a ranged read of its tail). */
  public static Footer read(Location file) {
    return read(Storage.stat(file).orElseThrow(() -> new DeltaLensException("no such file: " + file)));
  }

  /**
   * Reads the footer of a file a listing found (its size known: no second look at the file) with one read of
   * its tail, a second only for a footer larger than that (of an object: one ranged GET, a round trip each).
   */
  public static Footer read(Storage.Entry entry) {
    Location file = entry.location();
    try {
      long size = entry.size();
      if (size < 12) {
        throw new IOException("it is too small to be a parquet file (" + size + " bytes)");
      }
      int read = (int) Math.min(size, file.isLocal() ? LOCAL_TAIL : TAIL);
      byte[] tail;
      if (file.isLocal()) { // into this thread's buffer: a footer read allocates no tail (10,000 were 80 MB)
        tail = LOCAL_TAILS.get();
        Storage.readLocalFully(file.local().orElseThrow(), size - read, ByteBuffer.wrap(tail, 0, read));
      } else {
        tail = Storage.readRange(entry, size - read, read);
      }
      return new Footer(file, size, entry.modificationTime(), parse(entry, tail, read));
    } catch (IOException | RuntimeException e) {
      throw new DeltaLensException(
          "not a readable parquet file: " + file + " (" + ParquetErrors.reason(e) + ")", e);
    }
  }

  /**
   * The footer of an object named by an event, read with its size and time in one suffix-range GET (no HEAD
   * first); empty when the object is gone.
   */
  public static Optional<Footer> readObject(Location object) {
    try {
      Optional<Storage.Tail> tail = Storage.readTail(object, TAIL);
      if (tail.isEmpty()) {
        return Optional.empty();
      }
      Storage.Entry entry = tail.get().file();
      if (entry.size() < 12) {
        throw new IOException("it is too small to be a parquet file (" + entry.size() + " bytes)");
      }
      byte[] bytes = tail.get().bytes();
      return Optional.of(new Footer(object, entry.size(), entry.modificationTime(), parse(entry, bytes, bytes.length)));
    } catch (IOException | RuntimeException e) {
      throw new DeltaLensException(
          "not a readable parquet file: " + object + " (" + ParquetErrors.reason(e) + ")", e);
    }
  }

  /**
   * The footer in a file's last {@code read} bytes (the first of {@code tail}), reading more of the file when
   * the footer is longer.
   */
  private static ParquetMetadata parse(Storage.Entry entry, byte[] tail, int read) throws IOException {
    long size = entry.size();
    if (!Arrays.equals(tail, read - 4, read, MAGIC, 0, 4)) {
      throw new IOException("it does not end as a parquet file does (PAR1)");
    }
    int length = ByteBuffer.wrap(tail, read - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    if (length < 0 || length > size - 12) {
      throw new IOException("its footer length " + length + " does not fit a file of " + size + " bytes");
    }
    boolean inTail = length + 8 <= read;
    byte[] footer = inTail ? tail : Storage.readRange(entry, size - 8 - length, length + 8);
    int end = inTail ? read : footer.length;
    FileMetaData metadata = new FileMetaData();
    try {
      metadata.read(FooterBytes.protocol(footer, end - 8 - length, length));
    } catch (TException e) {
      throw new IOException("its footer cannot be parsed: " + e.getMessage(), e);
    }
    return CONVERTER.fromParquetMetadata(lean(metadata));
  }

  /**
   * Drops what deltalens never asks of a footer before parquet-mr converts it (key-value metadata but its
   * own keys, encoding and size statistics per column chunk): an append holds every footer until its
   * commit, and pyarrow's (an Arrow schema among its key-value metadata) took 10 KB each: 10,000 of them
   * 100 MB, copied by every young collection.
   */
  private static FileMetaData lean(FileMetaData metadata) {
    if (metadata.isSetKey_value_metadata()) {
      metadata.setKey_value_metadata(metadata.getKey_value_metadata().stream()
          .filter(pair -> pair.getKey() != null && pair.getKey().startsWith(OWN_KEYS)).collect(Collectors.toList()));
    }
    for (RowGroup group : metadata.getRow_groups()) {
      for (ColumnChunk chunk : group.getColumns()) {
        if (chunk.isSetMeta_data()) {
          chunk.getMeta_data().unsetEncoding_stats();
          chunk.getMeta_data().unsetSize_statistics();
          chunk.getMeta_data().unsetKey_value_metadata();
        }
      }
    }
    return metadata;
  }


  /**
   * Reads many footers in parallel, in the order given. {@code progress} is told of each one read.
   * The first failure (in input order) is thrown once all reads are done.
   */
  public static List<Footer> readAll(List<Storage.Entry> files, Consumer<Footer> progress) {
    return readAll(files, progress, null);
  }

  /**
   * As {@link #readAll(List, Consumer)}; with {@code failed}, a file whose footer cannot be read is handed
   * to it and left out instead of failing the whole read.
   */
  public static List<Footer> readAll(List<Storage.Entry> files, Consumer<Footer> progress,
      BiConsumer<Storage.Entry, DeltaLensException> failed) {
    if (files.size() < 2) {
      return files.stream().map(f -> readOne(f, progress, failed)).filter(Objects::nonNull)
          .collect(Collectors.toList());
    }
    // Footer reads are small random reads: more threads than cores hide the I/O latency (more for objects,
    // whose every read is a round trip).
    int perCore = files.get(0).location().isLocal() ? 4 : 16;
    int threads = Math.max(4, Runtime.getRuntime().availableProcessors() * perCore);
    return Background.map(files, threads, f -> readOne(f, progress, failed)).stream().filter(Objects::nonNull)
        .collect(Collectors.toList());
  }

  /** The file's footer, or null when it cannot be read and {@code failed} takes the failure. */
  private static Footer readOne(Storage.Entry file, Consumer<Footer> progress,
      BiConsumer<Storage.Entry, DeltaLensException> failed) {
    try {
      Footer footer = read(file);
      progress.accept(footer);
      return footer;
    } catch (DeltaLensException e) {
      if (failed == null) {
        throw e;
      }
      failed.accept(file, e);
      return null;
    }
  }


}
