package io.deltalens.internal.landing;

import io.deltalens.internal.storage.Location;
import io.deltalens.internal.storage.Storage;
import java.time.Duration;
import java.util.Optional;

/**
 * Which listed or notified objects may become additions: parquet files with content, outside the log
 * and Spark's hidden or temporary names, and (for files still being written on a local disk) settled.
 */
final class LandingRules {
  private LandingRules() {}

  /** Files a listing always meets that are no one's landing: the log's and the quarantine's. */
  static boolean unreported(Location file, Location table) {
    String relative = table.relativize(file);
    return relative.startsWith("_delta_log/") || relative.startsWith(LandingTable.QUARANTINE + "/");
  }

  /** Why {@code file} (under {@code table}) is not a candidate, or empty when it is one. */
  static Optional<String> skipReason(Storage.Entry file, Location table, Duration settle, long now) {
    String relative = table.relativize(file.location());
    if (relative.startsWith("_") || relative.startsWith(".") || relative.contains("/_") || relative.contains("/.")) {
      return Optional.of("hidden or temporary name ('_' or '.' prefix)");
    }
    if (!file.name().endsWith(".parquet")) {
      return Optional.of("not a .parquet file");
    }
    if (file.size() == 0) {
      return Optional.of("empty (0 bytes)");
    }
    long age = now - file.modificationTime();
    if (age < settle.toMillis()) {
      return Optional.of("still being written (changed " + Math.max(age, 0) + " ms ago)");
    }
    return Optional.empty();
  }
}
