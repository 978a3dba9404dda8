package io.deltalens.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Tables delta-rs (Python deltalake) wrote: deltalens reads every version as delta-rs does, and appends to them. */
class DeltaRsTablesTest extends SparkTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Path WRITER = Deltalens.HOME.resolve("interop/python/write_table.py");
  static final String[] COLUMNS = {"id", "name", "ts", "day", "amount", "note"};

  @TempDir Path dir;

  /** deltalens' rows at {@code version} as write_table.py prints delta-rs' (ts in epoch milliseconds). */
  static List<String> deltalensRows(Path table, long version) throws Exception {
    List<String> rows = new ArrayList<>();
    for (String line : Deltalens.ok("read", table.toString(), "--version", String.valueOf(version), "--format", "json")
        .lines().toList()) {
      JsonNode row = JSON.readTree(line);
      List<String> cells = new ArrayList<>();
      for (String column : COLUMNS) {
        JsonNode cell = row.path(column);
        cells.add(cell.isMissingNode() || cell.isNull() ? "null"
            : column.equals("ts") ? String.valueOf(Instant.parse(cell.asText()).toEpochMilli()) : cell.asText());
      }
      rows.add(String.join("|", cells));
    }
    rows.sort(null);
    return rows;
  }

  @Test
  void deltalensReadsWhatDeltaRsWroteAndAppendsTo() throws Exception {
    assumeTrue(Files.isExecutable(PythonReaders.PYTHON), "no .venv with deltalake: run bin/venv (needs PyPI)");
    Path table = dir.resolve("delta-rs");
    Process writer = new ProcessBuilder(PythonReaders.PYTHON.toString(), WRITER.toString(), table.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String expected = new String(writer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, writer.waitFor(), expected);
    for (String line : expected.lines().toList()) {
      String[] parts = line.split("\t", 2);
      long version = Long.parseLong(parts[0]);
      assertEquals(JSON.readValue(parts[1], List.class), deltalensRows(table, version), "version " + version);
    }
    // delta-rs' statistics bound its data as deltalens recomputes them (verify --deep exits 1 otherwise)
    Deltalens.ok("verify", table.toString(), "--deep");
    // deltalens appends one of delta-rs' own data files (copy mode), and the readers agree
    Path input;
    try (var files = Files.list(table)) {
      input = files.filter(f -> f.toString().endsWith(".parquet")).sorted().findFirst().orElseThrow();
    }
    Path copy = Files.copy(input, dir.resolve("input.parquet"));
    Deltalens.ok("append", table.toString(), copy.toString());
    PythonReaders.agree(table, 3, "id", "name", "day");
    long sparkRows = spark.read().format("delta").load(table.toString()).count();
    assertEquals(Deltalens.rows(table, 3, "id").size(), sparkRows);
  }
}
