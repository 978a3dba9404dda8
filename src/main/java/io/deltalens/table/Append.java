package io.deltalens.table;

import io.delta.kernel.Snapshot;
import io.delta.kernel.Transaction;
import io.delta.kernel.TransactionCommitResult;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.ConcurrentTransactionException;
import io.delta.kernel.exceptions.KernelException;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterable;
import io.deltalens.DeltaLensException;
import io.deltalens.constraints.RowRules;
import io.deltalens.engine.Iterators;
import io.deltalens.engine.Kernel;
import io.deltalens.engine.KernelInternals;
import io.deltalens.parquet.Footers.Footer;
import io.deltalens.parquet.Footers;
import io.deltalens.parquet.ParquetSchemas;
import io.deltalens.read.Versions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * One append to a table, built fluently and committed once:
 * {@code table.newAppend().appendFile(path).register().txn("job", 7).commit()}.
 *
 * <p>Every input is checked (footer readable, schema compatible, NOT NULL columns free of nulls) before
 * anything is written; in copy mode every row also meets the table's {@link RowRules} (CHECK
 * constraints, generated and identity columns). Data files written by a failed copy are deleted, so a
 * failure leaves the table as it was. Concurrent writers are handled by Kernel, which retries a lost commit version on the
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
  private boolean statsFromData = true;

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

  /**
   * Register mode: whether columns whose footers lack statistics (Spark's INT96 timestamps, files written
   * without them) get statistics from their values, reading just those column chunks. On by default.
   */
  public Append statsFromData(boolean compute) {
    this.statsFromData = compute;
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
    try {
      Versions.requireReadable(table.path(), snapshot.getVersion());
    } catch (DeltaLensException e) {
      throw new DeltaLensException("cannot append to " + table.path() + ": " + e.getMessage()
          + "; the table is unchanged", e);
    }
    if (alreadyCommitted(snapshot)) {
      return noOp(snapshot.getVersion(), true, 0);
    }
    AppendChecks.requireAppendable(snapshot, table.path(), mode);
    RowRules rules = RowRules.of(snapshot.getTableProperties(), snapshot.getSchema(), table.path());
    if (mode == AppendMode.REGISTER && !rules.isEmpty()) {
      throw new DeltaLensException(table.path() + ": register mode adds files without reading their rows,"
          + " so it cannot honour the table's " + String.join(", ", rules.names())
          + "; append in copy mode, which computes and checks them. The table is unchanged.");
    }
    try {
      Transactions.requireWritable(snapshot);
    } catch (KernelException e) {
      // a writer feature neither Kernel nor deltalens honours, e.g. legacy column invariants
      throw new DeltaLensException(table.path() + ": cannot append: " + e.getMessage()
          + " The table is unchanged.", e);
    }

    List<Path> files = Inputs.expand(inputs);
    int skipped = 0;
    if (mode == AppendMode.REGISTER) {
      List<Path> fresh = RegisterMode.fresh(files, table.path(), snapshot);
      skipped = files.size() - fresh.size();
      files = fresh;
      if (files.isEmpty()) {
        return noOp(snapshot.getVersion(), false, skipped);
      }
    }
    List<Footer> footers = readFooters(files);
    List<StructField> added = checkSchemas(footers, snapshot, rules.filledColumns());
    StructType schema = added.isEmpty() ? snapshot.getSchema()
        : Transactions.withNewColumns(snapshot, SchemaRules.merge(snapshot.getSchema(), added));
    rules.plan(footers.stream().map(Append::inputFile).collect(Collectors.toList()));

    Row state = Transactions.writeState(snapshot, schema);
    List<Row> actions = new ArrayList<>();
    List<String> partitionColumns = snapshot.getPartitionColumnNames();
    FileMode writer = mode == AppendMode.COPY
        ? new CopyMode(engine, table.path(), state, schema, partitionColumns, rules, progress)
        : new RegisterMode(engine, table.path(), state, schema, partitionColumns, statsFromData);
    try {
      long rows = writer.write(footers, actions);
      Transaction txn = Transactions.forAppend(
          snapshot, rules.schemaAfter(schema), !rules.isEmpty(), appId, txnVersion);
      TransactionCommitResult result = txn.commit(
          engine, CloseableIterable.inMemoryIterable(Iterators.of(actions)));
      Checkpoints.runPostCommitHooks(table.path(), result.getVersion(), result.getPostCommitHooks(), rules.isEmpty());
      return new AppendResult(result.getVersion(), true, false, mode, actions.size(), rows, skipped,
          added.stream().map(StructField::getName).collect(Collectors.toList()), writer.statsFromData());
    } catch (ConcurrentTransactionException e) {
      writer.deleteWritten();
      return noOp(table.version(), true, 0);
    } catch (IOException | RuntimeException | Error e) { // out of memory too: written files are deleted
      writer.deleteWritten();
      if (e instanceof DeltaLensException d) {
        throw d;
      }
      throw new DeltaLensException("append to " + table.path() + " failed, nothing was committed: "
          + (e instanceof OutOfMemoryError ? "out of memory; give the JVM more heap (e.g. DELTALENS_JAVA_OPTS=-Xmx4g)"
              : e.getMessage()), e);
    }
  }

  /** What the row rules need to know of an input file: its columns and its row count. */
  private static RowRules.InputFile inputFile(Footer footer) {
    Set<String> columns = footer.metadata().getFileMetaData().getSchema().getFields().stream()
        .map(org.apache.parquet.schema.Type::getName).collect(Collectors.toSet());
    long rows = footer.metadata().getBlocks().stream().mapToLong(b -> b.getRowCount()).sum();
    return new RowRules.InputFile(footer.file(), columns, rows);
  }

  private boolean alreadyCommitted(Snapshot snapshot) {
    return appId != null
        && snapshot.getLatestTransactionVersion(Kernel.engine(), appId).orElse(-1L) >= txnVersion;
  }

  private AppendResult noOp(long version, boolean alreadyCommitted, int skipped) {
    return new AppendResult(version, false, alreadyCommitted, mode, 0, 0, skipped, List.of(), List.of());
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
  private List<StructField> checkSchemas(List<Footer> footers, Snapshot snapshot, Set<String> filled) {
    // columns the append fills (generated, identity) may be missing from a file even when NOT NULL
    StructType tableSchema = new StructType(snapshot.getSchema().fields().stream()
        .map(f -> filled.contains(f.getName()) ? SchemaRules.nullable(f) : f).collect(Collectors.toList()));
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

  /** A file's path in the form of the table path Kernel holds, so Kernel can make it relative. */
  static String kernelFilePath(Row state, Path file) {
    String tablePath = KernelInternals.tablePath(state);
    return tablePath.startsWith("file:") ? "file:" + file : file.toString();
  }
}
