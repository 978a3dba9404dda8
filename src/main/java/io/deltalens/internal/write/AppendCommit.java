package io.deltalens.internal.write;

import io.delta.kernel.Snapshot;
import io.delta.kernel.Transaction;
import io.delta.kernel.TransactionCommitResult;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.ConcurrentTransactionException;
import io.delta.kernel.exceptions.ConcurrentWriteException;
import io.delta.kernel.exceptions.KernelException;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterable;
import io.deltalens.AppendMode;
import io.deltalens.AppendResult;
import io.deltalens.DeltaLensException;
import io.deltalens.internal.constraints.RowRules;
import io.deltalens.internal.engine.Kernel;
import io.deltalens.internal.frame.Words;
import io.deltalens.internal.kernel.Iterators;
import io.deltalens.internal.kernel.KernelInternals;
import io.deltalens.internal.parquet.Footers;
import io.deltalens.internal.parquet.Footers.Footer;
import io.deltalens.internal.parquet.ParquetSchemas;
import io.deltalens.internal.read.Versions;
import io.deltalens.internal.storage.Location;
import io.deltalens.internal.storage.Storage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.parquet.schema.MessageType;

/**
 * Runs one append ({@code Append.commit()}): every input is checked (footer readable, schema compatible,
 * NOT NULL columns free of nulls) before anything is written; in copy mode every row also meets the
 * table's {@link RowRules} (CHECK constraints, generated and identity columns). Data files written by a
 * failed copy are deleted, so a failure leaves the table as it was. Concurrent writers are handled by
 * Kernel, which retries a lost commit version on the new snapshot; a transaction id that is already
 * committed makes the append a no-op.
 */
public final class AppendCommit {
  /**
   * What to append and how: the options of {@code Append}, {@code appId} null without a transaction id;
   * {@code createIfAbsent}: with no table there, the append creates it, in the same commit.
   */
  public record Request(Location table, List<Location> inputs, AppendMode mode, boolean mergeSchema, String appId,
      long txnVersion, boolean statsFromData, Consumer<String> progress, boolean createIfAbsent, Landing landing) {
    public Request(Location table, List<Location> inputs, AppendMode mode, boolean mergeSchema, String appId,
        long txnVersion, boolean statsFromData, Consumer<String> progress, boolean createIfAbsent) {
      this(table, inputs, mode, mergeSchema, appId, txnVersion, statsFromData, progress, createIfAbsent, null);
    }
  }

  /**
   * What a landing batch adds to a register append: the {@code snapshot} to commit on (null when the batch
   * creates the table, as {@code creates} says, with its files in version 0), the listed
   * {@code files} (instead of {@code inputs}) and the {@code footers} of those already read, the table's
   * {@code known} files at that snapshot (so they are not scanned again),
   * {@code removals} of files the table holds, whether the commit may write a due {@code checkpoint}, and
   * where files that fail a check go ({@code rejected}: file and reason) instead of failing the batch;
   * {@code claim}, when not null, is an action committed with the batch (the watcher's listing).
   */
  public record Landing(Snapshot snapshot, TableCreation.NewTable creates, List<Storage.Entry> files,
      Map<Location, Footer> footers, LiveFiles known, List<Location> removals, boolean checkpoint,
      BiConsumer<Location, String> rejected, BiConsumer<Location, String> skipped, Row claim) {}

  private final Location table;
  private final List<Location> inputs;
  private final AppendMode mode;
  private final boolean mergeSchema;
  private final String appId;
  private final long txnVersion;
  private final boolean statsFromData;
  private final Consumer<String> progress;
  private final boolean createIfAbsent;
  private final Landing landing;

  private AppendCommit(Request r) {
    this.table = r.table();
    this.inputs = r.inputs();
    this.mode = r.mode();
    this.mergeSchema = r.mergeSchema();
    this.appId = r.appId();
    this.txnVersion = r.txnVersion();
    this.statsFromData = r.statsFromData();
    this.progress = r.progress();
    this.createIfAbsent = r.createIfAbsent();
    this.landing = r.landing();
  }

  public static AppendResult run(Request request) {
    return new AppendCommit(request).commit();
  }

