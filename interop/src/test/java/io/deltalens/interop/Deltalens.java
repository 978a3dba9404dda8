package io.deltalens.interop;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
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

/**
 * deltalens' command line, run in this JVM through a class loader of its own jar and dependencies (the launcher's
 * class path): its classes never meet Spark's, and a call costs milliseconds instead of a JVM start (about 2 s, which
 * the interop suite paid some hundred times). Calls take turns, as they capture System.out and System.err.
 */
final class Deltalens {
  static final Path HOME = Paths.get(System.getProperty("deltalens.home", "..")).toAbsolutePath().normalize();
  private static final ClassLoader LOADER = isolatedLoader();

  record Run(int exit, String out, String err) {}

  private Deltalens() {}

  private static ClassLoader isolatedLoader() {
    Path jar = HOME.resolve("target/deltalens.jar");
    if (!Files.isRegularFile(jar) || !Files.isDirectory(HOME.resolve("target/lib"))) {
      throw new IllegalStateException("build deltalens first (mvn package in " + HOME + "): " + jar + " is missing");
    }
    List<URL> urls = new ArrayList<>();
    try (Stream<Path> lib = Files.list(HOME.resolve("target/lib"))) {
      urls.add(jar.toUri().toURL());
      for (Path dependency : lib.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
        urls.add(dependency.toUri().toURL());
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    System.setProperty("deltalens.home", HOME.toString());
    return new URLClassLoader("deltalens", urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
  }

  static synchronized Run run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    Thread thread = Thread.currentThread();
    ClassLoader context = thread.getContextClassLoader();
    ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
      thread.setContextClassLoader(LOADER); // Hadoop and Kernel look up their plug-ins through it
      Method main = LOADER.loadClass("io.deltalens.cli.Main").getMethod("run", String[].class);
      int exit = (int) main.invoke(null, (Object) args);
      System.out.flush();
      System.err.flush();
      return new Run(exit, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("deltalens " + String.join(" ", args), e);
    } finally {
      System.setOut(out);
      System.setErr(err);
      thread.setContextClassLoader(context);
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
