package io.deltalens.table;

import io.deltalens.engine.Kernel;
import static io.delta.kernel.internal.util.Utils.toCloseableIterator;

import io.delta.kernel.DataWriteContext;
import io.delta.kernel.Operation;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Transaction;
import io.delta.kernel.TransactionCommitResult;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.ConcurrentTransactionException;
import io.delta.kernel.exceptions.KernelException;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.internal.data.TransactionStateRow;
import io.delta.kernel.internal.util.ColumnMapping;
import io.delta.kernel.statistics.DataFileStatistics;
import io.delta.kernel.transaction.UpdateTableTransactionBuilder;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterable;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import io.delta.kernel.utils.FileStatus;
import io.deltalens.DeltaLensException;
import io.deltalens.parquet.FooterStats;
import io.deltalens.parquet.Footers;
import io.deltalens.parquet.Footers.Footer;
import io.deltalens.parquet.ParquetSchemas;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * One append to a table, built fluently and committed once:
 * {@code table.newAppend().appendFile(path).register().txn("job", 7).commit()}.
 *
 * <p>Every input is checked (footer readable, schema compatible, NOT NULL columns free of nulls) before
 * anything is written, and data files written by a failed copy are deleted, so a failure leaves the
 * table as it was. Concurrent writers are handled by Kernel, which retries a lost commit version on the
 * new snapshot; a transaction id that is already committed makes the append a no-op.
 */
public final class Append {
  private final DeltaTable table;
  private final List<Path> inputs = new ArrayList<>();
  private AppendMode mode = AppendMode.COPY;
  private boolean mergeSchema;
  private String appId;
  private long txnVersion;
  private Consumer<String> progress = message -> {};

  Append(DeltaTable table) {
    this.table = table;
  }

  /** Adds a parquet file, or every parquet file under a folder. */
  public Append appendFile(Path fileOrDir) {
    inputs.add(fileOrDir);
    return this;
  }

  public Append appendFile(String fileOrDir) {
    return appendFile(Paths.get(fileOrDir));
  }

  public Append appendFiles(Collection<Path> filesOrDirs) {
    inputs.addAll(filesOrDirs);
    return this;
  }

  public Append mode(AppendMode mode) {
    this.mode = mode;
    return this;
  }

  /** Rows are read and written as new files inside the table (the default). */
  public Append copy() {
    return mode(AppendMode.COPY);
  }

  /** Files under the table folder are added as they are, with statistics from their footers. */
  public Append register() {
    return mode(AppendMode.REGISTER);
  }

  /** Lets files bring new columns; they are added to the table schema as nullable columns. */
  public Append mergeSchema() {
    return mergeSchema(true);
  }

  public Append mergeSchema(boolean merge) {
    this.mergeSchema = merge;
    return this;
  }

  /**
   * Makes the append exactly-once: it commits only if {@code version} is above the last version
   * committed for {@code appId}; otherwise it reports "already committed" and changes nothing.
   */
  public Append txn(String appId, long version) {
    if (appId == null || appId.isBlank() || version < 0) {
      throw new DeltaLensException("a transaction id needs an appId and a version >= 0");
    }
    this.appId = appId;
    this.txnVersion = version;
    return this;
  }

  /** Receives a line for each step of long work (footers read, files written). */
  public Append progress(Consumer<String> progress) {
    this.progress = progress;
    return this;
  }

