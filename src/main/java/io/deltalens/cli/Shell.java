package io.deltalens.cli;

import io.deltalens.DeltaLensException;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import jdk.jshell.tool.JavaShellToolBuilder;

/**
 * {@code bin/deltalens shell}: the JDK's jshell tool, started in this JVM with deltalens on its class path and
 * {@code jshell-startup.jsh} loaded, and with deltalens' sources where its documentation lookup (Tab after an
 * open parenthesis, twice) finds them.
 *
 * <p>Why in this JVM: jshell 17 reads documentation only from the JDK's {@code src.zip} — neither its options nor
 * the class path add sources — and the list of source roots it searches is a private static field of
 * {@code jdk.jshell} (the JDK's own tests set it). The launcher opens that package
 * ({@code --add-opens jdk.jshell/jdk.jshell=ALL-UNNAMED}); where it is not open, or a JDK has no such field,
 * jshell runs as it is, with the JDK's documentation only.
 */
public final class Shell {
  private Shell() {}

  public static void main(String[] args) {
    System.exit(run(List.of(args)));
  }

  /** Runs jshell with {@code args} (a script, jshell options) until it exits; returns its exit code. */
  static int run(List<String> args) {
    Path home = Path.of(System.getProperty("deltalens.home", "."));
    Path startup = home.resolve("jshell-startup.jsh");
    if (!Files.isRegularFile(startup)) {
      throw new DeltaLensException("cannot find jshell-startup.jsh in " + home.toAbsolutePath()
          + " (set -Ddeltalens.home to the deltalens folder, or start it with bin/deltalens shell)");
    }
    documentFrom(home.resolve("src/main/java"));
    List<String> classPath = List.of(System.getProperty("java.class.path").split(File.pathSeparator));
    List<String> command = new ArrayList<>(List.of(
        "-R--class-path", "-R" + String.join(File.pathSeparator, classPath),
        "-C--class-path", "-C" + String.join(File.pathSeparator, compileClassPath(classPath)),
        "--startup", "DEFAULT", "--startup", startup.toString()));
    command.addAll(args);
    try {
      return JavaShellToolBuilder.builder().start(command.toArray(String[]::new));
    } catch (Exception e) {
      throw new DeltaLensException("jshell failed to start: " + e.getMessage(), e);
    }
  }

  /** The jars whose types a session names: deltalens' API and what its signatures show. */
  private static final List<String> COMPILED_AGAINST =
      List.of("deltalens", "tablesaw-", "fastutil-", "RoaringBitmap-", "delta-kernel-api-");

  /**
   * What jshell compiles snippets against: the folders of {@code classPath} (classes being developed) and its
   * jars named in {@link #COMPILED_AGAINST}.
   * javac indexes every jar of its class path before the first snippet compiles, and the hundred jars
   * behind deltalens (Hadoop, the AWS SDK, Kafka: 60,000 entries) took 0.4 s of each start for types a
   * session does not name. They stay on the class path snippets run with.
   */
  static List<String> compileClassPath(List<String> classPath) {
    return classPath.stream()
        .filter(entry -> Files.isDirectory(Path.of(entry))
            || COMPILED_AGAINST.stream().anyMatch(Path.of(entry).getFileName().toString()::startsWith))
        .toList();
  }

  /**
   * Makes jshell's documentation lookup read {@code sources} as well as the JDK's {@code src.zip}; returns whether
   * it could. Holds for every jshell this JVM starts (the JShell API's too).
   */
  public static boolean documentFrom(Path sources) {
    if (!Files.isDirectory(sources)) {
      return false;
    }
    List<Path> roots = new ArrayList<>(List.of(sources));
    roots.addAll(jdkSources());
    try {
      Field field = Class.forName("jdk.jshell.SourceCodeAnalysisImpl").getDeclaredField("availableSourcesOverride");
      field.setAccessible(true);
      field.set(null, List.copyOf(roots));
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) { // not opened, or another JDK's jshell
      return false;
    }
  }

  /** The source roots jshell itself finds in the JDK's src.zip: the zip, or its module folders. */
  private static List<Path> jdkSources() {
    Path zip = Path.of(System.getProperty("java.home"), "lib", "src.zip");
    if (!Files.isReadable(zip)) {
      return List.of();
    }
    try {
      FileSystem fs = FileSystems.newFileSystem(zip); // stays open: jshell reads it as long as it runs
      Path root = fs.getRootDirectories().iterator().next();
      if (Files.exists(root.resolve("java/lang/Object.java"))) {
        return List.of(zip);
      }
      try (Stream<Path> modules = Files.list(root)) {
        return modules.filter(Files::isDirectory).toList();
      }
    } catch (IOException e) {
      return List.of();
    }
  }
}
