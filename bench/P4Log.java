// Builds P4's table (tooling): 1,000 commits of N add actions each, with statistics, a classic checkpoint
// every 100 versions. Only the log is written: P4 opens a version and lists its files, which never reads
// the data files, so the adds name files that do not exist. Commits go through Kernel's transaction API.
import io.delta.kernel.Operation;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Transaction;
import io.delta.kernel.TransactionCommitResult;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.hook.PostCommitHook;
import io.delta.kernel.statistics.DataFileStatistics;
import io.delta.kernel.utils.CloseableIterable;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import io.deltalens.DeltaLens;
import io.deltalens.internal.engine.Kernel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

final class P4Log {
  private P4Log() {}

  static void generate(Path table, int commits, int perCommit) throws Exception {
    System.err.println("P4: generating a log of " + commits + " commits x " + perCommit + " files");
    DeltaLens.create(table)
        .schema("id long, name string, amount double, qty int, flag boolean, day date, ts timestamp, price decimal(10,2)")
        .property("delta.checkpointInterval", "100").commit();
    Engine engine = Kernel.engine();
    for (int c = 1; c <= commits; c++) {
      Snapshot snapshot = io.delta.kernel.TableManager.loadSnapshot(table.toString()).build(engine);
      Transaction txn = snapshot.buildUpdateTableTransaction("deltalens-bench", Operation.WRITE).build(engine);
      Row state = txn.getTransactionState(engine);
      List<DataFileStatus> files = new ArrayList<>();
      for (int f = 0; f < perCommit; f++) {
        long first = ((long) c * perCommit + f) * 1000;
        DataFileStatistics stats = new DataFileStatistics(1000,
            Map.of(new Column("id"), Literal.ofLong(first), new Column("name"), Literal.ofString("name-0"),
                new Column("amount"), Literal.ofDouble(1.5), new Column("qty"), Literal.ofInt(0),
                new Column("day"), Literal.ofDate(c)),
            Map.of(new Column("id"), Literal.ofLong(first + 999), new Column("name"), Literal.ofString("name-999"),
                new Column("amount"), Literal.ofDouble(199.5), new Column("qty"), Literal.ofInt(999),
                new Column("day"), Literal.ofDate(c + 1)),
            Map.of(new Column("id"), 0L, new Column("name"), 0L, new Column("amount"), 0L, new Column("qty"), 0L,
                new Column("day"), 0L),
            Optional.empty());
        files.add(new DataFileStatus(table.resolve("c" + c + "/part-" + f + ".parquet").toUri().toString(),
            40_000, System.currentTimeMillis(), Optional.of(stats)));
      }
      List<Row> actions = new ArrayList<>();
      try (CloseableIterator<Row> adds = Transaction.generateAppendActions(engine, state,
          io.delta.kernel.internal.util.Utils.toCloseableIterator(files.iterator()),
          Transaction.getWriteContext(engine, state, Map.of()))) {
        adds.forEachRemaining(actions::add);
      }
      TransactionCommitResult result = txn.commit(engine, CloseableIterable.inMemoryIterable(
          io.delta.kernel.internal.util.Utils.toCloseableIterator(actions.iterator())));
      for (PostCommitHook hook : result.getPostCommitHooks()) {
        hook.threadSafeInvoke(engine);
      }
      if (c % 100 == 0) {
        System.err.println("P4: " + c + " commits");
      }
    }
  }
}