  public AppendResult commit() {
    if (inputs.isEmpty()) {
      throw new DeltaLensException("nothing to append: name at least one parquet file or folder");
    }
    Engine engine = Kernel.engine();
    Snapshot snapshot = table.snapshot();
    if (alreadyCommitted(snapshot)) {
      return noOp(snapshot.getVersion(), true, 0);
    }
    TableFeatures.requireAppendable(snapshot, table.path(), mode, mergeSchema);

    List<Path> files = Inputs.expand(inputs);
    int skipped = 0;
    if (mode == AppendMode.REGISTER) {
      Inputs.requireInside(files, table.path());
      Set<Path> live = LiveFiles.of(table, snapshot);
      List<Path> fresh = files.stream().filter(f -> !live.contains(f)).collect(Collectors.toList());
      skipped = files.size() - fresh.size();
      files = fresh;
      if (files.isEmpty()) {
        return noOp(snapshot.getVersion(), false, skipped);
      }
    }
    List<Footer> footers = readFooters(files);
    List<StructField> added = checkSchemas(footers, snapshot);
    StructType schema = SchemaRules.merge(snapshot.getSchema(), added);

    Transaction txn;
    try {
      txn = transaction(snapshot).build(engine);
    } catch (ConcurrentTransactionException e) {
      return noOp(table.version(), true, 0);
    } catch (KernelException e) {
      // e.g. a writer feature Kernel cannot honour (checkConstraints, generatedColumns, identityColumns)
      throw new DeltaLensException(table.path() + ": cannot append: " + e.getMessage()
          + " The table is unchanged.", e);
    }
    SchemaEvolution evolution = added.isEmpty() ? null : new SchemaEvolution(snapshot, txn, schema);
    Row state = evolution == null ? txn.getTransactionState(engine) : evolution.transactionState();
    List<Row> actions = new ArrayList<>();
    if (evolution != null) {
      actions.add(evolution.metadataAction());
    }
    Written written = new Written();
    try {
      long rows = mode == AppendMode.COPY
          ? copy(engine, state, schema, snapshot.getPartitionColumnNames(), footers, actions, written)
          : register(engine, state, schema, snapshot.getPartitionColumnNames(), footers, actions);
      int fileActions = actions.size() - (evolution == null ? 0 : 1);
      TransactionCommitResult result = txn.commit(
          engine, CloseableIterable.inMemoryIterable(toCloseableIterator(actions.iterator())));
      if (evolution == null) {
        Checkpoints.runPostCommitHooks(result.getPostCommitHooks());
      } else {
        Checkpoints.runAfterSchemaChange(result.getPostCommitHooks(), table, result.getVersion());
      }
      return new AppendResult(result.getVersion(), true, false, mode, fileActions, rows, skipped,
          added.stream().map(StructField::getName).collect(Collectors.toList()));
    } catch (ConcurrentTransactionException e) {
      written.delete();
      return noOp(table.version(), true, 0);
    } catch (IOException | RuntimeException e) {
      written.delete();
      if (e instanceof DeltaLensException d) {
        throw d;
      }
      throw new DeltaLensException("append to " + table.path() + " failed, nothing was committed: "
          + e.getMessage(), e);
    }
  }

  private boolean alreadyCommitted(Snapshot snapshot) {
    return appId != null
        && snapshot.getLatestTransactionVersion(Kernel.engine(), appId).orElse(-1L) >= txnVersion;
  }

  private AppendResult noOp(long version, boolean alreadyCommitted, int skipped) {
    return new AppendResult(version, false, alreadyCommitted, mode, 0, 0, skipped, List.of());
  }

  private UpdateTableTransactionBuilder transaction(Snapshot snapshot) {
    UpdateTableTransactionBuilder builder =
        snapshot.buildUpdateTableTransaction(Kernel.ENGINE_INFO, Operation.WRITE);
    return appId == null ? builder : builder.withTransactionId(appId, txnVersion);
  }

  private List<Footer> readFooters(List<Path> files) {
    int[] done = {0};
    return Footers.readAll(files, footer -> {
      synchronized (done) {
        done[0]++;
        if (files.size() >= 100 && (done[0] % 1000 == 0 || done[0] == files.size())) {
          progress.accept("read " + done[0] + "/" + files.size() + " footers");
        }
      }
    });
  }

