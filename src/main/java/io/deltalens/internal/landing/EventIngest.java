package io.deltalens.internal.landing;

import io.deltalens.DeltaLensException;
import io.deltalens.LandingReport;
import io.deltalens.internal.engine.Background;
import io.deltalens.internal.parquet.Footers;
import io.deltalens.internal.parquet.Footers.Footer;
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

  /**
   * A table's events as one commit. A created object is read once, its size, time and footer from one
   * suffix-range GET (gone by now: not added); a removed one is removed when it is really gone.
   */
  private LandingReport.Batch commit(LandingTable table, Iterable<Notice> notices, boolean checkpoint) {
    List<Storage.Entry> added = new ArrayList<>();
    Map<Location, Footer> footers = new HashMap<>();
    List<Location> removed = new ArrayList<>();
    Map<Location, String> skipped = new LinkedHashMap<>();
    long now = System.currentTimeMillis();
    List<Notice> all = new ArrayList<>();
    notices.forEach(all::add);
    List<Now> states = Background.map(all, 32, EventIngest::now); // many objects at once: each a round trip
    for (int i = 0; i < all.size(); i++) {
      Notice notice = all.get(i);
      Now state = states.get(i);
      if (notice.kind() == Kind.REMOVED) {
        if (state.file() == null) {
          removed.add(notice.object());
        }
        continue;
      }
      if (state.file() == null) {
        skipped.put(notice.object(), "gone by now (deleted after it was created)");
        continue;
      }
      Optional<String> reason = LandingRules.skipReason(state.file(), table.location(), Duration.ZERO, now);
      if (reason.isPresent()) {
        skipped.put(notice.object(), reason.get());
        continue;
      }
      added.add(state.file());
      if (state.footer() != null) {
        footers.put(notice.object(), state.footer());
      }
    }
    return table.commit(added, footers, removed, skipped, checkpoint, 0);
  }

  /** What an event's object is now: gone (no file), or its entry and, for a readable parquet object, its footer. */
  private record Now(Storage.Entry file, Footer footer) {}

  /**
   * A parquet object is read with its size and time in one suffix-range GET; anything else (and a removed
   * object) is stat'ed; the append's checks say what is wrong with an unreadable one.
   */
  private static Now now(Notice notice) {
    if (notice.kind() == Kind.CREATED && notice.object().name().endsWith(".parquet")) {
      try {
        return Footers.readObject(notice.object())
            .map(f -> new Now(new Storage.Entry(f.file(), f.size(), f.modificationTime()), f))
            .orElse(new Now(null, null));
      } catch (DeltaLensException unreadable) {
        // stat'ed below: the append reports it
      }
    }
    return new Now(Storage.stat(notice.object()).orElse(null), null);
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
