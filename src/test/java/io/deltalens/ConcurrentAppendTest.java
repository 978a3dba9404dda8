package io.deltalens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tech.tablesaw.api.Table;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Several real processes append to one table at once, on a local disk and on an S3 bucket: every append
 * lands exactly once, versions are contiguous, replays of committed transaction ids change nothing.
 */
class ConcurrentAppendTest {
  static final int PROCESSES = 4;
  static final int APPENDS = 25;

  @TempDir static Path dir;

  static Stream<Store> stores() throws Exception {
    return Store.all(dir.resolve("local"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void fourProcessesTwentyFiveAppendsEachLoseNothing(Store store) throws Exception {
    String location = store.table("shared table");
    DeltaTable table = store.create(location).schema("id long, name string").commit();
    Path work = java.nio.file.Files.createDirectories(dir.resolve(store.name()));
    List<Process> processes = new ArrayList<>();
    List<Path> errors = new ArrayList<>();
    for (int p = 0; p < PROCESSES; p++) {
      errors.add(work.resolve("writer" + p + ".err"));
      ProcessBuilder writer = AppendLoop.writer(store, location, work.resolve("in").toString(),
          String.valueOf(p), String.valueOf(APPENDS), p % 2 == 0 ? "replay" : "once")
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(errors.get(p).toFile());
      processes.add(writer.start());
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
      Table actions = table.commit(v);
      assertEquals(1, actions.where(actions.stringColumn("action").isEqualTo("add")).rowCount(),
          "adds in version " + v);
      for (String json : actions.where(actions.stringColumn("action").isEqualTo("txn")).stringColumn("json")) {
        JsonNode txn = JSON.readTree(json).get("txn");
        txns.add(txn.get("appId").asText() + ":" + txn.get("version").asLong());
      }
    }
    assertEquals(PROCESSES * APPENDS, txns.size());
  }

  private static final ObjectMapper JSON = new ObjectMapper();
}
