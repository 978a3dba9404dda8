package io.deltalens;

import io.deltalens.internal.frame.Words;
import tech.tablesaw.api.Table;

/**
 * What {@link Verify} found.
 *
 * @param version the version checked
 * @param files how many data files it references
 * @param deep whether their rows were read and their statistics checked
 * @param checkpointChecked whether the checkpoint was compared with the commits
 * @param problems one row per disagreement: file, check, problem (empty when all is well)
 */
public record VerifyReport(long version, int files, boolean deep, boolean checkpointChecked, Table problems) {
  public boolean ok() {
    return problems.rowCount() == 0;
  }

  @Override
  public String toString() {
    return "version " + version + ": " + Words.count(files, "file") + (deep ? " (rows and statistics read)" : "")
        + (checkpointChecked ? ", checkpoint against commits" : "") + ": "
        + (ok() ? "all agree" : Words.count(problems.rowCount(), "problem"));
  }
}
