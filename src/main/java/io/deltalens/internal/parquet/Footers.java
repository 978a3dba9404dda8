package io.deltalens.internal.parquet;

import io.deltalens.DeltaLensException;
import io.deltalens.internal.storage.Location;
import io.deltalens.internal.storage.Storage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;

/** Reads parquet footers, of local files and of objects. */
public final class Footers {
  // One options object for every read: ParquetFileReader.open(InputFile) would otherwise build a fresh
  // Hadoop Configuration per file, 5-15 ms each, which dominates registering thousands of files.
  private static final ParquetReadOptions OPTIONS =
      ParquetReadOptions.builder(new PlainParquetConfiguration()).build();

  private Footers() {}

  /** A footer with the facts about its file that an add action needs. */
  public record Footer(Location file, long size, long modificationTime, ParquetMetadata metadata) {
    public long numRecords() {
      return metadata.getBlocks().stream().mapToLong(b -> b.getRowCount()).sum();
    }
  }

  /** Reads one footer; a missing, truncated or non-parquet file is an error naming the file. */
  public static Footer read(Path file) {
    return read(Location.local(file));
  }

  /** Reads one footer of a local file or an object (a ranged read of its tail). */
  public static Footer read(Location file) {
    return read(Storage.stat(file).orElseThrow(() -> new DeltaLensException("no such file: " + file)));
  }

  /** Reads the footer of a file a listing found (its size known: no second look at the file). */
  public static Footer read(Storage.Entry entry) {
    Location file = entry.location();
    try (ParquetFileReader reader = ParquetFileReader.open(Storage.parquet(entry), OPTIONS)) {
      return new Footer(file, entry.size(), entry.modificationTime(), reader.getFooter());
    } catch (IOException | RuntimeException e) {
      throw new DeltaLensException(
          "not a readable parquet file: " + file + " (" + ParquetErrors.reason(e) + ")", e);
    }
  }

  /**
   * Reads many footers in parallel, in the order given. {@code progress} is told of each one read.
   * The first failure (in input order) is thrown once all reads are done.
   */
  public static List<Footer> readAll(List<Storage.Entry> files, Consumer<Footer> progress) {
    if (files.size() < 2) {
      return files.stream().map(f -> read(f)).peek(progress).collect(Collectors.toList());
    }
    // Footer reads are small random reads: more threads than cores hide the I/O latency.
    int threads = Math.min(files.size(), Math.max(4, Runtime.getRuntime().availableProcessors() * 4));
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "deltalens-footer");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<Footer>> futures =
          files.stream()
              .map(f -> pool.submit(() -> {
                Footer footer = read(f);
                progress.accept(footer);
                return footer;
              }))
              .collect(Collectors.toList());
      return futures.stream().map(Footers::await).collect(Collectors.toList());
    } finally {
      pool.shutdownNow();
    }
  }

  private static Footer await(Future<Footer> future) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new DeltaLensException(e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeltaLensException("interrupted while reading parquet footers", e);
    }
  }
}
