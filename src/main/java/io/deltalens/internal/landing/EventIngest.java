package io.deltalens.internal.landing;

import io.deltalens.DeltaLensException;
import io.deltalens.LandingReport;
import io.deltalens.internal.engine.Background;
import io.deltalens.internal.landing.S3Events.Kind;
import io.deltalens.internal.landing.S3Events.Notice;
import io.deltalens.internal.storage.Location;
import io.deltalens.internal.storage.Storage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a batch of object events into one commit per table: created objects the table does not hold are
 * registered, removed objects it holds are removed. The table of an object is a configured root that holds
 * it, else the path above its first {@code k=v} folder (as oxbow infers it), else its folder. An event says
 * only that something happened: what the object is now decides (a created object gone by now is not
 * added, a removed one that exists again is not removed), so redelivered and reordered events are no-ops.
 * The tables (and their file sets) are kept between batches, as a warm Lambda keeps them.
 */
public final class EventIngest {
  private final List<Location> roots;
  private final LandingTable.Settings settings;
  private final Map<Location, LandingTable> tables = new HashMap<>();

  public EventIngest(List<Location> roots, LandingTable.Settings settings) {
    this.roots = List.copyOf(roots);
    this.settings = settings;
  }

  /** Commits each table's events; a table that fails is reported with its events' message ids. */
  public LandingReport handle(List<Notice> notices, boolean checkpoint) {
    Map<Location, Map<Location, Notice>> byTable = new LinkedHashMap<>();
    for (Notice notice : notices) {
      Location root = root(notice.object());
      if (!LandingRules.unreported(notice.object(), root)) {
        byTable.computeIfAbsent(root, r -> new LinkedHashMap<>()).put(notice.object(), notice); // last one wins
      }
    }
    List<LandingReport.Batch> batches = new ArrayList<>();
    Map<String, String> failures = new LinkedHashMap<>();
    Set<String> failedIds = new LinkedHashSet<>();
    for (Map.Entry<Location, Map<Location, Notice>> e : byTable.entrySet()) {
      try {
        batches.add(commit(table(e.getKey()), e.getValue().values(), checkpoint));
      } catch (DeltaLensException failure) {
        failures.put(e.getKey().toString(), failure.getMessage());
        notices.stream().filter(n -> e.getValue().containsKey(n.object()) && n.messageId() != null)
            .forEach(n -> failedIds.add(n.messageId()));
      }
    }
    return new LandingReport(batches, failures, List.copyOf(failedIds));
  }

  /** Writes due checkpoints of the configured tables and those events have reached. */
  public List<String> checkpointIfDue() {
    Set<Location> all = new LinkedHashSet<>(roots);
    all.addAll(tables.keySet());
    List<String> written = new ArrayList<>();
    for (Location root : all) {
      if (table(root).checkpointIfDue()) {
        written.add(root.toString());
      }
    }
    return written;
  }

  private LandingReport.Batch commit(LandingTable table, Iterable<Notice> notices, boolean checkpoint) {
    List<Storage.Entry> added = new ArrayList<>();
    List<Location> removed = new ArrayList<>();
    Map<Location, String> skipped = new LinkedHashMap<>();
    long now = System.currentTimeMillis();
    List<Notice> all = new ArrayList<>();
    notices.forEach(all::add);
    // what each object is now: a HEAD each, many at once
    List<Optional<Storage.Entry>> states = Background.map(all, 32, n -> Storage.stat(n.object()));
    for (int i = 0; i < all.size(); i++) {
      Notice notice = all.get(i);
      Optional<Storage.Entry> current = states.get(i);
      if (notice.kind() == Kind.REMOVED) {
        if (current.isEmpty()) {
          removed.add(notice.object());
        }
      } else if (current.isEmpty()) {
        skipped.put(notice.object(), "gone by now (deleted after it was created)");
      } else {
        Optional<String> reason = LandingRules.skipReason(current.get(), table.location(), Duration.ZERO, now);
        if (reason.isPresent()) {
          skipped.put(notice.object(), reason.get());
        } else {
          added.add(current.get());
        }
      }
    }
    return table.commit(added, removed, skipped, checkpoint);
  }

  private LandingTable table(Location root) {
    return tables.computeIfAbsent(root, r -> new LandingTable(r, settings));
  }

  /** The table an object belongs to. */
  static Location root(Location object, List<Location> roots) {
    for (Location root : roots) {
      if (object.isInside(root)) {
        return root;
      }
    }
    Location folder = object.parent();
    for (Location at = folder; at != null && at.name().length() > 0; at = at.parent()) {
      if (at.name().indexOf('=') > 0) {
        folder = at.parent();
      }
    }
    return folder;
  }

  private Location root(Location object) {
    return root(object, roots);
  }
}
