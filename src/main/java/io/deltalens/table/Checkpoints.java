package io.deltalens.table;

import io.deltalens.engine.Kernel;
import io.delta.kernel.Snapshot;
import io.delta.kernel.exceptions.CheckpointAlreadyExistsException;
import io.delta.kernel.hook.PostCommitHook;
import io.deltalens.DeltaLensException;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Checkpoint writing, on request and after commits. */
final class Checkpoints {
  private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);

  private Checkpoints() {}

  /** Writes a classic checkpoint of {@code snapshot}; an existing one is kept. Returns its version. */
  static long write(DeltaTable table, Snapshot snapshot) {
    try {
      snapshot.writeCheckpoint(Kernel.engine());
    } catch (CheckpointAlreadyExistsException e) {
      LOG.info("checkpoint {} of {} exists already", snapshot.getVersion(), table.path());
    } catch (IOException | RuntimeException e) {
      throw new DeltaLensException("cannot write a checkpoint of version " + snapshot.getVersion()
          + " of " + table.path() + ": " + e.getMessage(), e);
    }
    return snapshot.getVersion();
  }

  /**
   * Runs what Kernel asks for after a commit: a checkpoint every {@code delta.checkpointInterval}
   * versions, the version checksum. The commit has landed already, so a failure here is only logged.
   * Without {@code checkpoints} (Kernel 4.4 cannot checkpoint tables with CHECK constraints, generated or
   * identity columns) the checkpoint is left to the next Spark writer.
   */
  static void runPostCommitHooks(List<PostCommitHook> hooks, boolean checkpoints) {
    hooks.stream()
        .filter(h -> checkpoints || h.getType() != PostCommitHook.PostCommitHookType.CHECKPOINT)
        .forEach(Checkpoints::invoke);
  }

  private static void invoke(PostCommitHook hook) {
    try {
      hook.threadSafeInvoke(Kernel.engine());
    } catch (IOException | RuntimeException e) {
      LOG.warn("post-commit {} failed (the commit itself succeeded): {}", hook.getType(),
          e.getMessage());
    }
  }
}
