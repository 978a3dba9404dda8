package io.deltalens.internal.landing;

import io.deltalens.DeltaLensException;
import io.deltalens.LandingReport;
import io.deltalens.internal.storage.Location;
import io.deltalens.internal.storage.Storage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The landing watcher's cycle: list the landing location, keep the parquet files the table does not hold
 * yet, register them in one commit; then, off the commit's path, write a checkpoint when one is due.
 * A skipped file is reported once per process, not every cycle. A watcher of the whole table claims the
 * time of its listing in its commit when it left no file for later (see {@link LandingTable}); files that
 * arrived before the last claim's horizon are handled, and a local folder unchanged since then is not listed.
 */
public final class Watcher {
  private final LandingTable table;
  private final Location landing;
  private final Duration settle;
  private final Set<Location> reported = new HashSet<>();
  // files found to have arrived before the last claim's horizon: left out of later listings by name
  private final Set<Location> older = new HashSet<>();
  private final FolderScan folders = new FolderScan();

  /** {@code landing} is the table's folder or one under it: files are registered where they lie. */
  public Watcher(LandingTable table, Location landing, Duration settle) {
    if (!landing.equals(table.location()) && !landing.isInside(table.location())) {
      throw new DeltaLensException("the landing location " + landing + " is outside the table "
          + table.location() + ": landed files are registered where they lie, so they must land under the table");
    }
    this.table = table;
    this.landing = landing;
    this.settle = settle;
  }

  public LandingReport.Batch cycle() {
    long now = System.currentTimeMillis();
    List<Storage.Entry> candidates = new ArrayList<>();
    Map<Location, String> skipped = new LinkedHashMap<>();
    table.readFiles();
    boolean pending = false;
    for (Storage.Entry listed : list()) {
      if (LandingRules.unreported(listed.location(), table.location()) || known(listed.location())) {
        continue;
      }
      Optional<Storage.Entry> file = landing.isLocal() ? Storage.stat(listed.location()) : Optional.of(listed);
      if (file.isEmpty()) {
        continue; // gone since the listing
      }
      if (table.handledBefore(LandingRules.arrival(file.get()))) {
        older.add(listed.location()); // there before the last claim
        continue;
      }
      pending |= LandingRules.settling(file.get(), settle, now);
      Optional<String> reason = LandingRules.skipReason(file.get(), table.location(), settle, now);
      if (reason.isEmpty()) {
        candidates.add(file.get());
      } else if (reported.add(listed.location())) {
        skipped.put(listed.location(), reason.get());
      }
    }
    candidates.sort(Comparator.comparing(f -> f.location().uri())); // a new table takes the first one's columns
    long claim = landing.equals(table.location()) && !pending ? now : 0;
    return table.commit(candidates, Map.of(), List.of(), skipped, false, claim);
  }

  /**
   * The landing location's files: a local folder by what changed since the last cycle, a prefix by a listing.
   * Names remembered of files that are gone are forgotten: a watcher that runs for months beside compactions
   * and vacuums would otherwise keep every name it ever set aside.
   */
  private List<Storage.Entry> list() {
    List<Storage.Entry> files;
    if (landing.isLocal()) {
      Set<Location> stillOlder = new HashSet<>(); // older files a re-read folder still holds
      files = folders.list(landing.local().orElseThrow(), file -> {
        if (older.contains(file)) {
          stillOlder.add(file);
          return true;
        }
        return table.holds(file);
      }, table.horizon());
      older.removeIf(file -> !stillOlder.contains(file)
          && folders.mayHaveLost(file.local().orElseThrow().getParent()));
    } else {
      files = Storage.listAll(landing);
    }
    if (!reported.isEmpty() || !landing.isLocal() && !older.isEmpty()) {
      // a skipped file is listed every cycle while it lies there; so is an older object in a bucket
      Set<Location> listed = new HashSet<>(files.stream().map(Storage.Entry::location).toList());
      reported.retainAll(listed);
      if (!landing.isLocal()) {
        older.retainAll(listed);
      }
    }
    return files;
  }

  /** How many names of files the watcher keeps aside (skipped and reported, or older than the last claim). */
  int remembered() {
    return older.size() + reported.size();
  }

  /** Whether the table holds {@code file} or it was there before the last claim (a flat folder's old files). */
  private boolean known(Location file) {
    return table.holds(file) || older.contains(file);
  }

  /** Writes a due checkpoint (between cycles). */
  public boolean checkpointIfDue() {
    return table.checkpointIfDue();
  }
}
