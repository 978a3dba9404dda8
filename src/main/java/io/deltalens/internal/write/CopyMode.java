package io.deltalens.internal.write;

import io.delta.kernel.DataWriteContext;
import io.delta.kernel.Transaction;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.statistics.DataFileStatistics;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import io.delta.kernel.utils.FileStatus;
import io.deltalens.DeltaLensException;
import io.deltalens.internal.constraints.RowRules;
import io.deltalens.internal.engine.Background;
import io.deltalens.internal.engine.Prefetch;
import io.deltalens.internal.kernel.Iterators;
import io.deltalens.internal.kernel.KernelInternals;
import io.deltalens.internal.parquet.ColumnarParquetHandler;
import io.deltalens.internal.parquet.FooterStats;
import io.deltalens.internal.parquet.Footers;
import io.deltalens.internal.parquet.Footers.Footer;
import io.deltalens.internal.storage.Location;
import io.deltalens.internal.storage.Storage;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Copy mode: reads the rows of parquet files (with the table's schema, so narrower integers widen), or takes
 * rows held in memory (a Kafka batch), and writes them as new data files inside the table through Kernel's
 * transform and the engine's parquet writer ({@link io.deltalens.internal.parquet.ColumnarParquetHandler}), one
 * group of files per partition, with statistics from the written footers.
 */
final class CopyMode implements FileMode {
  private final Engine engine;
  private final Location table;
  private final Row state;
  private final StructType schema;
  private final List<String> partitionColumns;
  private final RowRules rules;
  private final Consumer<String> progress;
  private final List<Location> written = Collections.synchronizedList(new ArrayList<>());
  private long targetFileSize = ColumnarParquetHandler.TARGET_FILE_SIZE;
  /** Two writers buffer two output row groups and read two input ones at once: only in a heap of 2 GiB up. */
  static final long TWO_WRITERS_HEAP = 2L << 30;

  CopyMode(Engine engine, Location table, Row state, StructType schema, List<String> partitionColumns,
      RowRules rules, Consumer<String> progress) {
    this.engine = engine;
    this.table = table;
    this.state = state;
    this.schema = schema;
    this.partitionColumns = partitionColumns;
    this.rules = rules;
    this.progress = progress;
  }

  /** Copies the rows of {@code footers}' files into new data files; adds their add actions. */
  @Override
  public long write(List<Footer> footers, List<Row> actions) throws IOException {
    rules.plan(footers.stream().map(CopyMode::inputFile).toList()); // before any file is written
    long rows = 0;
    for (Footer footer : footers) {
      rows += partitionColumns.isEmpty() ? writeUnpartitioned(footer, actions)
          : writePartitions(() -> read(footer), actions);
      if (footers.size() > 1) {
        progress.accept("copied " + footer.file().name());
      }
    }
    return rows;
  }

  /** What the row rules need to know of an input file: its columns and its row count. */
  private static RowRules.InputFile inputFile(Footer footer) {
    Set<String> columns = footer.metadata().getFileMetaData().getSchema().getFields().stream()
        .map(org.apache.parquet.schema.Type::getName).collect(Collectors.toSet());
    return new RowRules.InputFile(footer.file(), columns, footer.numRecords());
  }

  /**
   * Writes rows held in memory (in the table's schema) as new data files, the table's row rules applied as
   * for an input file named {@code input} (planned by the caller); adds their add actions.
   */
  long writeRows(Location input, List<ColumnarBatch> batches, List<Row> actions) throws IOException {
    List<ColumnarBatch> ruled = batches.stream().map(rules.rowsOf(input)).collect(Collectors.toList());
    return partitionColumns.isEmpty() ? writeGroup(Map.of(), unfiltered(Iterators.of(ruled)), actions)
        : writePartitions(() -> unfiltered(Iterators.of(ruled)), actions);
  }

  /**
   * Writes the rows of one partition ({@code partition}: its values), as a compaction does, into files of
   * about {@code targetFileSize} bytes; adds their add actions.
   */
  long rewrite(Map<String, Literal> partition, CloseableIterator<FilteredColumnarBatch> rows, long targetFileSize,
      List<Row> actions) throws IOException {
    this.targetFileSize = targetFileSize;
    return writeGroup(partition, rows, actions);
  }

  /** Writes the rows {@code read} gives (on each call, the same) as one group of files per partition. */
  private long writePartitions(Rows read, List<Row> actions) throws IOException {
    PartitionSplitter splitter = new PartitionSplitter(partitionColumns, partitionColumns.stream()
        .map(c -> schema.get(c).getDataType()).collect(Collectors.toList()));
    List<Integer> ordinals = partitionColumns.stream().map(schema::indexOf).collect(Collectors.toList());
    long rows = 0;
    for (List<Object> key : distinctKeys(read, splitter, ordinals)) {
      CloseableIterator<FilteredColumnarBatch> rowsOfKey = read.open().map(batch ->
          select(engine, batch.getData(), splitter.keys(batch.getData(), ordinals), key));
      rows += writeGroup(splitter.literals(key), rowsOfKey, actions);
    }
    return rows;
  }

  /** Rows that can be read again, as a partitioned copy reads its input once per partition. */
  private interface Rows {
    CloseableIterator<FilteredColumnarBatch> open() throws IOException;
  }

  /**
   * Copies a file of several row groups with two writers at once (writing is the slow part and a
   * writer runs on one thread): each takes a contiguous half of the row groups, so the rows keep their order
   * across the two new files. Not with row rules, whose identity values are numbered in row order, nor in
   * a heap under {@link #TWO_WRITERS_HEAP}, where one writer's and one reader's row group must fit.
   */
  private long writeUnpartitioned(Footer footer, List<Row> actions) throws IOException {
    int groups = footer.metadata().getBlocks().size();
    boolean twoWriters = groups >= 2 && rules.isEmpty() && Runtime.getRuntime().maxMemory() >= TWO_WRITERS_HEAP;
    Optional<CloseableIterator<ColumnarBatch>> firstHalf = !twoWriters ? Optional.empty()
        : ColumnarParquetHandler.readRowGroups(status(footer), schema, 0, groups / 2);
    if (firstHalf.isEmpty()) {
      return writeGroup(Map.of(), read(footer), actions);
    }
    CloseableIterator<ColumnarBatch> secondHalf;
    try {
      secondHalf = ColumnarParquetHandler.readRowGroups(status(footer), schema, groups / 2, groups).orElseThrow();
    } catch (IOException | RuntimeException e) {
      try {
        firstHalf.get().close(); // its reader holds the file open (an object: a connection)
      } catch (IOException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
    List<Row> secondActions = new ArrayList<>();
    Future<Long> second = Background.submit(() -> writeGroup(Map.of(), unfiltered(secondHalf), secondActions));
    long rows;
    try {
      rows = writeGroup(Map.of(), unfiltered(firstHalf.get()), actions);
    } catch (IOException | RuntimeException | Error e) {
      try {
        Background.join(second); // its files must be known before the caller deletes what was written
      } catch (RuntimeException | Error other) {
        e.addSuppressed(other);
      }
      throw e;
    }
    rows += Background.join(second);
    actions.addAll(secondActions);
    return rows;
  }

  private static CloseableIterator<FilteredColumnarBatch> unfiltered(CloseableIterator<ColumnarBatch> data) {
    return data.map(batch -> new FilteredColumnarBatch(batch, Optional.empty()));
  }

  private static FileStatus status(Footer footer) {
    return FileStatus.of(footer.file().uri(), footer.size(), footer.modificationTime());
  }

  /**
   * The rows of a file in the table's schema, with the table's row rules applied (same on every read),
   * read ahead on another thread while the caller writes.
   */
  private CloseableIterator<FilteredColumnarBatch> read(Footer footer) throws IOException {
    FileStatus file = status(footer);
    UnaryOperator<ColumnarBatch> rows = rules.rowsOf(footer.file());
    return Prefetch.ahead(engine.getParquetHandler()
        .readParquetFiles(Iterators.of(List.of(file)), schema, Optional.empty())
        .map(result -> new FilteredColumnarBatch(rows.apply(result.getData()), Optional.empty())));
  }

  private Set<List<Object>> distinctKeys(Rows read, PartitionSplitter splitter, List<Integer> ordinals)
      throws IOException {
    Set<List<Object>> keys = new LinkedHashSet<>();
    try (CloseableIterator<FilteredColumnarBatch> batches = read.open()) {
      while (batches.hasNext()) {
        keys.addAll(splitter.keys(batches.next().getData(), ordinals));
      }
    }
    return keys;
  }

  private static FilteredColumnarBatch select(
      Engine engine, ColumnarBatch batch, List<List<Object>> keys, List<Object> key) {
    boolean[] selected = new boolean[batch.getSize()];
    for (int i = 0; i < selected.length; i++) {
      selected[i] = keys.get(i).equals(key);
    }
    return new FilteredColumnarBatch(batch, Optional.of(
        engine.getExpressionHandler().createSelectionVector(selected, 0, selected.length)));
  }

  /** Writes one partition's rows as data files inside the table and adds their add actions. */
  private long writeGroup(Map<String, Literal> partition, CloseableIterator<FilteredColumnarBatch> data,
      List<Row> actions) throws IOException {
    StructType physical = KernelInternals.physicalSchema(state);
    CloseableIterator<FilteredColumnarBatch> toWrite = !KernelInternals.usesColumnMapping(state)
        ? Transaction.transformLogicalData(engine, state, data, partition)
        : data.map(batch -> physical(batch, schema, physical, partition.keySet()));
    DataWriteContext context = Transaction.getWriteContext(engine, state, partition);
    List<Column> statsColumns = statsColumns(context, schema, physical, partition.keySet());
    Location dir = targetDirectory(context);
    List<DataFileStatus> files = new ArrayList<>();
    // No statistics columns for the writer: Kernel's would read each written footer for statistics that
    // are replaced below by the same footer-rules statistics register mode uses (and with none, the
    // engine takes its columnar writer).
    try (CloseableIterator<DataFileStatus> statuses = engine.getParquetHandler() instanceof ColumnarParquetHandler c
        ? c.writeParquetFiles(dir.uri(), toWrite, targetFileSize, table)
        : engine.getParquetHandler().writeParquetFiles(dir.uri(), toWrite, List.of())) {
      while (statuses.hasNext()) {
        // The writer reports a URI-encoded path, which Kernel would then encode again in the add
        // action ("a%2520b"): name the file by the folder we gave and the file name it chose.
        DataFileStatus status = statuses.next();
        String name = status.getPath().substring(status.getPath().lastIndexOf('/') + 1);
        Location file = dir.resolve(name);
        written.add(file);
        // Statistics by the same footer rules as register mode (Spark's: no min/max for booleans and
        // binary, timestamp maxima rounded up, long strings cut), so both modes agree.
        DataFileStatistics stats = FooterStats.of(
            Footers.read(new Storage.Entry(file, status.getSize(), status.getModificationTime())), physical, statsColumns);
        files.add(new DataFileStatus(AppendCommit.kernelFilePath(state, file), status.getSize(),
            status.getModificationTime(), Optional.of(stats)));
      }
    }
    FileMode.addActions(engine, state, context, files, f -> f, actions);
    return files.stream().mapToLong(f -> f.getStatistics().get().getNumRecords()).sum();
  }

  /**
   * Kernel's statistics columns without the partition columns. Kernel leaves those out by logical name,
   * so on a column-mapping table, where the columns carry physical names, they would stay in.
   */
  private static List<Column> statsColumns(DataWriteContext context, StructType logical,
      StructType physical, java.util.Set<String> partitionColumns) {
    java.util.Set<String> physicalPartitions = partitionColumns.stream()
        .map(c -> physical.at(logical.indexOf(c)).getName()).collect(Collectors.toSet());
    return context.getStatisticsColumns().stream()
        .filter(c -> !physicalPartitions.contains(c.getNames()[0]))
        .collect(Collectors.toList());
  }

  /**
   * A batch of a column-mapping table as its data files hold it: partition columns left out, the others
   * under their physical names with their field ids (the parquet writer puts those in the parquet schema).
   * Kernel 4.4's transformLogicalData refuses column-mapping tables; this is the part of it they need.
   */
  private static FilteredColumnarBatch physical(FilteredColumnarBatch batch, StructType logical,
      StructType physical, java.util.Set<String> partitionColumns) {
    ColumnarBatch data = batch.getData();
    List<StructField> fields = new ArrayList<>();
    for (int i = logical.length() - 1; i >= 0; i--) {
      if (partitionColumns.contains(logical.at(i).getName())) {
        data = data.withDeletedColumnAt(i);
      } else {
        fields.add(0, physical.at(i));
      }
    }
    return new FilteredColumnarBatch(data.withNewSchema(new StructType(fields)), batch.getSelectionVector());
  }

  /**
   * Kernel gives the target directory as an encoded URI ("file:/a%20b", "s3a://b/t/day=x%20y") while its
   * parquet writer takes a plain path and would write into a folder literally named "a%20b", outside the
   * table: decode it, and refuse anything that does not land inside the table.
   */
  private Location targetDirectory(DataWriteContext context) {
    Location dir;
    try {
      URI uri = new URI(context.getTargetDirectory());
      dir = "file".equals(uri.getScheme()) ? Location.local(Paths.get(uri))
          : Location.of(uri.getScheme() + "://" + uri.getAuthority() + uri.getPath());
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new DeltaLensException("cannot place data files: Kernel's target directory '"
          + context.getTargetDirectory() + "' is not a URI", e);
    }
    if (!dir.isInside(table)) {
      throw new DeltaLensException("refusing to write data files to " + dir + ", outside the table "
          + table);
    }
    return dir;
  }

  /** Deletes the data files this copy has written: the append failed, so nothing may stay behind. */
  @Override
  public int deleteWritten() {
    int left = 0;
    for (Location file : written) {
      try {
        Storage.delete(file);
      } catch (IOException | RuntimeException e) {
        left++;
      }
    }
    return left;
  }

  /** Copies take every statistic from the footers they write. */
  @Override
  public List<String> statsFromData() {
    return List.of();
  }
}
