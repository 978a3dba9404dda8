package io.deltalens.internal.landing;

import io.delta.kernel.Snapshot;
import io.delta.kernel.data.Row;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.deltalens.AppendMode;
import io.deltalens.AppendResult;
import io.deltalens.DeltaLensException;
import io.deltalens.LandingReport;
import io.deltalens.internal.engine.Kernel;
import io.deltalens.internal.kernel.KernelInternals;
import io.deltalens.internal.parquet.Footers;
import io.deltalens.internal.parquet.Footers.Footer;
import io.deltalens.internal.parquet.ParquetSchemas;
import io.deltalens.internal.read.LogFiles;
import io.deltalens.internal.read.Versions;
import io.deltalens.internal.storage.Location;
import io.deltalens.internal.storage.Storage;
import io.deltalens.internal.write.AppendCommit;
import io.deltalens.internal.write.Checkpoints;
import io.deltalens.internal.write.LiveFiles;
import io.deltalens.internal.write.TableCreation;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * A table that landing files go into. Each batch is one register commit carrying a transaction of the
 * landing {@code appId}, above the last: two watchers or handlers that race commit one after the other, the
 * second on the first's files (Kernel refuses a txn version that another commit took), so no file is added
 * twice. A table that is not there yet is created by the first batch, with its files in version 0 (of two
 * that create it at once, one wins and the other finds the files in it). The table's file set is read once
 * and then kept up to date from the commits that follow ({@link LiveFiles}). Files that fail a check are
 * moved to {@code _quarantine/} under the table (a name readers and the listing skip) and reported; the
 * rest of the batch commits.
 *
 * <p>A watcher of the whole table that listed it at time T and left no file for later also commits a claim:
 * a second txn, of the appId {@code <appId>/listed}, version T (epoch ms). Every file that arrived
 * {@code lookback} before the last claim was handled then, so the next process (a cron run) reads only
 * the commits since that horizon and takes older files as handled. Event batches need no claim: the files
 * they name are only as old as their objects, and no commit older than an object can hold it. (A file the log
 * removed before the horizon, still lying in the folder and then touched, would look new and come back: the
 * one case the horizon does not guard; a touched file the table holds is only added again under its path.)
 */
public final class LandingTable {
  /**
   * How a landing table is kept: {@code partitionTypes} types partition columns a new table infers;
   * {@code lookback} is how long a file may take to show in a listing after its time (uploads, clocks).
   */
  public record Settings(boolean createIfAbsent, boolean mergeSchema, StructType partitionTypes, String appId,
      Duration lookback, Consumer<String> progress) {}

  static final String QUARANTINE = "_quarantine";
  private static final int ATTEMPTS = 20;
  private static final int CLAIM_COMMITS = 32; // commits read back for the last claim before asking Kernel

  private final Location table;
  private final Settings settings;
  private LiveFiles known;

  public LandingTable(Location table, Settings settings) {
    this.table = table;
    this.settings = settings;
  }

  public Location location() {
    return table;
  }

  /**
   * Registers the {@code files} the table does not hold yet (with the {@code footers} of those already
   * read) and removes the {@code removals} it holds, in one commit; {@code skipped} files are only reported.
   * A due checkpoint is written in the commit only with {@code checkpoint}. {@code claim} is the time of
   * the listing that found every file of the table not handled yet (0: no claim).
   */
  public LandingReport.Batch commit(List<Storage.Entry> files, Map<Location, Footer> footers,
      List<Location> removals, Map<Location, String> skipped, boolean checkpoint, long claim) {
    Map<Location, String> rejected = Collections.synchronizedMap(new LinkedHashMap<>());
    if (known == null && !Versions.exists(table)) {
      if (files.isEmpty()) {
        return nothing(table, skipped);
      }
      if (!settings.createIfAbsent()) {
        throw new DeltaLensException("no Delta table at " + table + " (create it, or let the landing create it"
            + " from its first file: --create-if-absent)");
      }
      LandingReport.Batch created = create(files, footers, skipped, checkpoint, claim, rejected);
      if (created != null) {
        return created;
      }
      // another writer created the table first: the batch goes in as on any table
    }
    // the earliest arrival the file set must answer for (all files: removals need what the table holds of each)
    long earliest = removals.isEmpty()
        ? files.stream().mapToLong(LandingRules::arrival).min().orElse(Long.MAX_VALUE) : Long.MIN_VALUE;
    for (int attempt = 1; ; attempt++) {
      Snapshot snapshot = Versions.latest(table);
      know(snapshot, earliest);
      List<Location> held = removals.stream().filter(known::contains).toList();
      List<Storage.Entry> fresh = files.stream()
          .filter(f -> !holds(f.location()) && !rejected.containsKey(f.location())).toList();
      if (fresh.isEmpty() && held.isEmpty()) {
        return batch(snapshot.getVersion(), false, 0, 0, 0, List.of(), rejected, skipped);
      }
      long txn = known.txnVersion(settings.appId()) + 1;
      AppendResult result = AppendCommit.run(new AppendCommit.Request(table, List.of(), AppendMode.REGISTER,
          settings.mergeSchema(), settings.appId(), txn, true, settings.progress(), false,
          new AppendCommit.Landing(snapshot, null, fresh, footers, known, held, checkpoint, rejected::put,
              skipped::put, claimAction(claim))));
      if (!result.alreadyCommitted()) {
        quarantine(rejected);
        return batch(result.version(), result.committed(), result.filesAdded(),
            result.committed() ? held.size() : 0, result.rowsAdded(), result.addedColumns(), rejected, skipped);
      }
      if (attempt == ATTEMPTS) {
        throw new DeltaLensException(table + ": another landing writer took every version for " + ATTEMPTS
            + " attempts in a row; nothing was committed");
      }
      // another watcher or handler committed this txn version first: read its commit and try again
    }
  }

