package io.deltalens;

import io.delta.kernel.types.StructType;
import io.deltalens.internal.kernel.Schemas;
import io.deltalens.internal.landing.EventIngest;
import io.deltalens.internal.landing.LandingTable;
import io.deltalens.internal.landing.S3Events;
import io.deltalens.internal.landing.Watcher;
import io.deltalens.internal.storage.Location;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Landing ingest: parquet files that land in a table's folder or prefix become additions, registered where
 * they lie (what oxbow does). Built like an append, then run once, watched, or fed S3 events:
 *
 * <pre>
 * DeltaLens.landing("s3://bucket/sales").createIfAbsent().runOnce();            // cron
 * DeltaLens.landing("/data/sales").watch(Duration.ofSeconds(10), System.out::println);
 * DeltaLens.landing().handleEvents(sqsMessageJson);                           // tables from the keys
 * </pre>
 *
 * <p>Every file is registered exactly once, also with several watchers or handlers on one table (a
 * landing transaction fences them). Files that are not parquet, empty, hidden ({@code _}, {@code .}) or
 * still being written are skipped and reported; a file whose schema disagrees with the table (or whose
 * footer is unreadable) is moved to {@code _quarantine/} under the table and reported, and the rest of
 * the batch commits.
 */
public final class Landing {
  private final Location table;
  private Location landing;
  private boolean createIfAbsent;
  private boolean mergeSchema;
  private StructType partitionTypes = new StructType();
  private String appId = "deltalens-landing";
  private Duration settle = Duration.ofSeconds(2);
  private Duration lookback = Duration.ofHours(1);
  private Consumer<String> progress = message -> {};
  private Watcher watcher;
  private EventIngest events;

  Landing(Location table) {
    this.table = table;
  }

  /** Where files land: the table's folder (the default) or a folder or prefix under it. */
  public Landing from(String folderOrPrefix) {
    this.landing = Location.of(folderOrPrefix);
    return this;
  }

  /**
   * Creates the table when there is none, with the first batch's files in version 0: its columns from the
   * first landed file's footer, its partition columns from the files' Hive folders.
   */
  public Landing createIfAbsent() {
    this.createIfAbsent = true;
    return this;
  }

  /**
   * Schema policy {@code merge}: files may bring new columns, added to the table as nullable in the same
   * commit. The default policy, {@code reject}, quarantines such files; types that disagree are always
   * rejected.
   */
  public Landing mergeSchema() {
    this.mergeSchema = true;
    return this;
  }

  /**
   * Types of partition columns for a table the landing creates, as a column list
   * ({@code "day date, hour int"}); columns not named are typed from their values.
   */
  public Landing partitionTypes(String columns) {
    this.partitionTypes = Schemas.parse(columns);
    return this;
  }

  /** The transaction id landing commits carry (default {@code deltalens-landing}). */
  public Landing appId(String appId) {
    this.appId = appId;
    return this;
  }

  /** A local file changed more recently than this is left for the next cycle (default 2 s). */
  public Landing settle(Duration settle) {
    this.settle = settle;
    return this;
  }

  /**
   * How long after its time a file may first show in a listing (an upload's length, the clocks of machines
   * and store apart; default 1 h). A run that starts after a watcher of the whole table took files as
   * handled reads only the commits of this long before that watcher's last listing and the files that
   * arrived since, not the whole table; files older than that are taken as handled then.
   */
  public Landing lookback(Duration lookback) {
    this.lookback = lookback;
    return this;
  }

  public Landing progress(Consumer<String> progress) {
    this.progress = progress;
    return this;
  }

  /** One cycle: registers what landed since the last one; then writes a checkpoint if one is due. */
  public LandingReport runOnce() {
    Watcher watcher = watcher();
    LandingReport report = new LandingReport(List.of(watcher.cycle()), Map.of(), List.of());
    watcher.checkpointIfDue();
    return report;
  }

  /**
   * Runs a cycle every {@code interval} until the thread is interrupted, handing each cycle's report to
   * {@code each}; checkpoints are written between cycles. A failed cycle is reported and the next one runs.
   */
  public void watch(Duration interval, Consumer<LandingReport> each) {
    Watcher watcher = watcher();
    while (!Thread.currentThread().isInterrupted()) {
      LandingReport report;
      try {
        report = new LandingReport(List.of(watcher.cycle()), Map.of(), List.of());
        watcher.checkpointIfDue();
      } catch (RuntimeException e) { // a store that is away for a while: said, and the next cycle tries again
        report = new LandingReport(List.of(), Map.of(table.toString(), String.valueOf(e.getMessage())), List.of());
      }
      each.accept(report);
      try {
        Thread.sleep(interval.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /**
   * Handles a batch of S3 event notifications (S3's JSON, or SQS-, SNS- or EventBridge-wrapped): one commit
   * per table. Tables are the landing's table when it has one, else inferred from each key (the path above
   * its first {@code k=v} folder). Handing the same events in again changes nothing. Due checkpoints are
   * written only with {@code checkpoint}: a handler with a time budget leaves them to a schedule
   * ({@link #checkpointIfDue()}), or an EventBridge {@code Scheduled Event} handed in here does that.
   */
  public LandingReport handleEvents(String json, boolean checkpoint) {
    S3Events.Delivery delivery = S3Events.parse(json);
    if (delivery.schedule()) { // a schedule's turn: the due checkpoints, nothing to commit
      checkpointIfDue();
      return new LandingReport(List.of(), Map.of(), List.of());
    }
    return events().handle(delivery.notices(), checkpoint);
  }

  /** Writes a checkpoint of each table this landing has reached when one is due; returns those tables. */
  public List<String> checkpointIfDue() {
    return events().checkpointIfDue();
  }

  /** The watcher, made once so its file set is kept from cycle to cycle. */
  private Watcher watcher() {
    if (table == null) {
      throw new DeltaLensException("watching needs a table: DeltaLens.landing(table)");
    }
    if (watcher == null) {
      watcher = new Watcher(new LandingTable(table, settings()), landing == null ? table : landing, settle);
    }
    return watcher;
  }

  private EventIngest events() {
    if (events == null) {
      events = new EventIngest(table == null ? List.of() : List.of(table), settings());
    }
    return events;
  }

  private LandingTable.Settings settings() {
    return new LandingTable.Settings(createIfAbsent, mergeSchema, partitionTypes, appId, lookback, progress);
  }
}