  /** Checks every file against the table; returns the columns schema evolution adds. */
  private List<StructField> checkSchemas(List<Footer> footers, Snapshot snapshot) {
    StructType tableSchema = snapshot.getSchema();
    List<String> partitionColumns = snapshot.getPartitionColumnNames();
    StructType expected = mode == AppendMode.REGISTER ? without(tableSchema, partitionColumns) : tableSchema;
    Map<String, StructField> added = new LinkedHashMap<>();
    for (Footer footer : footers) {
      StructType fileSchema =
          ParquetSchemas.toDelta(footer.metadata().getFileMetaData().getSchema(), footer.file());
      if (mode == AppendMode.REGISTER) {
        for (String column : partitionColumns) {
          if (fileSchema.indexOf(column) >= 0) {
            throw new DeltaLensException(footer.file() + ": holds partition column '" + column
                + "'; a registered file must not (readers take it from the folder name), copy it instead");
          }
        }
      }
      StructType withAdded = SchemaRules.merge(expected, new ArrayList<>(added.values()));
      for (StructField field : SchemaRules.check(fileSchema, withAdded, mergeSchema, footer.file())) {
        added.putIfAbsent(field.getName(), field);
      }
      NotNullCheck.check(footer, tableSchema);
    }
    return new ArrayList<>(added.values());
  }

  private static StructType without(StructType schema, List<String> columns) {
    return new StructType(schema.fields().stream()
        .filter(f -> !columns.contains(f.getName()))
        .collect(Collectors.toList()));
  }

  // ---- copy mode --------------------------------------------------------------------------------

  private long copy(Engine engine, Row state, StructType schema, List<String> partitionColumns,
      List<Footer> footers, List<Row> actions, Written written) throws IOException {
    long rows = 0;
    for (Footer footer : footers) {
      if (partitionColumns.isEmpty()) {
        rows += writeGroup(engine, state, schema, Map.of(), read(engine, footer, schema), actions, written);
      } else {
        PartitionSplitter splitter = new PartitionSplitter(partitionColumns, partitionColumns.stream()
            .map(c -> schema.get(c).getDataType()).collect(Collectors.toList()));
        List<Integer> ordinals =
            partitionColumns.stream().map(schema::indexOf).collect(Collectors.toList());
        for (List<Object> key : distinctKeys(engine, footer, schema, splitter, ordinals)) {
          CloseableIterator<FilteredColumnarBatch> rowsOfKey = read(engine, footer, schema).map(batch ->
              select(engine, batch.getData(), splitter.keys(batch.getData(), ordinals), key));
          rows += writeGroup(engine, state, schema, splitter.literals(key), rowsOfKey, actions, written);
        }
      }
      if (footers.size() > 1) {
        progress.accept("copied " + footer.file().getFileName());
      }
    }
    return rows;
  }

  private static CloseableIterator<FilteredColumnarBatch> read(
      Engine engine, Footer footer, StructType schema) throws IOException {
    FileStatus file = FileStatus.of(footer.file().toString(), footer.size(), footer.modificationTime());
    return engine.getParquetHandler()
        .readParquetFiles(toCloseableIterator(List.of(file).iterator()), schema, Optional.empty())
        .map(result -> new FilteredColumnarBatch(result.getData(), Optional.empty()));
  }