  /**
   * Reads what the table holds if it has not been read yet and there is a table: since the horizon of the
   * last claim when there is one, else the whole file set.
   */
  public void readFiles() {
    if (known != null || !Versions.exists(table)) {
      return;
    }
    Snapshot snapshot = Versions.latest(table);
    long claim = lastClaim(snapshot);
    if (claim < 0) {
      known = LiveFiles.of(table, snapshot);
      settings.progress().accept("read the " + known.size() + " files of " + table + " (no full listing claimed yet)");
      return;
    }
    known = LiveFiles.since(table, snapshot, claim - settings.lookback().toMillis());
    settings.progress().accept("read the commits of " + table + " since " + Instant.ofEpochMilli(known.horizon())
        + " (the last full listing, less the lookback); files that arrived before are handled");
  }

  /**
   * Whether the table holds {@code file} as of the last batch, or its log removed it (a compacted or
   * deleted file that lies in the folder until a vacuum); false before {@link #readFiles()} found a table.
   */
  public boolean holds(Location file) {
    return known != null && (known.contains(file) || known.removed(file));
  }

  /** Whether a file that arrived at {@code arrival} (epoch ms) was handled before the last claim's horizon. */
  public boolean handledBefore(long arrival) {
    return known != null && !known.covers(arrival);
  }

  /** The time before which files were handled (epoch ms), {@code Long.MIN_VALUE} when not known. */
  public long horizon() {
    return known == null ? Long.MIN_VALUE : known.horizon();
  }

  /**
   * Brings what the table holds to {@code snapshot}, for files that arrived from {@code arrival} on
   * ({@code Long.MIN_VALUE}: all files, as removals need what the table holds of each).
   */
  private void know(Snapshot snapshot, long arrival) {
    if (known != null) {
      known.advance(snapshot);
      if (known.covers(arrival)) {
        return;
      }
    }
    known = arrival == Long.MIN_VALUE ? LiveFiles.of(table, snapshot) : LiveFiles.since(table, snapshot, arrival);
  }

  /** The claim of a listing at {@code claim} (epoch ms) as an action, null for none (0). */
  private Row claimAction(long claim) {
    return claim == 0 ? null : KernelInternals.txnAction(claimAppId(), claim, System.currentTimeMillis());
  }

  private String claimAppId() {
    return settings.appId() + "/listed";
  }

  /**
   * The time of the last claim, -1 if none: looked for in the last commits (where a watcher that commits
   * often finds it), else asked of Kernel (which reads the checkpoint's transactions).
   */
  private long lastClaim(Snapshot snapshot) {
    for (long v = snapshot.getVersion(); v >= 0 && v > snapshot.getVersion() - CLAIM_COMMITS; v--) {
      OptionalLong claim = LogFiles.txnVersion(table, v, claimAppId());
      if (claim.isPresent()) {
        return claim.getAsLong();
      }
    }
    return snapshot.getLatestTransactionVersion(Kernel.engine(), claimAppId()).orElse(-1L);
  }

  /** Writes a checkpoint when one is due: between batches, off the commit's path. */
  public boolean checkpointIfDue() {
    return Versions.exists(table) && Checkpoints.writeIfDue(table, Versions.latest(table));
  }

