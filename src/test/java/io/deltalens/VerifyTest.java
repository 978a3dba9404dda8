package io.deltalens;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * verify on real tables: clean ones pass (with a checkpoint too); a tampered statistic, a missing file, a file
 * of the wrong size and a checkpoint that disagrees with the commits each fail, naming the file.
 */
class VerifyTest {
  @TempDir Path dir;

  private DeltaTable table(Path location) throws Exception {
    DeltaTable t = DeltaLens.create(location).schema("id long, name string").commit();
    for (int i = 0; i < 3; i++) {
      Path feed = ParquetFiles.write(dir.resolve("f" + i + ".parquet"),
          "message t { optional int64 id; optional binary name (STRING); }",
          List.of(g -> g.append("id", 10L), g -> g.append("id", 20L).append("name", "b")));
      t.newAppend().appendFile(feed).commit();
    }
    return t;
  }

  /** Rewrites commit {@code version}'s JSON with {@code from} replaced by {@code to} (a bad writer's log). */
  private static void tamper(Path table, long version, String from, String to) throws Exception {
    Path commit = table.resolve(String.format("_delta_log/%020d.json", version));
    String text = Files.readString(commit);
    assertTrue(text.contains(from), text);
    Files.writeString(commit, text.replace(from, to));
  }

  @Test
  void aCleanTablePassesDeepAndWithACheckpoint() throws Exception {
    DeltaTable t = table(dir.resolve("clean"));
    VerifyReport report = t.verify().deep().run();
    assertTrue(report.ok(), report.problems().print());
    assertEquals(3, report.files());
    t.checkpoint();
    VerifyReport checkpointed = t.verify().deep().run();
    assertTrue(checkpointed.ok(), checkpointed.problems().print());
    assertTrue(checkpointed.checkpointChecked());
    assertTrue(t.compact().commit().committed());
    assertTrue(t.verify().deep().run().ok(), "a compacted table verifies");
  }

  @Test
  void tamperedStatisticsFailDeepNamingFileAndColumn() throws Exception {
    Path location = dir.resolve("tampered");
    DeltaTable t = table(location);
    tamper(location, 2, "\\\"maxValues\\\":{\\\"id\\\":20", "\\\"maxValues\\\":{\\\"id\\\":15");
    tamper(location, 3, "\\\"numRecords\\\":2", "\\\"numRecords\\\":3");
    assertTrue(t.verify().run().ok(), "sizes and presence are fine");

    VerifyReport report = t.verify().deep().run();

    assertFalse(report.ok());
    List<String> checks = report.problems().stringColumn("check").asList();
    assertEquals(List.of("maxValues.id", "numRecords"), checks, report.problems().print());
    assertTrue(report.problems().stringColumn("problem").get(0).contains("recorded maximum 15 is below the data's 20"),
        report.problems().print());
    CliTest.Run cli = CliTest.cli("verify", location.toString(), "--deep");
    assertEquals(1, cli.exit(), cli.out());
    assertTrue(cli.out().contains("maxValues.id") && cli.out().contains(".parquet"), cli.out());
    assertTrue(cli.out().contains("2 problems"), cli.out());
  }

  @Test
  void missingAndResizedFilesFail() throws Exception {
    Path location = dir.resolve("damaged");
    DeltaTable t = table(location);
    List<String> paths = t.files().stringColumn("path").asList();
    Files.delete(location.resolve(paths.get(0)));
    Files.write(location.resolve(paths.get(1)), new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);

    VerifyReport report = t.verify().run();

    assertEquals(List.of("exists", "size"), report.problems().stringColumn("check").asList().stream().sorted().toList(),
        report.problems().print());
    assertTrue(report.problems().stringColumn("file").asList().contains(paths.get(0)));
    CliTest.Run cli = CliTest.cli("verify", location.toString(), "--format", "json");
    assertEquals(1, cli.exit());
  }

  @Test
  void aCheckpointThatDisagreesWithTheCommitsFails() throws Exception {
    Path location = dir.resolve("bad checkpoint");
    DeltaTable t = table(location);
    t.checkpoint();
    // the last commit changed after the checkpoint was written: it now removes version 1's file
    String path = TableFiles.adds(location, 1).get(0).get("path").asText();
    Path commit = location.resolve(String.format("_delta_log/%020d.json", 3));
    Files.writeString(commit, "{\"remove\":{\"path\":\"" + path + "\",\"dataChange\":true}}\n",
        java.nio.file.StandardOpenOption.APPEND);

    VerifyReport report = t.verify().run();

    assertTrue(report.checkpointChecked());
    assertEquals(List.of("checkpoint"), report.problems().stringColumn("check").unique().asList(), report.problems().print());
  }
}
