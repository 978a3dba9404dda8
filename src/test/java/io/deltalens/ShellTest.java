package io.deltalens;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** jshell as a user meets it: the README's Java runs as written, and errors are one line. */
class ShellTest {
  @TempDir Path dir;

  /** Runs {@code script} in real jshell with deltalens on the class path and its startup script. */
  static String jshell(Path script) throws Exception {
    String classPath = String.join(":", System.getProperty("java.class.path").split(File.pathSeparator));
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jshell").toString(),
        "--class-path", classPath, "--startup", "DEFAULT", "--startup", "jshell-startup.jsh", script.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(2, TimeUnit.MINUTES), "jshell ended");
    return out;
  }

  @Test
  void everyJavaBlockOfTheReadmeRunsAsWritten() throws Exception {
    Matcher blocks = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL)
        .matcher(Files.readString(Path.of("README.md")));
    List<String> code = new ArrayList<>();
    while (blocks.find()) {
      code.add(blocks.group(1));
    }
    assertFalse(code.isEmpty(), "the README has Java blocks");
    Path script = Files.writeString(dir.resolve("readme.jsh"), String.join("\n", code)
        + "\nSystem.out.println(\"README-CHECK rows=\" + latest.rowCount() + \" v2=\" + v2.rowCount()"
        + " + \" asOf=\" + asOf.rowCount() + \" version=\" + sales.version());\n/exit\n");
    String out = jshell(script);
    assertTrue(out.contains("README-CHECK rows=6 v2=3 asOf=6 version=3"), out);
    assertFalse(out.contains("Exception") || out.contains("Error:"), out);
  }

  @Test
  void aDeltaLensErrorIsItsOneLine() throws Exception {
    Path missing = dir.resolve("none");
    Path script = Files.writeString(dir.resolve("error.jsh"), "open(\"" + missing + "\");\n"
        + "verbose(true);\nopen(\"" + missing + "\");\n/exit\n");
    // interactive jshell puts "|  " before its feedback; a script run does not
    List<String> lines = jshell(script).lines().map(l -> l.replaceFirst("^\\|\\s+", "").strip()).toList();
    String error = "Exception io.deltalens.DeltaLensException: not a Delta table: " + missing
        + " (no commits in _delta_log)";
    int first = lines.indexOf(error);
    assertTrue(first >= 0, String.join("\n", lines));
    assertTrue(!lines.get(first + 1).startsWith("at "), "no trace: " + lines);
    int second = lines.subList(first + 1, lines.size()).indexOf(error) + first + 1;
    assertTrue(second > first && lines.get(second + 1).startsWith("at "), "verbose(true) shows the trace: " + lines);
    assertEquals(2, lines.stream().filter(error::equals).count());
  }
}
