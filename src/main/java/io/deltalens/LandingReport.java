package io.deltalens;

import io.deltalens.internal.frame.Words;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a landing cycle or a batch of S3 events did: one {@link Batch} per table it committed to (or
 * found nothing new for), and the tables that failed, with the queue message ids to deliver again.
 *
 * @param batches what each table got
 * @param failures table to error line, for the tables whose batch failed (nothing was committed to them)
 * @param failedMessageIds the SQS message ids of the events of those tables (a Lambda's partial batch
 *     failure response), empty when the events did not come through SQS
 */
public record LandingReport(List<Batch> batches, Map<String, String> failures, List<String> failedMessageIds) {

  /**
   * One table's commit.
   *
   * @param table the table's location
   * @param version the version committed, or the table's version when nothing was (-1: no table yet)
   * @param committed whether the batch made a commit
   * @param filesAdded files registered
   * @param filesRemoved files removed (their objects were deleted)
   * @param rowsAdded rows the registered files hold
   * @param addedColumns columns the files added (schema policy {@code merge})
   * @param rejected files left out, with why (schema, unreadable footer) and where they were moved
   * @param skipped files not considered, with why (not parquet, empty, hidden name, still being written)
   */
  public record Batch(String table, long version, boolean committed, int filesAdded, int filesRemoved,
      long rowsAdded, List<String> addedColumns, Map<String, String> rejected, Map<String, String> skipped) {

    @Override
    public String toString() {
      String head = committed
          ? table + ": version " + version + ", " + Words.count(filesAdded, "file") + " ("
              + Words.count(rowsAdded, "row") + ") added"
              + (filesRemoved == 0 ? "" : ", " + Words.count(filesRemoved, "file") + " removed")
              + (addedColumns.isEmpty() ? "" : ", new columns " + addedColumns)
          : version < 0 ? table + ": no table yet, nothing landed"
          : table + ": nothing new (version " + version + ")";
      return head + lines("rejected", rejected) + lines("skipped", skipped);
    }

    private static String lines(String what, Map<String, String> files) {
      return files.entrySet().stream().map(e -> "\n  " + what + " " + e.getKey() + ": " + e.getValue())
          .collect(Collectors.joining());
    }
  }

  /** Whether every table's batch went through. */
  public boolean ok() {
    return failures.isEmpty();
  }

  @Override
  public String toString() {
    String done = batches.stream().map(Batch::toString).collect(Collectors.joining("\n"));
    String failed = failures.entrySet().stream().map(e -> e.getKey() + ": failed: " + e.getValue())
        .collect(Collectors.joining("\n"));
    return done.isEmpty() ? failed : failed.isEmpty() ? done : done + "\n" + failed;
  }
}