  private AppendResult commit() {
    if (createIfAbsent && !Versions.exists(table)) {
      AppendResult created = createWithFiles();
      if (created != null) {
        return created;
      }
      // another writer created the table first: append to it
    }
    if (landing != null && landing.snapshot() == null) { // a landing batch that was to create the table
      return noOp(-1, true, 0); // another writer did: the landing reads that table and tries again
    }
    Engine engine = Kernel.engine();
    Snapshot snapshot = landing == null ? Versions.latest(table) : landing.snapshot();
    try {
      Versions.requireReadable(table, snapshot.getVersion());
    } catch (DeltaLensException e) {
      throw new DeltaLensException("cannot append to " + table + ": " + e.getMessage()
          + "; the table is unchanged", e);
    }
    LiveFiles live = landing == null ? null : landing.known();
    if (alreadyCommitted(snapshot, live)) {
      return noOp(snapshot.getVersion(), true, 0);
    }
    AppendChecks.requireAppendable(snapshot, table, mode);
    RowRules rules = RowRules.of(snapshot.getTableProperties(), snapshot.getSchema(), table);
    if (mode == AppendMode.REGISTER && !rules.isEmpty()) {
      throw new DeltaLensException(table + ": register mode adds files without reading their rows,"
          + " so it cannot honour the table's " + String.join(", ", rules.names())
          + "; append in copy mode, which computes and checks them. The table is unchanged.");
    }
    try {
      Transactions.requireWritable(snapshot);
    } catch (KernelException e) {
      // a writer feature neither Kernel nor deltalens honours, e.g. legacy column invariants
      throw new DeltaLensException(table + ": cannot append: " + e.getMessage()
          + " The table is unchanged.", e);
    }

    List<Storage.Entry> given = landing == null ? Inputs.expand(inputs) : landing.files();
    List<Row> removals = landing == null ? List.of() : removals(live);
    List<Storage.Entry> files = mode == AppendMode.REGISTER
        ? RegisterMode.fresh(given, table, live != null ? live : LiveFiles.of(table, snapshot)) : given;
    int skipped = given.size() - files.size();
    if (files.isEmpty() && removals.isEmpty()) {
      return noOp(snapshot.getVersion(), false, skipped);
    }
    List<Footer> footers = withoutOwnWrites(readFooters(files));
    List<StructField> added =
        checkSchemas(footers, snapshot.getSchema(), snapshot.getPartitionColumnNames(), rules.filledColumns());
    if (footers.isEmpty() && removals.isEmpty()) {
      return noOp(snapshot.getVersion(), false, skipped);
    }
    StructType schema = added.isEmpty() ? snapshot.getSchema()
        : Transactions.withNewColumns(snapshot, SchemaRules.merge(snapshot.getSchema(), added));

    Row state = Transactions.writeState(snapshot, schema);
    List<Row> actions = new ArrayList<>(removals);
    List<String> partitionColumns = snapshot.getPartitionColumnNames();
    FileMode writer = mode == AppendMode.COPY
        ? new CopyMode(engine, table, state, schema, partitionColumns, rules, progress)
        : new RegisterMode(engine, table, state, schema, partitionColumns, statsFromData);
    return cleaningUp(writer, () -> {
      long rows = writer.write(footers, actions);
      Transaction txn = Transactions.forAppend(
          snapshot, rules.schemaAfter(schema), !rules.isEmpty(), appId, txnVersion);
      TransactionCommitResult result;
      try {
        result = txn.commit(engine, withClaim(actions));
      } catch (ConcurrentTransactionException e) {
        writer.deleteWritten();
        return noOp(Versions.latest(table).getVersion(), true, 0);
      }
      Checkpoints.runPostCommitHooks(table, result.getVersion(), result.getPostCommitHooks(),
          rules.isEmpty() && (landing == null || landing.checkpoint()));
      return new AppendResult(result.getVersion(), true, false, mode, actions.size() - removals.size(), rows,
          skipped, added.stream().map(StructField::getName).collect(Collectors.toList()), writer.statsFromData());
    });
  }

