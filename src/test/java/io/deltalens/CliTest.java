package io.deltalens;

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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    return cliWith(List.of(), args);
  }

  /** The command line in a JVM with {@code jvmOptions} (a capped heap, say). */
  static Run cliWith(List<String> jvmOptions, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java"));
    command.addAll(jvmOptions);
    // C1 only: a short command-line run spends half its CPU in the JIT's second tier otherwise
    command.addAll(List.of("-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        "io.deltalens.cli.Main"));
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
  void watchOnceAndIngestEventsFromAFile() throws Exception {
    Path table = dir.resolve("landed");
    ParquetFiles.ids(table.resolve("hour=7/a.parquet"), 1, 2);
    java.nio.file.Files.setLastModifiedTime(table.resolve("hour=7/a.parquet"),
        java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));
    Run missing = cli("watch", table.toString(), "--once");
    assertEquals(1, missing.exit());
    assertTrue(missing.err().startsWith("error: no Delta table at " + table), missing.err());

    Run watched = cli("watch", table.toString(), "--once", "--create-if-absent", "--partition-types", "hour long",
        "--format", "json");
    assertEquals(0, watched.exit(), watched.err());
    JsonNode batch = watched.json().get(0);
    assertEquals(0, batch.get("version").asInt(), "created with its file, in one commit");
    assertEquals(2, batch.get("rowsAdded").asInt());
    assertEquals("long", DeltaLens.open(table).schema().column("hour").type(), "the type given wins");

    Path events = dir.resolve("events.json");
    java.nio.file.Files.writeString(events, "{\"Records\": [{\"eventName\": \"s3:TestEvent\"}]}");
    Run notEvents = cli("ingest", "events", events.toString());
    assertEquals(0, notEvents.exit(), notEvents.err());
    java.nio.file.Files.writeString(events, "{\"Hello\": 1}");
    Run bad = cli("ingest", "events", events.toString());
    assertEquals(1, bad.exit());
    assertEquals("error: not an S3 event notification: {\"Hello\":1}", bad.err().strip());
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

  @Test
  void usageErrorsExitTwoAndHelpVersionAndShellAreThere() throws Exception {
    Path table = dir.resolve("t");
    Path feed = ParquetFiles.ids(dir.resolve("a.parquet"), 1, 2);
    assertEquals(0, cli("create", table.toString(), "--from-parquet", feed.toString()).exit());
    Run txn = cli("append", table.toString(), feed.toString(), "--txn", "x");
    assertEquals(2, txn.exit(), txn.err());
    assertTrue(txn.err().contains("<appId>:<version>"), txn.err());
    assertEquals(2, cli("append", table.toString(), feed.toString(), "--txn", "job:-1").exit());
    assertEquals(2, cli("read", table.toString(), "--limit", "-3").exit());
    assertEquals(2, cli("files", table.toString(), "--explain").exit());
    Run version = cli("--version");
    assertEquals(0, version.exit());
    assertTrue(version.out().matches("deltalens \\d+\\.\\d+\\.\\d+.*\\s*"), version.out());
    Run help = cli("help");
    assertEquals(0, help.exit());
    assertTrue(help.out().contains("shell") && help.out().contains("history"), help.out());
    Run files = cli("help", "files");
    assertTrue(files.out().contains("--version=<N>") && !files.out().contains("<arg"), files.out());
    Run shell = cli("shell", "--help");
    assertEquals(0, shell.exit());
    assertTrue(shell.out().contains("jshell-startup.jsh"), shell.out());
    var commands = new picocli.CommandLine(new io.deltalens.cli.Main()).getSubcommands();
    for (var command : commands.entrySet()) {
      for (var parameter : command.getValue().getCommandSpec().positionalParameters()) {
        assertTrue(parameter.description().length > 0 && !parameter.paramLabel().startsWith("<arg"),
            command.getKey() + " " + parameter.paramLabel() + " has a label and a description");
      }
      for (var option : command.getValue().getCommandSpec().options()) {
        assertTrue(option.arity().max == 0 || !option.paramLabel().startsWith("<arg"),
            command.getKey() + " " + option.longestName());
      }
    }
  }

  @Test
  void filesFiltersSelectsColumnsAndTypesStatistics() throws Exception {
    Path table = dir.resolve("t");
    assertEquals(0, cli("create", table.toString(), "--schema", "id long, name string").exit());
    for (long start : new long[] {1, 11, 101, 3}) {
      assertEquals(0, cli("append", table.toString(),
          ParquetFiles.ids(dir.resolve(start + ".parquet"), start, start + 1).toString()).exit());
    }
    Run kept = cli("files", table.toString(), "--where", "id > 50", "--format", "json");
    assertEquals(0, kept.exit(), kept.err());
    assertEquals(1, kept.json().size());
    assertEquals(101, kept.json().get(0).get("min.id").asLong());
    assertTrue(kept.json().get(0).get("min.id").isNumber(), "typed: " + kept.out());
    Run some = cli("files", table.toString(), "--columns", "path,min.*", "--format", "csv");
    assertEquals("path,min.id,min.name", some.out().lines().findFirst().orElseThrow());
    Run all = cli("files", table.toString(), "--all-columns");
    assertTrue(all.out().contains("nulls.name") && !all.out().contains("more column"), all.out());
    Run commit = cli("commit", table.toString(), "1", "--format", "json");
    for (JsonNode action : commit.json()) {
      if (action.get("action").asText().equals("commitInfo")) {
        assertTrue(action.get("summary").asText().matches("\\S*deltalens/\\S+ at \\d{4}-\\d\\d-\\d\\dT.*Z"), action.toString());
      } else if (action.get("action").asText().equals("add")) {
        assertTrue(action.get("summary").asText().matches("[\\d,]+ bytes, 2 rows"), action.toString());
      }
    }
    Run order = cli("read", table.toString(), "--columns", "id", "--format", "csv");
    assertEquals(List.of("id", "1", "2", "11", "12", "101", "102", "3", "4"), order.out().lines().toList(),
        "rows in the order they were appended");
  }

  @Test
  void createIfAbsentTakesTheSchemaOfAFolder() throws Exception {
    Path folder = dir.resolve("landing");
    ParquetFiles.ids(folder.resolve("a.parquet"), 1);
    ParquetFiles.ids(folder.resolve("b.parquet"), 2);
    Path table = dir.resolve("t");
    Run first = cli("append", table.toString(), folder.toString(), "--create-if-absent", "--format", "json");
    assertEquals(0, first.exit(), first.err());
    assertEquals(2, first.json().get(0).get("rowsAdded").asInt());
    assertEquals("", first.err(), "no progress lines for a second's work");

    Path mixed = dir.resolve("mixed");
    ParquetFiles.ids(mixed.resolve("a.parquet"), 1);
    ParquetFiles.write(mixed.resolve("b.parquet"), "message m { optional int64 id; optional double score; }",
        List.of(g -> g.append("id", 2L).append("score", 0.5)));
    Path other = dir.resolve("u");
    Run disagree = cli("append", other.toString(), mixed.toString(), "--create-if-absent");
    assertEquals(1, disagree.exit());
    assertTrue(disagree.err().contains(mixed.resolve("b.parquet").toString()) && disagree.err().contains("--merge-schema"),
        disagree.err());
    assertTrue(!java.nio.file.Files.exists(other.resolve("_delta_log")), "nothing created");
    Run union = cli("append", other.toString(), mixed.toString(), "--create-if-absent", "--merge-schema");
    assertEquals(0, union.exit(), union.err());
    Run schema = cli("read", other.toString(), "--format", "csv");
    assertEquals(List.of("id,name,score", "1,n1,", "2,,0.5"), schema.out().lines().toList());

    Run again = cli("create", table.toString(), "--schema", "id long");
    assertEquals(1, again.exit());
    assertTrue(again.err().contains("create --if-absent"), again.err());
    Run ifAbsent = cli("create", table.toString(), "--schema", "id long", "--if-absent", "--format", "json");
    assertEquals(0, ifAbsent.exit(), ifAbsent.err());
    assertEquals(0, ifAbsent.json().get(0).get("version").asInt(), "the first append created the table with its files");
  }

  @Test
  void errorsAreOneLineAndUrisAreRefusedByName() throws Exception {
    Path cwd = java.nio.file.Files.createDirectories(dir.resolve("cwd"));
    Run gs = cliIn(cwd, "create", "gs://bucket/t", "--schema", "id long");
    assertEquals(1, gs.exit());
    assertEquals("error: gs://bucket/t: deltalens serves tables in local folders and on S3 (s3://, s3a://),"
        + " not 'gs' URIs", gs.err().strip());
    assertEquals(0, java.nio.file.Files.list(cwd).count(), "no folder named gs:");
    Path table = dir.resolve("t");
    assertEquals(0, cli("create", table.toString(), "--schema", "id long, name string").exit());
    Path notParquet = java.nio.file.Files.writeString(dir.resolve("x.parquet"), "not parquet at all");
    Run bad = cli("append", table.toString(), notParquet.toString());
    assertEquals(1, bad.exit());
    assertEquals(1, bad.err().strip().lines().count(), bad.err());
    assertTrue(bad.err().contains(notParquet.toString()) && !bad.err().contains("LocalInputFile@"), bad.err());
    Run verbose = cli("append", table.toString(), notParquet.toString(), "-v");
    assertTrue(verbose.err().contains("\tat io.deltalens"), "-v shows the trace: " + verbose.err());
    Run late = cli("read", table.toString(), "--timestamp", "2999-01-01T00:00:00Z", "--format", "json");
    assertEquals(0, late.exit(), "after the latest commit reads the latest version: " + late.err());
    Run early = cli("read", table.toString(), "--timestamp", "2001-01-01");
    assertEquals(1, early.exit());
    assertTrue(early.err().contains("2001-01-01T00:00:00Z") && early.err().contains("version 0) was at 20"),
        early.err());
    assertTrue(!early.err().contains(" ms"), early.err());
  }

  static Run cliIn(Path workingDir, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "io.deltalens.cli.Main"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(workingDir.toFile()).redirectErrorStream(false).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Run(p.waitFor(), out, err);
  }
}
