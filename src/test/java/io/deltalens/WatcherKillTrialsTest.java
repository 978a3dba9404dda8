package io.deltalens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tech.tablesaw.api.Table;

/**
 * kill -9 of a landing watcher at random moments while files land, then a restart: every commit whole, no
 * file in the table twice, and once a watcher runs to the end every landed file is in it exactly once. On a
 * local folder and on a bucket.
 */
class WatcherKillTrialsTest {
  @TempDir static Path dir;

  static Stream<Store> stores() throws Exception {
    return Store.all(dir.resolve("stores"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void aKilledWatcherLosesNothingAndAddsNothingTwice(Store store) throws Exception {
    String table = store.table("landing");
    Path work = Files.createDirectories(dir.resolve("work-" + store.name()));
    store.create(table).schema("id long, name string").commit();
    Random random = new Random(20261201);
    long landed = 0;
    int trials = store.isLocal() ? 6 : 3; // a watcher JVM on a bucket takes seconds to its first commit
    for (int trial = 0; trial < trials; trial++) {
      Path log = work.resolve("watcher" + trial + ".log");
      Process watcher = watch(store, table, log);
      // files land while it runs: until its first commit (the JVM has started), then for a random while, so
      // the kill falls anywhere in a cycle
      long started = System.nanoTime();
      long extra = -1;
      while (extra < 0 || System.nanoTime() < extra) {
        LandingTest.land(store, work, table + "/t" + trial + "/f" + landed + ".parquet", landed);
        landed++;
        Thread.sleep(random.nextInt(30));
        if (extra < 0 && (Files.readString(log).contains(": version ")
            || System.nanoTime() - started > TimeUnit.SECONDS.toNanos(30))) {
          extra = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(random.nextInt(1500));
        }
      }
      watcher.destroyForcibly(); // SIGKILL
      assertTrue(watcher.waitFor(30, TimeUnit.SECONDS));

      DeltaTable t = store.open(table);
      for (long v = 1; v <= t.version(); v++) {
        t.commit(v); // parses: no half-written commit
      }
      List<Long> ids = t.toTable().longColumn("id").asList();
      assertEquals(ids.size(), new HashSet<>(ids).size(), "trial " + trial + ": no file twice");
    }
    long byKilledWatchers = store.open(table).toTable().rowCount();
    assertTrue(byKilledWatchers > landed / 2, "the killed watchers registered files: " + byKilledWatchers);
    DeltaLens.landing(table, store.options()).settle(Duration.ZERO).runOnce(); // the restart that runs to the end
    Table rows = store.open(table).toTable();
    assertEquals(landed, rows.rowCount(), "every landed file registered");
    assertEquals(landed, new HashSet<>(rows.longColumn("id").asList()).size(), "each once");
  }

  /**
   * kill -9 of a watcher that creates its table, at a random moment around its first commit (which creates
   * the table with the files found, in version 0): no table or a whole version 0, never a file twice, and a
   * restart adds every landed file exactly once.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void aWatcherKilledWhileCreatingItsTableLeavesNoTableOrAWholeOne(Store store) throws Exception {
    Path work = Files.createDirectories(dir.resolve("create-" + store.name()));
    Random random = new Random(20261208);
    int trials = store.isLocal() ? 6 : 3;
    long firstCommitMs = 0; // what the first trial measures, waiting for its watcher's first commit
    for (int trial = 0; trial < trials; trial++) {
      String table = store.table("created-" + trial);
      long landed = 0;
      for (; landed < 20; landed++) {
        LandingTest.land(store, work, table + "/f" + landed + ".parquet", landed);
      }
      Path log = work.resolve("creator" + trial + ".log");
      Process watcher = watch(store, table, log, "--create-if-absent");
      long started = System.nanoTime();
      // later trials: killed at a random moment from well before the first commit to a while after it
      long kill = trial == 0 ? Long.MAX_VALUE
          : started + TimeUnit.MILLISECONDS.toNanos((long) (firstCommitMs * (0.3 + random.nextDouble())));
      while (System.nanoTime() < kill) {
        LandingTest.land(store, work, table + "/f" + landed + ".parquet", landed);
        landed++;
        Thread.sleep(random.nextInt(30));
        if (trial == 0 && (Files.readString(log).contains(": version ")
            || System.nanoTime() - started > TimeUnit.SECONDS.toNanos(30))) {
          firstCommitMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
          kill = System.nanoTime();
        }
      }
      watcher.destroyForcibly(); // SIGKILL
      assertTrue(watcher.waitFor(30, TimeUnit.SECONDS));

      String said = "trial " + trial + " (killed after " + TimeUnit.NANOSECONDS.toMillis(kill - started) + " ms): "
          + Files.readString(log);
      if (store.files(table).stream().anyMatch(f -> f.startsWith("_delta_log/") && f.endsWith(".json"))) {
        DeltaTable t = store.open(table);
        for (long v = 0; v <= t.version(); v++) {
          t.commit(v); // parses: no half-written commit
        }
        assertTrue(t.files(0).rowCount() >= 20, "version 0 holds the files found: " + said);
        List<Long> ids = t.toTable().longColumn("id").asList();
        assertEquals(ids.size(), new HashSet<>(ids).size(), "no file twice: " + said);
      } else {
        assertTrue(trial > 0, "the watcher that was let run created its table: " + said);
      }
      DeltaLens.landing(table, store.options()).settle(Duration.ZERO).createIfAbsent().runOnce(); // the restart
      List<Long> ids = store.open(table).toTable().longColumn("id").asList();
      assertEquals(landed, ids.size(), "every landed file registered: " + said);
      assertEquals(landed, new HashSet<>(ids).size(), "each once: " + said);
    }
  }

  /** A watcher process, cycling every 20 ms, its output into {@code log}. */
  private static Process watch(Store store, String table, Path log, String... options) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
        "-cp", System.getProperty("java.class.path"), "-XX:TieredStopAtLevel=1", "io.deltalens.cli.Main",
        "watch", table, "--interval", "20ms", "--settle", "0s"));
    command.addAll(List.of(options));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    if (!store.isLocal()) {
      builder.environment().putAll(S3Server.shared().environment());
    }
    return builder.start();
  }
}