  /**
   * Creates the table with the files in version 0, in one commit, as Spark's and delta-rs's first write
   * to a path do (and with one read of each footer): an append's table has the files' columns (they must
   * agree, or with mergeSchema their union), unpartitioned, without properties; a landing batch's table
   * has the columns and partitions it {@code creates}, and its files that disagree are rejected as on a
   * table that exists. Returns null when another writer created the table first; what this one wrote is
   * deleted, and the caller appends to that table.
   */
  private AppendResult createWithFiles() {
    Engine engine = Kernel.engine();
    List<Storage.Entry> files = landing == null ? Inputs.expand(inputs) : landing.files();
    if (mode == AppendMode.REGISTER) {
      Inputs.requireInside(files, table);
    }
    List<Footer> footers = withoutOwnWrites(readFooters(files));
    StructType schema;
    List<String> partitionColumns;
    if (landing == null) {
      schema = TableCreation.schemaOf(footers, mergeSchema);
      partitionColumns = List.of();
    } else {
      partitionColumns = landing.creates().partitionColumns();
      schema = SchemaRules.merge(landing.creates().schema(),
          checkSchemas(footers, landing.creates().schema(), partitionColumns, Set.of()));
      if (footers.isEmpty()) { // every file rejected or skipped: no table yet
        return noOp(-1, false, 0);
      }
    }
    Transaction txn = TableCreation.transaction(table, schema, partitionColumns, Map.of());
    if (txn == null) {
      return null;
    }
    Row state = txn.getTransactionState(engine);
    RowRules none = RowRules.of(Map.of(), schema, table); // a new table has no constraints
    FileMode writer = mode == AppendMode.COPY
        ? new CopyMode(engine, table, state, schema, partitionColumns, none, progress)
        : new RegisterMode(engine, table, state, schema, partitionColumns, statsFromData);
    return cleaningUp(writer, () -> {
      List<Row> actions = new ArrayList<>();
      long rows = writer.write(footers, actions);
      List<Row> committed = new ArrayList<>(actions);
      if (appId != null) {
        committed.add(KernelInternals.txnAction(appId, txnVersion, System.currentTimeMillis()));
      }
      TransactionCommitResult result;
      try {
        result = txn.commit(engine, withClaim(committed));
      } catch (ConcurrentWriteException e) {
        writer.deleteWritten();
        return null;
      }
      Checkpoints.runPostCommitHooks(table, result.getVersion(), result.getPostCommitHooks(),
          landing == null || landing.checkpoint());
      return new AppendResult(result.getVersion(), true, false, mode, actions.size(), rows, 0, List.of(),
          writer.statsFromData());
    });
  }

  /** Writing the files and committing them; what {@link #cleaningUp} runs. */
  private interface WriteAndCommit {
    AppendResult run() throws IOException;
  }

  /**
   * Runs {@code work}; when it fails, deletes the data files {@code writer} wrote and says in one line
   * that nothing was committed.
   */
  private AppendResult cleaningUp(FileMode writer, WriteAndCommit work) {
    try {
      return work.run();
    } catch (IOException | RuntimeException | Error e) { // out of memory too: written files are deleted
      int left = writer.deleteWritten();
      String leftOver = left == 0 ? "" : "; " + Words.count(left, "data file") + " written before the failure"
          + " could not be removed (no commit names them, so no reader sees them)";
      if (e instanceof DeltaLensException d) {
        throw left == 0 ? d : new DeltaLensException(d.getMessage() + leftOver, d);
      }
      throw new DeltaLensException("append to " + table + " failed, nothing was committed: "
          + (e instanceof OutOfMemoryError ? "out of memory; give the JVM more heap (e.g. DELTALENS_JAVA_OPTS=-Xmx4g)"
              : e.getMessage()) + leftOver, e);
    }
  }

  /** {@code actions} and the landing batch's claim, when it has one: what a commit writes. */
  private CloseableIterable<Row> withClaim(List<Row> actions) {
    List<Row> committed = new ArrayList<>(actions);
    if (landing != null && landing.claim() != null) {
      committed.add(landing.claim());
    }
    return CloseableIterable.inMemoryIterable(Iterators.of(committed));
  }

  private boolean alreadyCommitted(Snapshot snapshot, LiveFiles live) {
    return appId != null && (live != null ? live.txnVersion(appId)
        : snapshot.getLatestTransactionVersion(Kernel.engine(), appId).orElse(-1L)) >= txnVersion;
  }

  /** Remove actions for the landing batch's removals the table holds (others are gone already). */
  private List<Row> removals(LiveFiles live) {
    long now = System.currentTimeMillis();
    return landing.removals().stream().map(live::get).flatMap(Optional::stream)
        .map(held -> KernelInternals.removeAction(held.path(), held.size(), held.partitionValues(), now))
        .collect(Collectors.toList());
  }

  private AppendResult noOp(long version, boolean alreadyCommitted, int skipped) {
    return new AppendResult(version, false, alreadyCommitted, mode, 0, 0, skipped, List.of(), List.of());
  }

  /** The files' footers; a landing batch leaves unreadable files out (rejected), an append fails on them. */
  private List<Footer> readFooters(List<Storage.Entry> files) {
    if (landing != null && !landing.footers().isEmpty()) {
      List<Footer> read = new ArrayList<>();
      List<Storage.Entry> unread = new ArrayList<>();
      for (Storage.Entry file : files) {
        Footer footer = landing.footers().get(file.location());
        if (footer != null) {
          read.add(footer);
        } else {
          unread.add(file);
        }
      }
      read.addAll(readFootersOf(unread));
      return read;
    }
    return readFootersOf(files);
  }

