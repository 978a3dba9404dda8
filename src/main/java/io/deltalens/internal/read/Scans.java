package io.deltalens.internal.read;

import io.delta.kernel.Scan;
import io.delta.kernel.ScanBuilder;
import io.delta.kernel.Snapshot;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.expressions.PredicateEvaluator;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import io.deltalens.DeltaLensException;
import io.deltalens.internal.engine.Kernel;
import io.deltalens.internal.engine.Prefetch;
import io.deltalens.internal.expr.ColumnNames;
import io.deltalens.internal.expr.Filters;
import io.deltalens.internal.expr.Literals;
import io.deltalens.internal.frame.FrameBuilder;
import io.deltalens.internal.kernel.Iterators;
import io.deltalens.internal.kernel.KernelInternals;
import io.deltalens.internal.storage.Location;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import tech.tablesaw.api.Table;

/**
 * Reads the rows of one snapshot into Tablesaw frames, whole or in chunks (what {@code TableRead} runs).
 *
 * <p>The filter goes to Kernel, which skips files by partition values and min/max statistics; the rows
 * of the files left are then filtered exactly. Deletion vectors, column mapping and partition columns
 * are handled by Kernel's scan. A limit stops reading as soon as enough rows are in.
 */
public final class Scans {
  private final Location table;
  private final Snapshot snapshot;
  private final List<String> columns;
  private final String where;
  private final int limit;
  private final Consumer<String> progress;

  /**
   * A read of {@code snapshot} of {@code table}: {@code columns} (all when null or empty), rows passing
   * {@code where} (all when null), at most {@code limit}; {@code progress} hears about long reads.
   */
  public Scans(Location table, Snapshot snapshot, List<String> columns, String where, int limit,
      Consumer<String> progress) {
    this.table = table;
    this.snapshot = snapshot;
    this.columns = columns == null || columns.isEmpty() ? null : columns;
    this.where = where;
    this.limit = limit;
    this.progress = progress;
  }

  /** Reads the rows into a Tablesaw table named after the table and version. */
  public Table toTable() {
    Plan plan = plan();
    StructType output = plan.output();
    Optional<Predicate> filter = plan.filter();
    FrameBuilder frame = new FrameBuilder(output);
    if (limit > 0) {
      forEachBatch(snapshot, output, filter, new BatchSink() {
        private long nextReport = System.nanoTime() + 1_000_000_000L;

        @Override
        public void expect(long rows) {
          frame.expect(Math.min(rows, limit));
        }

        @Override
        public boolean accept(FilteredColumnarBatch batch) {
          frame.append(batch, limit - frame.rowCount());
          return frame.rowCount() < limit;
        }

        @Override
        public void fileDone(int done, int total) {
          if (done < total && System.nanoTime() > nextReport) {
            progress.accept(String.format("read %d/%d files, %,d rows", done, total, frame.rowCount()));
            nextReport = System.nanoTime() + 1_000_000_000L;
          }
        }
      });
    }
    return frame.build(table.name() + "@v" + snapshot.getVersion());
  }

  /**
   * Reads the rows in frames of about {@code rows} rows each (a batch is never split, so a frame may
   * hold one batch more), handed to {@code chunk} as they fill: a read of any size in a heap that holds
   * one frame (the command line prints CSV and JSON this way). An empty read gives one empty frame.
   */
  public void forEachChunk(int rows, Consumer<Table> chunk) {
    Plan plan = plan();
    StructType output = plan.output();
    Optional<Predicate> filter = plan.filter();
    String name = table.name() + "@v" + snapshot.getVersion();
    int[] total = {0};
    FrameBuilder[] frame = {new FrameBuilder(output)};
    if (limit > 0) {
      forEachBatch(snapshot, output, filter, new BatchSink() {
        @Override
        public void expect(long expected) {}

        @Override
        public boolean accept(FilteredColumnarBatch batch) {
          total[0] += frame[0].append(batch, limit - total[0]);
          if (frame[0].rowCount() >= rows) {
            chunk.accept(frame[0].build(name));
            frame[0] = new FrameBuilder(output);
          }
          return total[0] < limit;
        }

        @Override
        public void fileDone(int done, int files) {}
      });
    }
    if (frame[0].rowCount() > 0 || total[0] == 0) {
      chunk.accept(frame[0].build(name));
    }
  }

  /** What a read resolves to: the columns it returns, the filter parsed against the schema. */
  private record Plan(StructType output, Optional<Predicate> filter) {}

  private Plan plan() {
    StructType schema = snapshot.getSchema();
    return new Plan(project(schema, columns == null ? schema.fieldNames() : columns),
        Optional.ofNullable(where).map(w -> Filters.parse(w, schema)));
  }

