package io.deltalens.interop;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The seed's readers — Python {@code deltalake} (delta-rs) and polars — run on a table, compared with
 * deltalens' own read. They live in the project's .venv, which bin/venv fills from PyPI.
 */
final class PythonReaders {
  static final Path PYTHON = Deltalens.HOME.resolve(".venv/bin/python");
  static final Path SCRIPT = Deltalens.HOME.resolve("interop/python/read_version.py");

  private PythonReaders() {}

  /**
   * The table copied (byte for byte: the log holds relative paths) to a path without a space: polars 2.x
   * cannot read a table whose path holds one (it looks for "a%20b/part-...parquet"), not even a table
   * delta-rs wrote, and it resolves links; deltalake itself can.
   */
  private static Path spaceless(Path table) throws java.io.IOException {
    if (!table.toString().contains(" ")) {
      return table;
    }
    Path copy = Files.createTempDirectory("pyreaders").resolve("table");
    try (var files = Files.walk(table)) {
      for (Path source : files.toList()) {
        Files.copy(source, copy.resolve(table.relativize(source).toString()),
            java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
    return copy;
  }

  /** Asserts that deltalake and polars see at {@code version} the same rows deltalens sees. */
  static void agree(Path table, long version, String... columns) throws Exception {
    agree(spaceless(table).toString(), Map.of(), List.of(), version, columns);
  }

  /**
   * As {@link #agree(Path, long, String...)} for any location: the readers get {@code environment} (an
   * object store's AWS_* settings, as they read them), deltalens {@code options} (its --storage). Returns the
   * rows they agree on.
   */
  static List<String> agree(String table, Map<String, String> environment, List<String> options, long version,
      String... columns) throws Exception {
    assumeTrue(Files.isExecutable(PYTHON), "no .venv with the Python readers: run bin/venv (needs PyPI)");
    List<String> command = new ArrayList<>(List.of(PYTHON.toString(), SCRIPT.toString(), table,
        String.valueOf(version), String.join(",", columns)));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), "python readers failed on " + table + " v" + version + ":\n" + out);
    List<String> ours = Deltalens.rows(table, options, version, columns);
    int readers = 0;
    for (String line : out.lines().toList()) {
      String[] parts = line.split("\t", 2);
      List<?> theirs = new ObjectMapper().readValue(parts[1], List.class);
      assertEquals(ours, theirs, parts[0] + " and deltalens differ at version " + version + " of " + table);
      readers++;
    }
    assertEquals(2, readers, out);
    return ours;
  }
}
