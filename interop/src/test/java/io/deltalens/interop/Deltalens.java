package io.deltalens.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** deltalens as another process, through its launcher: its class path never meets Spark's. */
final class Deltalens {
  static final Path HOME = Paths.get(System.getProperty("deltalens.home", "..")).toAbsolutePath().normalize();

  record Run(int exit, String out, String err) {}

  private Deltalens() {}

  static Run run(String... args) {
    List<String> command = new ArrayList<>(List.of(HOME.resolve("bin/deltalens").toString()));
    command.addAll(List.of(args));
    try {
      Path err = Files.createTempFile("deltalens", ".err");
      Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int exit = p.waitFor();
      String errText = Files.readString(err);
      Files.delete(err);
      return new Run(exit, out, errText);
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs a command that must succeed. */
  static String ok(String... args) {
    Run r = run(args);
    assertEquals(0, r.exit(), "deltalens " + String.join(" ", args) + " failed: " + r.err());
    return r.out();
  }

  /** Version {@code version} as deltalens reads it: the columns joined by '|', rows sorted (a multiset). */
  static List<String> rows(Path table, long version, String... columns) {
    return rows(table.toString(), List.of(), version, columns);
  }

  /** As {@link #rows(Path, long, String...)} for any location, with more options (--storage) for the read. */
  static List<String> rows(String table, List<String> options, long version, String... columns) {
    List<String> rows = new ArrayList<>();
    List<String> args = new ArrayList<>(List.of("read", table, "--version", String.valueOf(version),
        "--columns", String.join(",", columns), "--format", "json"));
    args.addAll(options);
    String out = ok(args.toArray(String[]::new));
    try {
      for (String line : out.lines().toList()) {
        com.fasterxml.jackson.databind.JsonNode row = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
        List<String> cells = new ArrayList<>();
        for (String column : columns) {
          cells.add(row.get(column).isNull() ? "null" : row.get(column).asText());
        }
        rows.add(String.join("|", cells));
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    rows.sort(null);
    return rows;
  }

  /** Every file under {@code dir} with a digest of its bytes. */
  static Map<String, String> fingerprint(Path dir) {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        files.put(dir.relativize(file).toString(),
            HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return files;
  }
}
