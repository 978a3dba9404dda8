package io.deltalens.internal.upkeep;

import com.fasterxml.jackson.databind.JsonNode;
import io.delta.kernel.Snapshot;
import io.deltalens.DeltaLensException;
import io.deltalens.internal.kafka.KafkaWorker;
import io.deltalens.internal.kernel.KernelInternals;
import io.deltalens.internal.read.LogFiles;
import io.deltalens.internal.read.Versions;
import io.deltalens.internal.storage.Location;
import io.deltalens.internal.storage.Storage;
import io.deltalens.internal.write.LiveFiles;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Vacuum, as Spark's: deletes the data files under a table that no version inside the retention window
 * needs. A file stays when the latest version holds it, when a commit inside the window removed it (a
 * version in the window still reads it), when it was written inside the window (an append or compaction
 * in flight may be about to commit it), and when it is the log's or another hidden file (see
 * {@link #hidden}). A deletion vector file stays as long as a file it belongs to does. A retention shorter
 * than the table's {@code delta.deletedFileRetentionDuration} needs {@code force}. Expired commits and
 * checkpoints are cleaned as Spark does, when a checkpoint is written (Kernel's {@code delta.logRetentionDuration}).
 */
public final class UnreferencedFiles {
  /** Spark's default for {@code delta.deletedFileRetentionDuration}. */
  public static final String DEFAULT_RETENTION = "interval 1 week";

  /** What a vacuum deletes (or, dry, would): the files, relative to the table, and the retention it used. */
  public record Plan(Location table, long version, Duration retention, List<Storage.Entry> files) {
    public long bytes() {
      return files.stream().mapToLong(Storage.Entry::size).sum();
    }
  }

  private UnreferencedFiles() {}

  /** The files to delete with {@code retention} (null: the table's); a short one is refused unless {@code force}. */
  public static Plan plan(Location table, Duration retention, boolean force) {
    Snapshot snapshot = Versions.latest(table);
    Duration tables = Duration.ofMillis(KernelInternals.intervalMillis(snapshot.getTableProperties()
        .getOrDefault("delta.deletedFileRetentionDuration", DEFAULT_RETENTION)));
    Duration retain = retention == null ? tables : retention;
    if (retain.compareTo(tables) < 0 && !force) {
      throw new DeltaLensException("refusing to vacuum " + table + " with a retention of " + words(retain)
          + ", under the table's delta.deletedFileRetentionDuration (" + words(tables) + "): readers of versions"
          + " in between, and writers still writing, would lose files; give --force (force()) if that is meant");
    }
    long cutoff = System.currentTimeMillis() - retain.toMillis();
    Set<Location> needed = needed(table, snapshot, cutoff);
    List<String> partitions = snapshot.getPartitionColumnNames();
    List<Storage.Entry> deletable = new ArrayList<>();
    for (Storage.Entry file : Storage.listAll(table)) {
      if (!hidden(table.relativize(file.location()), partitions) && !needed.contains(file.location())
          && file.modificationTime() < cutoff) {
        deletable.add(file);
      }
    }
    return new Plan(table, snapshot.getVersion(), retain, deletable);
  }

  /** Deletes the plan's files; returns how many it deleted. */
  public static int run(Plan plan, Consumer<String> progress) {
    int deleted = 0;
    for (Storage.Entry file : plan.files()) {
      try {
        Storage.delete(file.location());
      } catch (IOException e) {
        throw new DeltaLensException("vacuum of " + plan.table() + " deleted " + deleted + " of "
            + plan.files().size() + " files, then failed on " + file.location() + ": " + e.getMessage()
            + " (the table reads as before; run it again)", e);
      }
      if (++deleted % 1000 == 0) {
        progress.accept("deleted " + deleted + "/" + plan.files().size() + " files");
      }
    }
    return deleted;
  }

  /**
   * The files versions inside the window need: the latest version's, and those commits made at or after
   * {@code cutoff} removed. Where the window reaches back past the log's oldest commit (older ones cleaned
   * up), the removals in between are unknown and vacuum refuses.
   */
  private static Set<Location> needed(Location table, Snapshot snapshot, long cutoff) {
    LiveFiles live = LiveFiles.of(table, snapshot);
    Set<Location> needed = new HashSet<>(live.locations());
    needed.addAll(live.deletionVectors());
    TreeMap<Long, Storage.Entry> commits = LogFiles.commits(table);
    boolean windowInLog = commits.firstKey() == 0;
    for (Map.Entry<Long, Storage.Entry> commit : commits.descendingMap().entrySet()) {
      List<JsonNode> actions = LogFiles.actions(table, commit.getKey());
      if (LogFiles.commitTime(actions, commit.getValue()).toEpochMilli() < cutoff) {
        windowInLog = true;
        break;
      }
      for (JsonNode action : actions) {
        if (action.has("remove")) {
          JsonNode remove = action.get("remove");
          needed.add(live.location(remove.get("path").asText()));
          live.deletionVector(remove).ifPresent(needed::add);
        }
      }
    }
    if (!windowInLog) {
      throw new DeltaLensException("cannot vacuum " + table + ": the retention window reaches back past the log's"
          + " oldest commit (" + commits.firstKey() + "; older ones were cleaned up), so which removed files a"
          + " version in the window needs is unknown; use a shorter retention");
    }
    return needed;
  }

  /**
   * The log and other hidden files and folders ({@code _} or {@code .} names), which vacuum leaves alone as
   * Spark does — but not, as in Spark, change data ({@code _change_data}), index folders ({@code _delta_index})
   * and partition folders of columns named with a {@code _}; nor deltalens' Kafka folders, whose files a
   * compaction removes like any other.
   */
  private static boolean hidden(String relative, List<String> partitionColumns) {
    for (String part : relative.split("/")) {
      if ((part.startsWith("_") || part.startsWith(".")) && !part.startsWith("_change_data")
          && !part.startsWith("_delta_index") && !part.startsWith(KafkaWorker.FOLDER_PREFIX)
          && partitionColumns.stream().noneMatch(c -> part.startsWith(c + "="))) {
        return true;
      }
    }
    return false;
  }

  /** A retention as a person says it: 7 days, 168 hours is 7 days, 90 minutes. */
  public static String words(Duration d) {
    long hours = d.toHours();
    return hours >= 48 && hours % 24 == 0 ? (hours / 24) + " days" : hours >= 1 ? hours + " hours"
        : d.toMinutes() + " minutes";
  }
}
