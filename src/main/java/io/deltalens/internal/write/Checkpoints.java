package io.deltalens.internal.write;

import io.delta.kernel.Snapshot;
import io.delta.kernel.exceptions.CheckpointAlreadyExistsException;
import io.delta.kernel.hook.PostCommitHook;
import io.deltalens.DeltaLensException;
import io.deltalens.internal.engine.Kernel;
import io.deltalens.internal.storage.Location;
import io.deltalens.internal.storage.Storage;
import io.deltalens.internal.read.LogFiles;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Checkpoint writing, on request and after commits. */
public final class Checkpoints {
  private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);

  private Checkpoints() {}

  /** Writes a classic checkpoint of {@code snapshot}; an existing one is kept. Returns its version. */
  public static long write(Location table, Snapshot snapshot) {
    AppendChecks.requireNoVoidColumns(snapshot, table, "checkpoint");
    try {
      snapshot.writeCheckpoint(Kernel.engine());
    } catch (CheckpointAlreadyExistsException e) {
      LOG.info("checkpoint {} of {} exists already", snapshot.getVersion(), table);
    } catch (IOException | RuntimeException | Error e) { // a full disk is an Error (Hadoop's FSError)
      removeTemporary(table.resolve("_delta_log"), snapshot.getVersion());
      throw new DeltaLensException("cannot write a checkpoint of version " + snapshot.getVersion()
          + " of " + table + ": " + reason(e), e);
    }
    return snapshot.getVersion();
  }

  /**
   * Writes a checkpoint of {@code snapshot} when {@code delta.checkpointInterval} versions (10 by default)
   * have been committed since the last one, as a writer between batches does; returns whether it wrote one.
   */
  public static boolean writeIfDue(Location table, Snapshot snapshot) {
    long interval = Long.parseLong(snapshot.getTableProperties().getOrDefault("delta.checkpointInterval", "10"));
    if (snapshot.getVersion() - lastCheckpoint(table) < interval) {
      return false;
    }
    try {
      write(table, snapshot);
      return true;
    } catch (DeltaLensException e) {
      if (writtenByAnother(table, snapshot.getVersion())) { // two writers between batches at once
        return false;
      }
      throw e;
    }
  }

  private static boolean writtenByAnother(Location table, long version) {
    return Storage.exists(table.resolve(String.format("_delta_log/%020d.checkpoint.parquet", version)));
  }

  /** The version {@code _last_checkpoint} names, -1 without one. */
  private static long lastCheckpoint(Location table) {
    try (InputStream in = Storage.open(table.resolve("_delta_log/_last_checkpoint"))) {
      return LogFiles.JSON.readTree(in).path("version").asLong(-1);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** The checkpoint writer's temporary files of {@code version} ({@code .N.checkpoint.parquet.<uuid>.tmp}). */
  private static void removeTemporary(Location log, long version) {
    String prefix = String.format(".%020d.checkpoint", version);
    try {
      for (Storage.Entry file : Storage.list(log)) {
        if (file.name().startsWith(prefix)) {
          Storage.delete(file.location());
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot remove temporary checkpoint files in {}: {}", log, e.getMessage());
    }
  }

  private static String reason(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t && t.getMessage() != null
        && t.getMessage().equals(t.getCause().toString())) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  /**
   * Runs what Kernel asks for after a commit: a checkpoint every {@code delta.checkpointInterval}
   * versions, the version checksum. The commit has landed already, so a failure here is only logged.
   * Without {@code checkpoints} (Kernel 4.4 cannot checkpoint tables with CHECK constraints, generated or
   * identity columns) the checkpoint is left to the next Spark writer.
   */
  static void runPostCommitHooks(Location table, long version, List<PostCommitHook> hooks, boolean checkpoints) {
    hooks.stream()
        .filter(h -> checkpoints || h.getType() != PostCommitHook.PostCommitHookType.CHECKPOINT)
        .forEach(h -> invoke(table, version, h));
  }

  /**
   * Runs a hook; a failure is a warning unless another writer did the same work at the same time (two
   * writers that both reach a checkpoint interval race to write one checkpoint: the loser has nothing to say).
   */
  private static void invoke(Location table, long version, PostCommitHook hook) {
    try {
      hook.threadSafeInvoke(Kernel.engine());
    } catch (IOException | RuntimeException e) {
      boolean doneByAnother = hook.getType() == PostCommitHook.PostCommitHookType.CHECKPOINT
          && writtenByAnother(table, version);
      if (doneByAnother) {
        LOG.info("post-commit checkpoint of version {} was written by another writer: {}", version, reason(e));
      } else {
        LOG.warn("post-commit {} failed (the commit itself succeeded): {}", hook.getType(), reason(e));
      }
    }
  }
}
