package io.deltalens.internal.read;

import io.delta.kernel.Scan;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.utils.CloseableIterator;
import io.deltalens.internal.engine.Kernel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/** The live files of a scan, in the order they were added to the table. */
public final class ScanFiles {
  private ScanFiles() {}

  /**
   * Kernel replays the log newest commit first, one batch per log file (the engine's JSON reader reads
   * each commit as one batch), checkpoint last: reversing the batches puts the oldest files first and
   * keeps each commit's own order, so rows read back in the order they were appended.
   */
  public static List<Row> inAddedOrder(Scan scan) {
    List<Row> files = new ArrayList<>();
    batchesInAddedOrder(scan, rows -> rows).forEach(files::addAll);
    return files;
  }

  /**
   * Each batch of live files of {@code scan} handed to {@code perBatch} as Kernel's replay gives it (newest
   * commit first), which may start work on it and go on; the results in the order the files were added.
   */
  public static <T> List<T> batchesInAddedOrder(Scan scan, Function<List<Row>, T> perBatch) {
    List<T> batches = new ArrayList<>();
    try (CloseableIterator<FilteredColumnarBatch> scanFiles = scan.getScanFiles(Kernel.engine(), true)) {
      while (scanFiles.hasNext()) {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> batch = scanFiles.next().getRows()) {
          batch.forEachRemaining(rows::add);
        }
        batches.add(perBatch.apply(rows));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Collections.reverse(batches);
    return batches;
  }
}