  /**
   * Creates the table with the batch's files in version 0, in one commit (as oxbow and Spark's first
   * write do): its columns are those of the first file with a readable footer, its partition columns those
   * of the files' Hive folders; files that disagree are rejected. Returns null when another writer created
   * the table first (the batch then goes in as on a table that exists).
   */
  private LandingReport.Batch create(List<Storage.Entry> files, Map<Location, Footer> footers,
      Map<Location, String> skipped, boolean checkpoint, long claim, Map<Location, String> rejected) {
    for (Storage.Entry first : files) {
      StructType columns;
      try {
        Footer footer = footers.containsKey(first.location()) ? footers.get(first.location()) : Footers.read(first);
        columns = ParquetSchemas.toDelta(footer.metadata().getFileMetaData().getSchema(), first.location());
      } catch (DeltaLensException e) {
        continue; // rejected (or, when gone, reported) as the batch's footers are read
      }
      TableCreation.NewTable created = newTable(first.location(), columns, files);
      AppendResult result = AppendCommit.run(new AppendCommit.Request(table, List.of(), AppendMode.REGISTER,
          settings.mergeSchema(), settings.appId(), 0, true, settings.progress(), true,
          new AppendCommit.Landing(null, created, files, footers, null, List.of(), checkpoint, rejected::put,
              skipped::put, claimAction(claim))));
      if (result.alreadyCommitted()) {
        rejected.clear(); // refused by columns the winner's table may not have: checked again against its own
        return null;
      }
      if (result.committed()) {
        settings.progress().accept("created " + table + " with the columns of " + first.location()
            + (created.partitionColumns().isEmpty() ? "" : ", partitioned by " + created.partitionColumns()));
      }
      quarantine(rejected);
      return batch(result.version(), result.committed(), result.filesAdded(), 0, result.rowsAdded(), List.of(),
          rejected, skipped);
    }
    throw new DeltaLensException("cannot create " + table + ": none of the " + files.size()
        + " landed files has a readable parquet footer");
  }

  /** The table {@code file}'s {@code columns} give, with the partition columns of the files' Hive folders. */
  private TableCreation.NewTable newTable(Location file, StructType columns, List<Storage.Entry> files) {
    StructType partitions = HivePartitions.of(table, file, settings.partitionTypes(),
        files.stream().map(Storage.Entry::location).toList());
    List<StructField> fields = new ArrayList<>(columns.fields());
    for (StructField partition : partitions.fields()) {
      if (columns.indexOf(partition.getName()) >= 0) {
        throw new DeltaLensException(file + ": holds column '" + partition.getName()
            + "', which its folders name as a partition; cannot create " + table + " from it");
      }
      fields.add(partition);
    }
    return new TableCreation.NewTable(new StructType(fields), partitions.fieldNames());
  }

  /** Moves rejected files under {@code _quarantine/}, saying so in their reasons. */
  private void quarantine(Map<Location, String> rejected) {
    for (Map.Entry<Location, String> e : rejected.entrySet()) {
      Location file = e.getKey();
      if (!file.isInside(table) || table.relativize(file).startsWith(QUARANTINE + "/")) {
        continue;
      }
      Location target = table.resolve(QUARANTINE + "/" + table.relativize(file));
      try {
        Storage.move(file, target);
        e.setValue(e.getValue() + "; moved to " + target);
      } catch (IOException | RuntimeException failure) {
        e.setValue(e.getValue() + "; left in place (cannot move it to " + target + ": " + failure.getMessage() + ")");
      }
    }
  }

  /** A batch that found nothing to commit, before the table exists. */
  private static LandingReport.Batch nothing(Location table, Map<Location, String> skipped) {
    return new LandingReport.Batch(table.toString(), -1, false, 0, 0, 0, List.of(), Map.of(), text(skipped));
  }

  private LandingReport.Batch batch(long version, boolean committed, int added, int removed, long rows,
      List<String> addedColumns, Map<Location, String> rejected, Map<Location, String> skipped) {
    return new LandingReport.Batch(table.toString(), version, committed, added, removed, rows, addedColumns,
        text(rejected), text(skipped));
  }

  /** File to reason, the reason without the file's name in front (checks name the file they refuse). */
  private static Map<String, String> text(Map<Location, String> files) {
    synchronized (files) {
      Map<String, String> text = new LinkedHashMap<>();
      files.forEach((file, reason) -> text.put(file.toString(),
          reason.startsWith(file + ": ") ? reason.substring(file.toString().length() + 2) : reason));
      return text;
    }
  }
}