  /** Where a read's rows go: first the row count the statistics give, then batches until it says stop. */
  interface BatchSink {
    void expect(long rows);

    boolean accept(FilteredColumnarBatch batch);

    void fileDone(int done, int total);
  }

  /**
   * Streams the rows of {@code snapshot} that pass {@code filter}, with the columns of {@code output}
   * first, in order (columns the filter needs beyond them follow). Before the first batch the sink gets
   * the row count the files' statistics give (an upper bound with filters or deletion vectors; too low
   * where a writer kept no statistics).
   */
  static void forEachBatch(
      Snapshot snapshot, StructType output, Optional<Predicate> filter, BatchSink sink) {
    Engine engine = Kernel.engine();
    StructType readSchema = withFilterColumns(output, snapshot.getSchema(), filter);
    ScanBuilder builder = snapshot.getScanBuilder().withReadSchema(readSchema);
    if (filter.isPresent()) {
      builder = builder.withFilter(filter.get());
    }
    Scan scan = builder.build();
    Row state = scan.getScanState(engine);
    Optional<PredicateEvaluator> rowFilter =
        filter.map(p -> engine.getExpressionHandler().getPredicateEvaluator(readSchema, p));
    List<Row> files = ScanFiles.inAddedOrder(scan);
    long rows = 0;
    for (Row file : files) {
      rows += Stats.numRecords(statsOf(file));
    }
    long expected = rows;
    if (files.isEmpty()) {
      sink.expect(0);
    }
    try {
      for (int i = 0; i < files.size(); i++) {
        // the sink readies room for the rows (a frame zeroes its arrays) while the first file is read ahead
        Runnable started = i == 0 ? () -> sink.expect(expected) : () -> {};
        if (!readFile(engine, state, files.get(i), rowFilter, sink, started)) {
          return;
        }
        sink.fileDone(i + 1, files.size());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String statsOf(Row scanFile) {
    return KernelInternals.stats(scanFile);
  }

  /**
   * The rows of one file of a scan ({@code state} its scan state) as the table holds them: logical columns,
   * partition values filled in, rows a deletion vector removes deselected; with {@code ahead}, decoded on
   * another thread while the caller takes them (worth it for a large file, not for each of many small ones).
   */
  public static CloseableIterator<FilteredColumnarBatch> rows(Engine engine, Row state, Row scanFile,
      boolean ahead) throws IOException {
    FileStatus file = KernelInternals.fileStatus(scanFile);
    CloseableIterator<ColumnarBatch> data = engine.getParquetHandler()
        .readParquetFiles(singleton(file), KernelInternals.physicalReadSchema(state), Optional.empty())
        .map(result -> result.getData());
    return Scan.transformPhysicalData(engine, state, scanFile, ahead ? Prefetch.ahead(data) : data);
  }

  private static boolean readFile(Engine engine, Row state, Row scanFile,
      Optional<PredicateEvaluator> rowFilter, BatchSink sink, Runnable started) throws IOException {
    try (CloseableIterator<FilteredColumnarBatch> logical = rows(engine, state, scanFile, true)) {
      started.run();
      while (logical.hasNext()) {
        FilteredColumnarBatch batch = logical.next();
        if (rowFilter.isPresent()) {
          ColumnVector keep = rowFilter.get().eval(batch.getData(), batch.getSelectionVector());
          batch = new FilteredColumnarBatch(batch.getData(), Optional.of(keep));
        }
        if (!sink.accept(batch)) {
          return false;
        }
      }
    }
    return true;
  }

  private static CloseableIterator<FileStatus> singleton(FileStatus file) {
    return Iterators.of(List.of(file));
  }

  static StructType project(StructType schema, List<String> names) {
    List<StructField> fields = new ArrayList<>();
    for (String name : names) {
      String column = ColumnNames.resolve(schema, name, "").path()[0];
      if (fields.stream().noneMatch(f -> f.getName().equals(column))) {
        fields.add(schema.get(column));
      }
    }
    return new StructType(fields);
  }

  private static StructType withFilterColumns(
      StructType output, StructType schema, Optional<Predicate> filter) {
    Set<String> names = new LinkedHashSet<>(output.fieldNames());
    filter.ifPresent(p -> Filters.columns(p).forEach(c -> names.add(c.getNames()[0])));
    return project(schema, new ArrayList<>(names));
  }

  /** An ISO-8601 instant, an instant with an offset, or a date (midnight UTC); an error says how to write one. */
  public static Instant parseInstant(String text) {
    try {
      return Literals.instant(text);
    } catch (RuntimeException e) {
      throw new DeltaLensException("not a timestamp: '" + text
          + "' (write ISO-8601, e.g. 2026-11-25T10:00:00Z or 2026-11-25)");
    }
  }

}
