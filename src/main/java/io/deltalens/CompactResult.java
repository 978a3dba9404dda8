package io.deltalens;

import io.deltalens.internal.frame.Words;

/**
 * What a compaction did.
 *
 * @param version the version committed (an OPTIMIZE), or -1 when there was nothing to compact
 * @param committed whether a commit was made
 * @param filesRemoved small files taken out (their rows now live in the new files)
 * @param filesAdded new files written
 * @param bytesRemoved size of the files taken out
 * @param bytesAdded size of the new files
 * @param rows rows rewritten (deleted rows dropped)
 * @param partitions partitions touched
 */
public record CompactResult(long version, boolean committed, int filesRemoved, int filesAdded, long bytesRemoved,
    long bytesAdded, long rows, int partitions) {

  @Override
  public String toString() {
    if (!committed) {
      return "nothing to compact";
    }
    return "version " + version + ": " + Words.count(filesRemoved, "file") + " (" + Words.bytes(bytesRemoved)
        + ") compacted into " + Words.count(filesAdded, "file") + " (" + Words.bytes(bytesAdded) + "), "
        + Words.count(rows, "row") + (partitions > 1 ? ", " + partitions + " partitions" : "");
  }
}