  private static Set<List<Object>> distinctKeys(Engine engine, Footer footer, StructType schema,
      PartitionSplitter splitter, List<Integer> ordinals) throws IOException {
    Set<List<Object>> keys = new LinkedHashSet<>();
    try (CloseableIterator<FilteredColumnarBatch> batches = read(engine, footer, schema)) {
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
  private long writeGroup(Engine engine, Row state, StructType schema, Map<String, Literal> partition,
      CloseableIterator<FilteredColumnarBatch> data, List<Row> actions, Written written)
      throws IOException {
    StructType physical = TransactionStateRow.getPhysicalSchema(state);
    CloseableIterator<FilteredColumnarBatch> toWrite = TransactionStateRow.getColumnMappingMode(state)
        == ColumnMapping.ColumnMappingMode.NONE
        ? Transaction.transformLogicalData(engine, state, data, partition)
        : data.map(batch -> physical(batch, schema, physical, partition.keySet()));
    DataWriteContext context = Transaction.getWriteContext(engine, state, partition);
    List<Column> statsColumns = statsColumns(context, schema, physical, partition.keySet());
    Path dir = targetDirectory(context);
    List<DataFileStatus> files = new ArrayList<>();
    try (CloseableIterator<DataFileStatus> statuses = engine.getParquetHandler().writeParquetFiles(
        dir.toString(), toWrite, statsColumns)) {
      while (statuses.hasNext()) {
        // The writer reports a URI-encoded path, which Kernel would then encode again in the add
        // action ("a%2520b"): name the file by the folder we gave and the file name it chose.
        DataFileStatus status = statuses.next();
        String name = status.getPath().substring(status.getPath().lastIndexOf('/') + 1);
        Path file = dir.resolve(name);
        written.add(file);
        // Statistics by the same footer rules as register mode (Spark's: no min/max for booleans and
        // binary, timestamp maxima rounded up, long strings cut), so both modes agree.
        DataFileStatistics stats =
            FooterStats.of(Footers.read(file), physical, statsColumns);
        files.add(new DataFileStatus(kernelFilePath(state, file), status.getSize(),
            status.getModificationTime(), Optional.of(stats)));
      }
    }
    try (CloseableIterator<Row> adds = Transaction.generateAppendActions(
        engine, state, toCloseableIterator(files.iterator()), context)) {
      adds.forEachRemaining(actions::add);
    }
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
   * under their physical names with their field ids (Kernel's writer puts those in the parquet schema).
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
   * Kernel gives the target directory as an encoded URI ("file:/a%20b") while its parquet writer takes a
   * plain path and would write into a folder literally named "a%20b", outside the table: decode it, and
   * refuse anything that does not land inside the table.
   */
  private Path targetDirectory(DataWriteContext context) {
    Path dir;
    try {
      dir = Paths.get(new URI(context.getTargetDirectory())).normalize();
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new DeltaLensException("cannot place data files: Kernel's target directory '"
          + context.getTargetDirectory() + "' is not a file URI", e);
    }
    if (!dir.startsWith(table.path())) {
      throw new DeltaLensException("refusing to write data files to " + dir + ", outside the table "
          + table.path());
    }
    return dir;
  }

  // ---- register mode ----------------------------------------------------------------------------

  private long register(Engine engine, Row state, StructType schema, List<String> partitionColumns,
      List<Footer> footers, List<Row> actions) throws IOException {
    Map<Path, List<Footer>> byFolder = footers.stream().collect(
        Collectors.groupingBy(f -> f.file().getParent(), LinkedHashMap::new, Collectors.toList()));
    long rows = 0;
    for (List<Footer> group : byFolder.values()) {
      Path relative = table.path().relativize(group.get(0).file());
      Map<String, Literal> partition = partitionColumns.isEmpty()
          ? Map.of() : PartitionPaths.parse(relative, partitionColumns, schema);
      DataWriteContext context = Transaction.getWriteContext(engine, state, partition);
      List<DataFileStatus> statuses = new ArrayList<>();
      for (Footer footer : group) {
        statuses.add(new DataFileStatus(kernelFilePath(state, footer.file()), footer.size(),
            footer.modificationTime(),
            Optional.of(FooterStats.of(footer, schema, context.getStatisticsColumns()))));
        rows += footer.numRecords();
      }
      try (CloseableIterator<Row> adds = Transaction.generateAppendActions(
          engine, state, toCloseableIterator(statuses.iterator()), context)) {
        adds.forEachRemaining(actions::add);
      }
    }
    return rows;
  }

  /** A file's path in the form of the table path Kernel holds, so Kernel can make it relative. */
  private static String kernelFilePath(Row state, Path file) {
    String tablePath = TransactionStateRow.getTablePath(state);
    return tablePath.startsWith("file:") ? "file:" + file : file.toString();
  }

  /** Data files a copy has written, deleted again when the append fails. */
  private static final class Written {
    private final List<Path> files = new ArrayList<>();

    void add(Path file) {
      files.add(file);
    }

    void delete() {
      for (Path file : files) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot remove " + file + " after a failed append", e);
        }
      }
    }
  }
}
