package io.deltalens;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Several real processes append to one table at once: every append lands exactly once. */
class ConcurrentAppendTest {
  static final int PROCESSES = 4;
  static final int APPENDS = 20;

  @TempDir Path dir;

  @Test
  void fourProcessesTwentyAppendsEachLoseNothing() throws Exception {
    Path tablePath = dir.resolve("shared table");
    DeltaTable table = DeltaLens.create(tablePath).schema("id long, name string").commit();
    List<Process> processes = new ArrayList<>();
    List<Path> errors = new ArrayList<>();
    for (int p = 0; p < PROCESSES; p++) {
      errors.add(dir.resolve("writer" + p + ".err"));
      processes.add(new ProcessBuilder(
          System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
          "-cp", System.getProperty("java.class.path"), "-XX:TieredStopAtLevel=1",
          AppendLoop.class.getName(), tablePath.toString(), dir.resolve("in").toString(),
          String.valueOf(p), String.valueOf(APPENDS))
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(errors.get(p).toFile())
          .start());
    }
    for (Process process : processes) {
      process.waitFor(5, TimeUnit.MINUTES);
      assertEquals(0, process.exitValue(), "a writer failed");
    }
    for (Path error : errors) {
      // writers that lost a commit race retried quietly (Kernel's checksum warning is no news)
      assertEquals("", java.nio.file.Files.readString(error), error.getFileName().toString());
    }

    assertEquals(PROCESSES * APPENDS, table.version());
    Set<Long> expected = new TreeSet<>();
    for (int p = 0; p < PROCESSES; p++) {
      for (int i = 0; i < APPENDS; i++) {
        expected.add(p * 100_000L + i);
      }
    }
    List<Long> ids = table.toTable().longColumn("id").asList();
    assertEquals(expected.size(), ids.size(), "duplicated or lost rows");
    assertEquals(expected, new TreeSet<>(ids));
    // each commit holds exactly one add and the txn of its writer
    Set<String> txns = new TreeSet<>();
    for (long v = 1; v <= table.version(); v++) {
      assertEquals(1, TableFiles.adds(tablePath, v).size(), "adds in version " + v);
      for (JsonNode action : TableFiles.actions(tablePath, v)) {
        if (action.has("txn")) {
          txns.add(action.get("txn").get("appId").asText() + ":" + action.get("txn").get("version").asLong());
        }
      }
    }
    assertEquals(PROCESSES * APPENDS, txns.size());
  }
}
