package io.deltalens.internal.write;

import com.fasterxml.jackson.databind.JsonNode;
import io.delta.kernel.Snapshot;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.MapValue;
import io.delta.kernel.data.Row;
import io.delta.kernel.utils.CloseableIterator;
import io.deltalens.DeltaLensException;
import io.deltalens.internal.engine.Kernel;
import io.deltalens.internal.kernel.KernelInternals;
import io.deltalens.internal.read.LogFiles;
import io.deltalens.internal.storage.Location;
import io.deltalens.internal.storage.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The data files a version of a table holds, as locations (local files or objects), with what a remove
 * action needs of each; and the transaction versions of its appIds. Read once from a snapshot, then
 * {@link #advance kept up to date} from the commits that follow, so a long-running writer (the landing
 * watcher, a warm event handler) does not scan a table of 300,000 files again for every batch.
 *
 * <p>A set read {@link #since since} a time holds only what the commits written after it added and
 * removed: enough to answer for files that arrived after that time, as a commit can only add a file that
 * is already there. A process that registers new files (a cron run, a cold Lambda) reads a few commits
 * instead of the whole table.
 */
public final class LiveFiles {
  /**
   * A file the table holds: its path as the log records it, its size and partition values, and the file of its
   * deletion vector (null: none, or one held inline in the log).
   */
  public record Held(String path, long size, Map<String, String> partitionValues, Location deletionVector) {}

  /** Commit and file times may come from different clocks (two servers of a store): commits this much older count. */
  private static final long SKEW_MILLIS = 5 * 60_000;

  private final Location table;
  private final URI root;
  private final long horizon; // files that arrived before it are not known: Long.MIN_VALUE for a whole set
  private final Map<Location, Held> files = new HashMap<>();
  private final Map<String, Long> txns = new HashMap<>();
  private final Set<Location> removed = new HashSet<>(); // by the commits replayed since the set was read
  private Set<Location> removedBefore; // by the commits up to the version read: from the log when first asked
  private long readAt;
  private Snapshot snapshot;

  private LiveFiles(Location table, Snapshot snapshot, long horizon) {
    this.table = table;
    this.horizon = horizon;
    this.root = table.local().map(Path::toUri)
        .orElseGet(() -> URI.create(table.uri().replace(" ", "%20") + "/"));
    load(snapshot);
  }

  /** Every file {@code snapshot} holds. */
  public static LiveFiles of(Location table, Snapshot snapshot) {
    return new LiveFiles(table, snapshot, Long.MIN_VALUE);
  }

  /**
   * The files the commits up to {@code snapshot} written since {@code horizon} (epoch ms, less a margin for
   * clocks) added and removed: it answers only for files that arrived at or after {@code horizon}.
   */
  public static LiveFiles since(Location table, Snapshot snapshot, long horizon) {
    try {
      return new LiveFiles(table, snapshot, horizon);
    } catch (DeltaLensException gone) { // a commit since the horizon went to log cleanup: the whole set, then
      return of(table, snapshot);
    }
  }

  /** Whether the set answers for a file that arrived at {@code arrival} (epoch ms); a whole set answers for all. */
  public boolean covers(long arrival) {
    return arrival >= horizon;
  }

  /** The time from which files are known (epoch ms), {@code Long.MIN_VALUE} for a whole set. */
  public long horizon() {
    return horizon;
  }

  public long version() {
    return snapshot.getVersion();
  }

  public boolean contains(Location file) {
    return files.containsKey(file);
  }

  /**
   * Whether the log removed {@code file} and does not hold it again (a compaction's or a delete's file that
   * still lies in the folder until a vacuum: not to be added again, or its rows would count twice).
   */
  public boolean removed(Location file) {
    if (files.containsKey(file)) {
      return false;
    }
    if (horizon != Long.MIN_VALUE) {
      return removed.contains(file); // a file that arrived since the horizon was added, if ever, since it too
    }
    if (removedBefore == null) {
      removedBefore = new HashSet<>();
      LogFiles.removedPaths(table, readAt).forEach(path -> removedBefore.add(location(path)));
    }
    return removed.contains(file) || removedBefore.contains(file);
  }

  public Optional<Held> get(Location file) {
    return Optional.ofNullable(files.get(file));
  }

  public int size() {
    return files.size();
  }

  /** The files, by location. */
  public Set<Location> locations() {
    return java.util.Collections.unmodifiableSet(files.keySet());
  }

  /** The deletion vector files the files read with. */
  public Set<Location> deletionVectors() {
    Set<Location> dvs = new HashSet<>();
    for (Held held : files.values()) {
      if (held.deletionVector() != null) {
        dvs.add(held.deletionVector());
      }
    }
    return dvs;
  }

  /** The deletion vector file of an add or remove action's body, as a JSON commit records it. */
  public Optional<Location> deletionVector(JsonNode fileAction) {
    JsonNode dv = fileAction.path("deletionVector");
    if (!dv.isObject()) {
      return Optional.empty();
    }
    return KernelInternals.deletionVectorFile(dv.path("storageType").asText(), dv.path("pathOrInlineDv").asText(),
        table.hadoopPath()).map(LiveFiles::location);
  }

  /** The last version committed for {@code appId} as of {@link #version()}, -1 if none. */
  public long txnVersion(String appId) {
    return txns.computeIfAbsent(appId,
        id -> snapshot.getLatestTransactionVersion(Kernel.engine(), id).orElse(-1L));
  }

  /**
   * Brings the set to {@code latest} by replaying the commits after {@link #version()}; when one of them
   * is gone (log cleanup) the set is read again from {@code latest}'s checkpoint and commits.
   */
  public void advance(Snapshot latest) {
    if (latest.getVersion() < snapshot.getVersion()) {
      throw new IllegalArgumentException("version " + latest.getVersion() + " is before " + snapshot.getVersion());
    }
    try {
      for (long v = snapshot.getVersion() + 1; v <= latest.getVersion(); v++) {
        for (JsonNode action : LogFiles.actions(table, v)) {
          apply(action);
        }
      }
      snapshot = latest;
    } catch (DeltaLensException gone) {
      load(latest);
    }
  }

  private void apply(JsonNode action) {
    switch (LogFiles.type(action)) {
      case "add" -> {
        JsonNode add = action.get("add");
        Map<String, String> partition = new LinkedHashMap<>();
        add.path("partitionValues").fields().forEachRemaining(e ->
            partition.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
        String path = add.get("path").asText();
        files.put(location(path), new Held(path, add.path("size").asLong(), partition,
            deletionVector(add).orElse(null)));
      }
      case "remove" -> {
        Location file = location(action.get("remove").get("path").asText());
        files.remove(file);
        removed.add(file);
      }
      case "txn" -> {
        JsonNode txn = action.get("txn");
        txns.put(txn.get("appId").asText(), txn.get("version").asLong());
      }
      default -> { }
    }
  }

  private void load(Snapshot at) {
    files.clear();
    txns.clear();
    removed.clear();
    removedBefore = null;
    readAt = at.getVersion();
    snapshot = at;
    if (horizon != Long.MIN_VALUE) {
      replaySince(at);
      return;
    }
    try (CloseableIterator<FilteredColumnarBatch> batches =
        at.getScanBuilder().build().getScanFiles(Kernel.engine())) {
      while (batches.hasNext()) {
        try (CloseableIterator<Row> rows = batches.next().getRows()) {
          while (rows.hasNext()) {
            Row scanFile = rows.next();
            Row add = scanFile.getStruct(scanFile.getSchema().indexOf("add"));
            String path = add.getString(add.getSchema().indexOf("path"));
            files.put(location(path), new Held(path, add.getLong(add.getSchema().indexOf("size")),
                partitionValues(add.getMap(add.getSchema().indexOf("partitionValues"))),
                KernelInternals.deletionVectorFile(scanFile, table.hadoopPath()).map(LiveFiles::location)
                    .orElse(null)));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Replays the commits up to {@code at} from the first one written at or after the horizon (less the
   * margin for clocks).
   */
  private void replaySince(Snapshot at) {
    Map.Entry<Long, Storage.Entry> first = LogFiles.commits(table).headMap(at.getVersion(), true).entrySet().stream()
        .filter(c -> c.getValue().modificationTime() >= horizon - SKEW_MILLIS).findFirst().orElse(null);
    if (first == null) {
      return; // nothing committed since the horizon
    }
    for (long v = first.getKey(); v <= at.getVersion(); v++) {
      for (JsonNode action : LogFiles.actions(table, v)) {
        apply(action);
      }
    }
  }

  private static Map<String, String> partitionValues(MapValue map) {
    if (map == null || map.getSize() == 0) {
      return Map.of();
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < map.getSize(); i++) {
      values.put(map.getKeys().getString(i),
          map.getValues().isNullAt(i) ? null : map.getValues().getString(i));
    }
    return values;
  }

  /** The location of a file action's path: URI-encoded, relative to the table or absolute. */
  public Location location(String path) {
    if (path.indexOf(':') < 0 && path.indexOf('%') < 0 && !path.startsWith("/")) {
      return table.resolve(path); // a plain relative path (the common case): no URI to parse
    }
    return location(root.resolve(URI.create(path)));
  }

  private static Location location(URI file) {
    return "file".equals(file.getScheme()) ? Location.local(Paths.get(file))
        : Location.of(file.getScheme() + "://" + file.getAuthority() + file.getPath());
  }
}