  private List<Footer> readFootersOf(List<Storage.Entry> files) {
    int[] done = {0};
    return Footers.readAll(files, footer -> {
      synchronized (done) {
        done[0]++;
        if (files.size() >= 100 && (done[0] % 1000 == 0 || done[0] == files.size())) {
          progress.accept("read " + done[0] + "/" + files.size() + " footers");
        }
      }
    }, landing == null ? null : this::unreadable);
  }

  /**
   * A landing's file whose footer cannot be read: rejected, or only reported when it is gone (deleted, or
   * moved aside by another landing since it was listed), as there is nothing to move aside.
   */
  private void unreadable(Storage.Entry file, DeltaLensException e) {
    if (Storage.stat(file.location()).isEmpty()) {
      landing.skipped().accept(file.location(), "gone before it was read (deleted, or moved aside by another landing)");
    } else {
      landing.rejected().accept(file.location(), e.getMessage());
    }
  }

  /**
   * Leaves out (a landing) or refuses (an append) files that a deltalens writer wrote for a commit of its own
   * to this table — a copy append or a compaction, in flight or failed: registering one would add its rows a
   * second time, or name a file its writer deletes when it fails.
   */
  private List<Footer> withoutOwnWrites(List<Footer> footers) {
    if (mode != AppendMode.REGISTER) {
      return footers;
    }
    List<Footer> kept = new ArrayList<>();
    for (Footer footer : footers) {
      if (!footer.writtenFor(table)) {
        kept.add(footer);
        continue;
      }
      String why = "written by deltalens for a commit of its own to this table (a copy append or a compaction,"
          + " in flight or failed; vacuum deletes it if no commit adds it): registering it would add its rows twice";
      if (landing == null) {
        throw new DeltaLensException(footer.file() + ": " + why);
      }
      landing.skipped().accept(footer.file(), why);
    }
    return kept;
  }

  /** Checks every file against the table's {@code columns}; returns the columns schema evolution adds. */
  private List<StructField> checkSchemas(List<Footer> footers, StructType columns, List<String> partitionColumns,
      Set<String> filled) {
    // columns the append fills (generated, identity) may be missing from a file even when NOT NULL
    StructType tableSchema = new StructType(columns.fields().stream()
        .map(f -> filled.contains(f.getName()) ? SchemaRules.nullable(f) : f).collect(Collectors.toList()));
    StructType expected = mode == AppendMode.REGISTER ? without(tableSchema, partitionColumns) : tableSchema;
    Map<String, StructField> added = new LinkedHashMap<>();
    // files written alike have one parquet schema: it is checked once while no file adds a column
    Set<MessageType> passed = new HashSet<>();
    for (Iterator<Footer> it = footers.iterator(); it.hasNext(); ) {
      Footer footer = it.next();
      try {
        MessageType schema = footer.metadata().getFileMetaData().getSchema();
        if (!passed.contains(schema)) {
          int before = added.size();
          checkSchema(footer, expected, partitionColumns, added);
          if (added.size() > before) {
            passed.clear();
          }
          passed.add(schema);
        }
        NotNullCheck.check(footer, tableSchema);
      } catch (DeltaLensException e) {
        if (landing == null) {
          throw e;
        }
        landing.rejected().accept(footer.file(), e.getMessage());
        it.remove();
      }
    }
    return new ArrayList<>(added.values());
  }

  /** Checks one file's schema against the table (and the columns earlier files added); records the columns it adds. */
  private void checkSchema(Footer footer, StructType expected, List<String> partitionColumns,
      Map<String, StructField> added) {
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
    Map<String, StructField> mine = new LinkedHashMap<>();
    for (StructField field : SchemaRules.check(fileSchema, withAdded, mergeSchema, footer.file())) {
      mine.putIfAbsent(field.getName(), field);
    }
    mine.forEach(added::putIfAbsent);
  }

  private static StructType without(StructType schema, List<String> columns) {
    return new StructType(schema.fields().stream()
        .filter(f -> !columns.contains(f.getName()))
        .collect(Collectors.toList()));
  }

  /** A file's path in the form of the table path Kernel holds, so Kernel can make it relative. */
  public static String kernelFilePath(Row state, Location file) {
    String tablePath = KernelInternals.tablePath(state);
    return tablePath.startsWith("file:") ? "file:" + file.uri() : file.uri();
  }
}
