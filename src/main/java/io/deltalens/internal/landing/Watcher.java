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
 * A skipped file is reported once per process, not every cycle.
 */
public final class Watcher {
  private final LandingTable table;
  private final Location landing;
  private final Duration settle;
  private final Set<Location> reported = new HashSet<>();

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
    for (Storage.Entry file : Storage.listAll(landing)) {
      if (LandingRules.unreported(file.location(), table.location())) {
        continue;
      }
      Optional<String> reason = LandingRules.skipReason(file, table.location(), settle, now);
      if (reason.isEmpty()) {
        candidates.add(file);
      } else if (reported.add(file.location())) {
        skipped.put(file.location(), reason.get());
      }
    }
    candidates.sort(Comparator.comparing(f -> f.location().uri())); // a new table takes the first one's columns
    return table.commit(candidates, List.of(), skipped, false);
  }

  /** Writes a due checkpoint (between cycles). */
  public boolean checkpointIfDue() {
    return table.checkpointIfDue();
  }
}
