package io.deltalens;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tech.tablesaw.api.Table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 of a writer at any moment: each trial lets an appending process report 0-3 commits, then kills
 * it after a random delay (so the kill falls before an append's data, between data and commit, or right
 * after a commit) and then checks that
 * the table is readable, its versions contiguous, every commit whole, every committed file present and
 * counted once, and that the next append succeeds and goes on exactly once. On a local folder and on a
 * bucket (where an append takes longer, so the kill's random delay spans longer too).
 */
class KillTrialsTest {
  @TempDir static Path dir;

  static Stream<Store> stores() throws Exception {
    return Store.all(dir.resolve("local"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void aKilledWriterLeavesAReadableTableAndNoHalfCommit(Store store) throws Exception {
    String location = store.table("t");
    DeltaTable table = store.create(location).schema("id long, name string").commit();
    Path work = Files.createDirectories(dir.resolve(store.name()));
    Random random = new Random(20261201);
    int trials = store.isLocal() ? 20 : 12; // a bucket's writer JVM starts slower (the AWS SDK's classes)
    for (int trial = 0; trial < trials; trial++) {
      ProcessBuilder builder = AppendLoop.writer(store, location, work.resolve("in" + trial).toString(),
          String.valueOf(trial), "1000").redirectError(work.resolve("writer" + trial + ".err").toFile());
      Process writer = builder.start();
      BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8));
      String first = out.readLine();
      int started = trial;
      assertEquals("ready", first, () -> "trial " + started + ": " + stderr(work, started));
      // kill during the first append, or after a few commits, at a random point within an append
      int commits = random.nextInt(4);
      for (int c = 0; c < commits; c++) {
        assertEquals("committed " + c, out.readLine(), "trial " + trial);
      }
      Thread.sleep(random.nextInt(store.isLocal() ? 120 : 400));
      writer.destroyForcibly(); // SIGKILL
      assertTrue(writer.waitFor(30, TimeUnit.SECONDS));

      long version = table.version();
      Set<String> present = new HashSet<>(store.files(location));
      for (long v = 1; v <= version; v++) {
        Table commit = table.commit(v); // parses: no half-written commit
        for (String path : commit.where(commit.stringColumn("action").isEqualTo("add")).stringColumn("key")) {
          assertTrue(present.contains(path), "trial " + trial + ": v" + v + " " + path);
        }
      }
      List<Long> ids = table.toTable().longColumn("id").asList();
      assertEquals(version, ids.size(), "trial " + trial + ": one row per commit");
      assertEquals(ids.size(), new HashSet<>(ids).size(), "trial " + trial + ": no row twice");
      // the killed writer's app id resumes where its last commit stopped, exactly once
      int writerId = trial;
      long next = ids.stream().filter(id -> id / 100_000L == writerId).count();
      assertTrue(next >= commits, "trial " + trial + ": the commits it reported are in the table");
      var again = table.newAppend().appendFile(ParquetFiles.ids(work.resolve("again" + trial + ".parquet"),
          trial * 100_000L + next)).txn("writer-" + trial, next).commit();
      assertTrue(again.committed(), "trial " + trial);
      var replay = table.newAppend().appendFile(work.resolve("again" + trial + ".parquet"))
          .txn("writer-" + trial, next).commit();
      assertTrue(replay.alreadyCommitted(), "trial " + trial);
    }
    assertEquals(table.version(), table.toTable().rowCount());
  }

  private static String stderr(Path work, int trial) {
    try {
      return Files.readString(work.resolve("writer" + trial + ".err"));
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }
}
