package io.deltalens;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Copy mode and the row-printing formats in a heap smaller than the data: a 120 MB file of 5M rows
 * (12 MB row groups; as Tablesaw columns 120 MB) is copied and printed as CSV under -Xmx112m. A copy
 * holds the row group it writes in the heap (it succeeded under -Xmx40m and ran out under -Xmx32m; the row
 * group it reads is mapped from the file, outside the heap); under -Xmx28m it must fail with one line and
 * leave no file (under -Xmx20m the JVM itself has no room left to report).
 */
class BoundedMemoryTest {
  static final int ROWS = 5_000_000;
  static final List<String> HEAP = List.of("-Xmx112m");

  @TempDir Path dir;

  @Test
  void copyAndPrintMoreThanTheHeapHolds() throws Exception {
    Path input = dir.resolve("big.parquet");
    MessageType schema = MessageTypeParser.parseMessageType(
        "message m { required int64 id; required double x; required int64 y; }");
    SimpleGroupFactory groups = new SimpleGroupFactory(schema);
    Random random = new Random(7);
    try (ParquetWriter<org.apache.parquet.example.data.Group> writer =
        ExampleParquetWriter.builder(new LocalOutputFile(input)).withType(schema).withRowGroupSize(12L << 20)
            .withDictionaryEncoding(false).build()) {
      for (long id = 0; id < ROWS; id++) {
        writer.write(groups.newGroup().append("id", id).append("x", random.nextDouble()).append("y", random.nextLong()));
      }
    }
    Path table = dir.resolve("t");
    CliTest.Run starved = CliTest.cliWith(List.of("-Xmx28m"), "append", table.toString(), input.toString(),
        "--create-if-absent");
    assertEquals(1, starved.exit(), "a heap too small for the row group the copy writes");
    assertEquals(1, starved.err().strip().lines().count(), starved.err());
    assertTrue(starved.err().contains("out of memory"), starved.err());
    try (var files = Files.walk(table)) {
      assertEquals(List.of(), files.filter(f -> f.toString().endsWith(".parquet")).toList(), "no data file left: " + starved.err());
    }
    CliTest.Run copied = CliTest.cliWith(HEAP, "append", table.toString(), input.toString(), "--create-if-absent");
    assertEquals(0, copied.exit(), copied.err());
    assertEquals(ROWS, lines(table, "csv") - 1, "csv: a header and every row");
    CliTest.Run json = CliTest.cliWith(HEAP, "read", table.toString(), "--format", "json", "--limit", "10");
    assertEquals(10, json.json().size(), json.err());
    // json goes through the same streamed frames as csv; ten rows show its lines are whole objects
  }

  /** Lines that {@code read --format F} prints under the capped heap, counted as they come. */
  long lines(Path table, String format) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java"));
    command.addAll(HEAP);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.deltalens.cli.Main",
        "read", table.toString(), "--format", format));
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    long count = 0;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      while (out.readLine() != null) {
        count++;
      }
    }
    assertEquals(0, p.waitFor(), format + " read under -Xmx112m");
    return count;
  }
}
