package io.deltalens;

import io.deltalens.internal.frame.Words;
import java.util.List;

/**
 * What an append did.
 *
 * @param version the version committed, or the table's version when nothing was committed
 * @param committed false when the append was a no-op (its transaction id was already committed, or
 *     every file was registered already)
 * @param alreadyCommitted true when the transaction id had been committed before
 * @param filesAdded add actions in the commit
 * @param rowsAdded rows those files hold
 * @param filesSkipped input files left out because the table holds them already or removed them (a compaction's
 *     old files), in register mode
 * @param addedColumns columns added by schema evolution
 * @param statsFromData columns whose statistics were computed from the data because some file's footer
 *     lacks them (register mode: Spark's INT96 timestamps, files written without statistics)
 */
public record AppendResult(
    long version,
    boolean committed,
    boolean alreadyCommitted,
    AppendMode mode,
    int filesAdded,
    long rowsAdded,
    int filesSkipped,
    List<String> addedColumns,
    List<String> statsFromData) {

  @Override
  public String toString() {
    if (alreadyCommitted) {
      return "already committed (table at version " + version + ")";
    }
    if (!committed) {
      return "nothing new to add (" + Words.count(filesSkipped, "file") + " already in the table or removed from it,"
          + " version " + version + ")";
    }
    return "version " + version + ": " + Words.count(filesAdded, "file") + ", " + Words.count(rowsAdded, "row")
        + " added ("
        + mode.name().toLowerCase() + ")"
        + (addedColumns.isEmpty() ? "" : ", new columns " + addedColumns)
        + (filesSkipped == 0 ? ""
            : ", " + Words.count(filesSkipped, "file") + " already in the table or removed from it")
        + (statsFromData.isEmpty() ? "" : "; statistics of " + String.join(", ", statsFromData)
            + " read from the data (footers lacked them)");
  }
}
