package io.deltalens;

import io.deltalens.internal.frame.Words;
import io.deltalens.internal.upkeep.UnreferencedFiles;
import java.time.Duration;

/**
 * What a vacuum did.
 *
 * @param version the latest version when it ran
 * @param filesDeleted data files deleted
 * @param bytesDeleted their size
 * @param retention the window it kept
 */
public record VacuumResult(long version, int filesDeleted, long bytesDeleted, Duration retention) {
  @Override
  public String toString() {
    return Words.count(filesDeleted, "file") + " deleted (" + Words.bytes(bytesDeleted) + "), keeping what versions"
        + " of the last " + UnreferencedFiles.words(retention) + " need (latest version " + version + ")";
  }
}
