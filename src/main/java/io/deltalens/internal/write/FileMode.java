package io.deltalens.internal.write;

import io.delta.kernel.DataWriteContext;
import io.delta.kernel.Transaction;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import io.deltalens.internal.engine.Background;
import io.deltalens.internal.kernel.Iterators;
import io.deltalens.internal.parquet.Footers.Footer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * How an append's files enter the table: {@link CopyMode} rewrites their rows into new files,
 * {@link RegisterMode} adds them where they lie. Both end in the same step, {@link #addActions}.
 */
interface FileMode {
  /** Fewer files than this go in one piece: a chunk of Kernel's work must outweigh handing it to a thread. */
  int CHUNK = 256;

  /** Adds the add actions of {@code footers}' files (copied or as they are) to {@code actions}; returns their rows. */
  long write(List<Footer> footers, List<Row> actions) throws IOException;

  /**
   * Deletes what {@link #write} wrote, after a failed or lost commit; returns how many files it could not
   * delete (the store went away): no commit names them, so readers never see them.
   */
  int deleteWritten();

  /** Columns whose statistics came from the data rather than the footers. */
  List<String> statsFromData();

  /**
   * The add actions of {@code files}, written into the table's {@code context} (a partition), into
   * {@code actions}; {@code status} gives a file's size, time and statistics. Kernel writes each file's
   * statistics as JSON: thousands of files go in chunks on every core, each chunk's statuses made on the
   * thread that writes its actions (one pass, no wait between the two).
   */
  static <F> void addActions(Engine engine, Row state, DataWriteContext context, List<F> files,
      Background.IOFunction<F, DataFileStatus> status, List<Row> actions) throws IOException {
    int cores = Runtime.getRuntime().availableProcessors();
    int chunks = Math.min(cores, files.size() / CHUNK);
    if (chunks < 2) {
      // a statistic from a file's data reads its column chunks: even a few files' statuses go on every core
      actions.addAll(generate(engine, state, context, Background.mapIO(files, cores, status)));
      return;
    }
    List<List<F>> parts = new ArrayList<>();
    int size = (files.size() + chunks - 1) / chunks;
    for (int from = 0; from < files.size(); from += size) {
      parts.add(files.subList(from, Math.min(files.size(), from + size)));
    }
    Background.mapIO(parts, chunks, part -> generate(engine, state, context, statuses(part, status)))
        .forEach(actions::addAll);
  }

  private static <F> List<DataFileStatus> statuses(List<F> files, Background.IOFunction<F, DataFileStatus> status)
      throws IOException {
    List<DataFileStatus> statuses = new ArrayList<>(files.size());
    for (F file : files) {
      statuses.add(status.apply(file));
    }
    return statuses;
  }

  private static List<Row> generate(Engine engine, Row state, DataWriteContext context, List<DataFileStatus> files)
      throws IOException {
    List<Row> rows = new ArrayList<>(files.size());
    try (CloseableIterator<Row> adds = Transaction.generateAppendActions(engine, state, Iterators.of(files), context)) {
      adds.forEachRemaining(rows::add);
    }
    return rows;
  }
}
