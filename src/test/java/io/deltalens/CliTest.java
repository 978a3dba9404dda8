package io.deltalens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a contract: exit codes, JSON lines, messages; run as a real process. */
class CliTest {
  @TempDir Path dir;

  record Run(int exit, String out, String err) {
    List<JsonNode> json() throws IOException {
      List<JsonNode> lines = new ArrayList<>();
      for (String line : out.split("\n")) {
        if (!line.isBlank()) {
          lines.add(new ObjectMapper().readTree(line));
        }
      }
      return lines;
    }
  }

  static Run cli(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
        "-cp", System.getProperty("java.class.path"), "io.deltalens.cli.Main"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).start();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread errReader = new Thread(() -> {
      try {
        p.getErrorStream().transferTo(err);
      } catch (IOException ignored) {
        // the process ended
      }
    });
    errReader.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = p.waitFor();
    errReader.join();
    return new Run(exit, out, err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void createAppendCheckpointReadAsJson() throws Exception {
    Path table = dir.resolve("t");
    Path feed = ParquetFiles.ids(dir.resolve("a.parquet"), 1, 2);
    Run created = cli("create", table.toString(), "--from-parquet", feed.toString(),
        "--property", "delta.appendOnly=true", "--format", "json");
    assertEquals(0, created.exit(), created.err());
    assertEquals(0, created.json().get(0).get("version").asInt());

    Run appended = cli("append", table.toString(), feed.toString(), "--txn", "job:1", "--format", "json");
    assertEquals(0, appended.exit(), appended.err());
    JsonNode result = appended.json().get(0);
    assertEquals(1, result.get("version").asInt());
    assertEquals(2, result.get("rowsAdded").asInt());
    assertEquals(1, result.get("filesAdded").asInt());

    Run again = cli("append", table.toString(), feed.toString(), "--txn", "job:1");
    assertEquals(0, again.exit());
    assertTrue(again.out().contains("already committed"), again.out());

    Run checkpoint = cli("checkpoint", table.toString(), "--format", "json");
    assertEquals(0, checkpoint.exit(), checkpoint.err());
    assertEquals(1, checkpoint.json().get(0).get("version").asInt());

    Run read = cli("read", table.toString(), "--format", "json", "--where", "id > 1");
    assertEquals(0, read.exit(), read.err());
    assertEquals(List.of(Map.of("id", 2, "name", "n2")),
        read.json().stream().map(n -> new ObjectMapper().convertValue(n, Map.class)).toList());
    Run text = cli("read", table.toString());
    assertTrue(text.out().contains("(2 rows × 2 columns)"), text.out());
    assertTrue(text.err().isEmpty(), "no log noise by default: " + text.err());
  }

  @Test
  void exitCodesOneForBadInputTwoForUsage() throws Exception {
    Run notATable = cli("append", dir.resolve("none").toString(), dir.resolve("x.parquet").toString());
    assertEquals(1, notATable.exit());
    assertEquals("error: not a Delta table: " + dir.resolve("none") + " (no commits in _delta_log)",
        notATable.err().strip());
    assertEquals(2, cli("append").exit());
    assertEquals(2, cli("append", "t", "f", "--mode", "sideways").exit());
    assertEquals(2, cli("frobnicate").exit());
    Run help = cli("append", "--help");
    assertEquals(0, help.exit());
    assertTrue(help.out().contains("--merge-schema"));
  }
}
