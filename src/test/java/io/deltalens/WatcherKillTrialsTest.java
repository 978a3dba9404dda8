package io.deltalens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
      ProcessBuilder builder = new ProcessBuilder(
          System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
          "-cp", System.getProperty("java.class.path"), "-XX:TieredStopAtLevel=1", "io.deltalens.cli.Main",
          "watch", table, "--interval", "20ms", "--settle", "0s")
          .redirectErrorStream(true).redirectOutput(work.resolve("watcher" + trial + ".log").toFile());
      if (!store.isLocal()) {
        builder.environment().putAll(S3Server.shared().environment());
      }
      Process watcher = builder.start();
      // files land while it runs: until its first commit (the JVM has started), then for a random while, so
      // the kill falls anywhere in a cycle
      Path log = work.resolve("watcher" + trial + ".log");
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
}
