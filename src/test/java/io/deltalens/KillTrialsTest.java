package io.deltalens;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 of a writer at any moment: each trial lets an appending process report 0-3 commits, then kills
 * it after a random delay (so the kill falls before an append's data, between data and commit, or right
 * after a commit) and then checks that
 * the table is readable, its versions contiguous, every commit whole, every committed file present and
 * counted once, and that the next append succeeds and goes on exactly once.
 */
class KillTrialsTest {
  static final int TRIALS = 20;

  @TempDir Path dir;

  @Test
  void aKilledWriterLeavesAReadableTableAndNoHalfCommit() throws Exception {
    Path tablePath = dir.resolve("t");
    DeltaTable table = DeltaLens.create(tablePath).schema("id long, name string").commit();
    Random random = new Random(20261201);
    for (int trial = 0; trial < TRIALS; trial++) {
      Process writer = new ProcessBuilder(
          System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
          "-cp", System.getProperty("java.class.path"), "-XX:TieredStopAtLevel=1",
          AppendLoop.class.getName(), tablePath.toString(), dir.resolve("in" + trial).toString(),
          String.valueOf(trial), "1000")
          .redirectError(dir.resolve("writer" + trial + ".err").toFile())
          .start();
      BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8));
      String first = out.readLine();
      int started = trial;
      assertEquals("ready", first, () -> "trial " + started + ": " + stderr(started));
      // kill during the first append, or after a few commits, at a random point within an append
      int commits = random.nextInt(4);
      for (int c = 0; c < commits; c++) {
        assertEquals("committed " + c, out.readLine(), "trial " + trial);
      }
      Thread.sleep(random.nextInt(120));
      writer.destroyForcibly(); // SIGKILL
      assertTrue(writer.waitFor(30, TimeUnit.SECONDS));

      long version = table.version();
      for (long v = 1; v <= version; v++) {
        for (JsonNode add : TableFiles.adds(tablePath, v)) { // parses: no half-written commit
          assertTrue(Files.exists(tablePath.resolve(add.get("path").asText())), "trial " + trial + ": v" + v);
        }
      }
      List<Long> ids = table.toTable().longColumn("id").asList();
      assertEquals(version, ids.size(), "trial " + trial + ": one row per commit");
      assertEquals(ids.size(), new HashSet<>(ids).size(), "trial " + trial + ": no row twice");
      // the killed writer's app id resumes where its last commit stopped, exactly once
      int writerId = trial;
      long next = ids.stream().filter(id -> id / 100_000L == writerId).count();
      assertTrue(next >= commits, "trial " + trial + ": the commits it reported are in the table");
      var again = table.newAppend().appendFile(ParquetFiles.ids(dir.resolve("again" + trial + ".parquet"),
          trial * 100_000L + next)).txn("writer-" + trial, next).commit();
      assertTrue(again.committed(), "trial " + trial);
      var replay = table.newAppend().appendFile(dir.resolve("again" + trial + ".parquet"))
          .txn("writer-" + trial, next).commit();
      assertTrue(replay.alreadyCommitted(), "trial " + trial);
    }
    assertEquals(table.version(), table.toTable().rowCount());
  }

  private String stderr(int trial) {
    try {
      return Files.readString(dir.resolve("writer" + trial + ".err"));
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }
}
