package io.deltalens.internal.landing;

import io.deltalens.internal.storage.Location;
import io.deltalens.internal.storage.Storage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
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

  /**
   * When {@code file} arrived where it lies (epoch ms): an object's time; for a local file the later of
   * its modification and its status change, as a move keeps the first and sets the second (a file written
   * yesterday and moved in now arrived now).
   */
  static long arrival(Storage.Entry file) {
    if (file.location().isLocal()) {
      try {
        FileTime changed = (FileTime) Files.getAttribute(file.location().local().orElseThrow(), "unix:ctime");
        return Math.max(file.modificationTime(), changed.toMillis());
      } catch (IOException | UnsupportedOperationException e) {
        return file.modificationTime(); // gone since (not committed then), or a system without status times
      }
    }
    return file.modificationTime();
  }

  /** Whether {@code file} changed within {@code settle} of {@code now}: it may still be being written. */
  static boolean settling(Storage.Entry file, Duration settle, long now) {
    return now - file.modificationTime() < settle.toMillis();
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
    if (settling(file, settle, now)) {
      return Optional.of("still being written (changed " + Math.max(now - file.modificationTime(), 0) + " ms ago)");
    }
    return Optional.empty();
  }
}
