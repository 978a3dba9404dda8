package io.deltalens;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;
import tech.tablesaw.api.Table;

/**
 * The short helpers of a jshell session or a notebook ({@code jshell-startup.jsh} imports them statically):
 * {@code open}, {@code create}, {@code show}, {@code progressLine}, {@code verbose}, {@code help}. Kept in a
 * class rather than declared in the script: jshell compiles every declared method as a snippet of its own,
 * which took as long as starting jshell itself.
 */
public final class Helpers {
  private Helpers() {}

  /** Stack traces and causes of deltalens errors on (true) or off (false, the default in jshell). */
  public static void verbose(boolean on) {
    System.setProperty("deltalens.brief", String.valueOf(!on));
  }

  /** Opens the table at {@code location}: a folder or an s3:// URI. */
  public static DeltaTable open(String location) {
    return DeltaLens.open(location);
  }

  /** Opens the table in {@code dir}. */
  public static DeltaTable open(Path dir) {
    return DeltaLens.open(dir);
  }

  /** Starts creating a table in {@code dir}: .schema(..) or .schemaFromParquet(..), then .commit(). */
  public static CreateTable create(String dir) {
    return DeltaLens.create(dir);
  }

  /** Prints a table as aligned text (20 rows). */
  public static void show(Table table) {
    show(table, 20);
  }

  /** Prints a table as aligned text, at most {@code rows} rows. */
  public static void show(Table table, int rows) {
    System.out.print(TextTable.render(table, rows, 160));
  }

  /** One terminal line that each progress message rewrites: {@code .progress(progressLine())}. */
  public static Consumer<String> progressLine() {
    return line -> {
      System.err.print("\r\033[K" + line);
      System.err.flush();
    };
  }

  /** What there is: these helpers, then the methods of the types a session holds. */
  public static void help() {
    System.out.println("""
        helpers:  open(location)  create(dir)  show(table[, rows])  progressLine()  verbose(on)  help()
        start:    DeltaLens.open(..) / DeltaLens.create(..) / DeltaLens.kafkaIngest(..) / DeltaLens.landing(..)
        charts:   Plots.timeline(t)  Plots.growth(t.history())  Plots.fileSizes(t.files())
                  Plots.partitionRows(t.files(), col)  Plots.ranges(t, col, filter)  Plots.histogram(frame, col)
                  (chart.save(Path.of("x.png")) in jshell; a notebook shows them)""");
    for (Class<?> type : List.of(DeltaTable.class, TableRead.class, Append.class, CreateTable.class, Compact.class,
        Vacuum.class, Verify.class)) {
      TreeSet<String> methods = new TreeSet<>();
      for (var m : type.getMethods()) {
        if (m.getDeclaringClass() == type) {
          methods.add(m.getName() + "(" + String.join(", ", Arrays.stream(m.getParameters())
              .map(p -> p.getType().getSimpleName() + " " + p.getName()).toList()) + ")");
        }
      }
      System.out.println(type.getSimpleName() + ":\n  " + String.join("\n  ", methods));
    }
  }
}
