package io.deltalens.internal.write;

import io.delta.kernel.Snapshot;
import io.delta.kernel.Transaction;
import io.delta.kernel.TransactionCommitResult;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.ConcurrentTransactionException;
import io.delta.kernel.exceptions.KernelException;
import io.delta.kernel.types.StructField;
import io.delta.kernel.utils.CloseableIterable;
import io.deltalens.AppendMode;
import io.deltalens.DeltaLensException;
import io.deltalens.internal.constraints.RowRules;
import io.deltalens.internal.engine.Kernel;
import io.deltalens.internal.kernel.Iterators;
import io.deltalens.internal.kernel.KernelInternals;
import io.deltalens.internal.read.Versions;
import io.deltalens.internal.storage.Location;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Appends rows held in memory (in the table's schema) as one commit with a transaction id, as copy mode appends
 * a file's rows: the table's row rules, partitions, column mapping and statistics the same way. The commit is
 * fenced by the transaction id: it goes in only if the table's last version of {@code appId} is still the one
 * the caller's rows follow, and a concurrent commit of the same appId makes it lose (Kernel's conflict check),
 * its files deleted. Checkpoints are left to the caller, off the commit path.
 */
public final class RowsCommit {
  /** The commit: its version, or {@code lost} (another writer committed {@code appId} first; nothing written). */
  public record Result(long version, boolean lost, int files, long rows) {}

  private RowsCommit() {}

  /**
   * Commits {@code batches} (possibly none: a transaction-only commit that moves {@code appId} on) to
   * {@code table} at {@code snapshot}, with {@code appId} at {@code txnVersion}, if the snapshot's version of
   * {@code appId} is {@code after} (-1: none yet). {@code input} names the rows for the row rules' errors.
   */
  public static Result commit(Location table, Snapshot snapshot, Location input, List<ColumnarBatch> batches,
      String appId, long after, long txnVersion, Consumer<String> progress) {
    Engine engine = Kernel.engine();
    if (snapshot.getLatestTransactionVersion(engine, appId).orElse(-1L) != after) {
      return new Result(snapshot.getVersion(), true, 0, 0);
    }
    AppendChecks.requireAppendable(snapshot, table, AppendMode.COPY);
    RowRules rules = RowRules.of(snapshot.getTableProperties(), snapshot.getSchema(), table);
    try {
      Transactions.requireWritable(snapshot);
    } catch (KernelException e) {
      throw new DeltaLensException(table + ": cannot append: " + e.getMessage() + " The table is unchanged.", e);
    }
    Set<String> filled = rules.filledColumns();
    Set<String> given = snapshot.getSchema().fields().stream().map(StructField::getName)
        .filter(name -> !filled.contains(name)).collect(Collectors.toSet());
    long rowCount = batches.stream().mapToLong(ColumnarBatch::getSize).sum();
    rules.plan(List.of(new RowRules.InputFile(input, given, rowCount)));
    Row state = Transactions.writeState(snapshot, snapshot.getSchema());
    CopyMode writer = new CopyMode(engine, table, state, snapshot.getSchema(), snapshot.getPartitionColumnNames(),
        rules, progress);
    List<Row> actions = new ArrayList<>();
    try {
      long rows = batches.isEmpty() ? 0 : writer.writeRows(input, batches, actions);
      Transaction txn = Transactions.forAppend(
          snapshot, rules.schemaAfter(snapshot.getSchema()), !rules.isEmpty(), appId, txnVersion);
      TransactionCommitResult result = txn.commit(engine, CloseableIterable.inMemoryIterable(Iterators.of(actions)));
      Checkpoints.runPostCommitHooks(table, result.getVersion(), result.getPostCommitHooks(), false);
      return new Result(result.getVersion(), false, actions.size(), rows);
    } catch (ConcurrentTransactionException e) {
      writer.deleteWritten();
      return new Result(snapshot.getVersion(), true, 0, 0);
    } catch (IOException | RuntimeException | Error e) {
      int left = writer.deleteWritten();
      String leftOver = left == 0 ? "" : " (" + left + " data files written before the failure could not be"
          + " removed; no commit names them)";
      if (e instanceof DeltaLensException d) {
        throw new DeltaLensException(d.getMessage() + leftOver, d);
      }
      throw new DeltaLensException("append to " + table + " failed, nothing was committed: " + e.getMessage()
          + leftOver, e);
    }
  }

  /**
   * Moves {@code appId} to {@code txnVersion} in a transaction-only commit (the rows after it are read next);
   * backwards only with {@code force} (rows already in are then added again). Returns the version committed, or
   * the table's when it is there already.
   */
  public static long seek(Location table, String appId, long txnVersion, boolean force) {
    Snapshot snapshot = Versions.latest(table);
    long current = snapshot.getLatestTransactionVersion(Kernel.engine(), appId).orElse(-1L);
    if (current == txnVersion) {
      return snapshot.getVersion();
    }
    if (txnVersion < current && !force) {
      throw new DeltaLensException(table + ": " + appId + " is at offset " + (current + 1) + "; seeking back to "
          + (txnVersion + 1) + " would add the messages between again: give --force (force) if that is meant");
    }
    // Kernel's builder only moves a transaction forward; log replay takes a table's latest txn action as it is
    Transaction txn = txnVersion > current ? Transactions.forAppend(snapshot, snapshot.getSchema(), false, appId,
        txnVersion) : KernelInternals.appendTransaction(snapshot, Optional.empty(),
        Kernel.ENGINE_INFO, appId, txnVersion);
    try {
      return txn.commit(Kernel.engine(), CloseableIterable.emptyIterable()).getVersion();
    } catch (ConcurrentTransactionException e) {
      throw new DeltaLensException(table + ": a worker committed " + appId + " while seeking; stop the workers"
          + " of the ingest, then seek", e);
    }
  }
}
