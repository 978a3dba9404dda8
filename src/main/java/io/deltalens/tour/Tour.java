package io.deltalens.tour;

import io.deltalens.AppendResult;
import io.deltalens.DeltaLens;
import io.deltalens.DeltaTable;
import io.deltalens.TextTable;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import tech.tablesaw.api.Table;

/**
 * The seed's story, on generated feeds: create a table from the first feed, append feeds one version
 * at a time, read versions back and travel in time, register a folder of files without reading them,
 * append exactly once, checkpoint. Each step prints what it did.
 */
public final class Tour {
  static final int FEEDS = 11;
  static final int COPIED = 6;
  private final PrintStream out;

  private Tour(PrintStream out) {
    this.out = out;
  }

  /** Runs the tour in {@code dir} (made if absent; must not hold a table yet). Returns the table. */
  public static DeltaTable run(Path dir, PrintStream out) {
    return new Tour(out).walk(dir);
  }

  private DeltaTable walk(Path dir) {
    Path feeds = dir.resolve("feeds");
    Path tablePath = dir.resolve("sales");
    step("1. Sample data: " + FEEDS + " parquet feeds (id, name, amount; two rows each) in " + feeds);
    for (int n = 1; n <= FEEDS; n++) {
      SampleFeeds.write(feeds, n);
    }

    step("2. Create the table from feed_1's schema (version 0): " + tablePath);
    DeltaTable table = DeltaLens.create(tablePath).schemaFromParquet(feeds.resolve("feed_1.parquet")).commit();
    out.println("   schema: " + table.schema().fieldNames() + " at version " + table.version());

    step("3. Append feeds 1.." + COPIED + " in copy mode, one version each (statistics included)");
    for (int n = 1; n <= COPIED; n++) {
      AppendResult r = table.newAppend().appendFile(feeds.resolve("feed_" + n + ".parquet")).commit();
      out.println("   feed_" + n + " -> " + r);
    }

    step("4. Read versions back: each holds the feeds appended up to it");
    for (long v : new long[] {1, 3, table.version()}) {
      show("version " + v, table.toTable(v));
    }

    long v2 = 2;
    Instant at = table.commitTime(v2);
    step("5. Time travel: the version current at " + at + " (the instant of commit " + v2 + ")");
    show("as of " + at, table.read().timestamp(at).toTable());

    Path landing = tablePath.resolve("landing");
    step("6. Register mode: feeds " + (COPIED + 1) + ".." + FEEDS + " land in " + landing
        + " and are added without reading their rows (statistics from footers), in one commit");
    copy(feeds, landing, COPIED + 1, FEEDS - 1);
    out.println("   " + table.newAppend().appendFile(landing).register().commit());
    copy(feeds, landing, FEEDS, FEEDS);
    out.println("   one more file lands; registering the folder again adds just it:");
    out.println("   " + table.newAppend().appendFile(landing).register().commit());

    step("7. Exactly once: the same batch with transaction id tour-job:1, twice");
    Path extra = SampleFeeds.write(dir.resolve("extra"), 12);
    out.println("   first:  " + table.newAppend().appendFile(extra).txn("tour-job", 1).commit());
    out.println("   second: " + table.newAppend().appendFile(extra).txn("tour-job", 1).commit());

    step("8. Checkpoint the latest version");
    out.println("   wrote " + String.format("_delta_log/%020d.checkpoint.parquet", table.checkpoint()));

    step("9. The latest version");
    show("version " + table.version(), table.toTable());
    return table;
  }

  private void copy(Path feeds, Path landing, int from, int to) {
    try {
      Files.createDirectories(landing);
      for (int n = from; n <= to; n++) {
        String name = "feed_" + n + ".parquet";
        Files.copy(feeds.resolve(name), landing.resolve(name));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void step(String title) {
    out.println();
    out.println(title);
  }

  private void show(String title, Table rows) {
    out.println("   " + title + ": " + rows.rowCount() + " rows");
    out.print(TextTable.render(rows, 6, 100).indent(3));
  }
}
