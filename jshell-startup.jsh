// deltalens in jshell:  bin/deltalens shell
//   (or: jshell --class-path <deltalens.jar:lib/*> --startup DEFAULT --startup jshell-startup.jsh)
// Then, for example:
//   var t = open("/tmp/tour/sales");   show(t.history());   show(t.read().version(2).toTable());
import io.deltalens.*;
import io.deltalens.tour.SampleFeeds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import tech.tablesaw.api.Table;

// errors show as their one line (DeltaLensException); verbose() brings back stack traces and causes
System.setProperty("deltalens.brief", "true");

/** Stack traces and causes of deltalens errors on (true) or off (false, the default here). */
void verbose(boolean on) { System.setProperty("deltalens.brief", String.valueOf(!on)); }

/** Opens the table at {@code location}: a folder or an s3:// URI. */
DeltaTable open(String location) { return DeltaLens.open(location); }

/** Opens the table in {@code dir}. */
DeltaTable open(Path dir) { return DeltaLens.open(dir); }

/** Starts creating a table in {@code dir}: .schema(..) or .schemaFromParquet(..), then .commit(). */
CreateTable create(String dir) { return DeltaLens.create(dir); }

/** Prints a table as aligned text (20 rows). */
void show(Table table) { System.out.print(TextTable.render(table, 20, 160)); }

/** Prints a table as aligned text, at most {@code rows} rows. */
void show(Table table, int rows) { System.out.print(TextTable.render(table, rows, 160)); }

/** One terminal line that each progress message rewrites: {@code .progress(progressLine())}. */
java.util.function.Consumer<String> progressLine() {
  return line -> { System.err.print("\r\033[K" + line); System.err.flush(); };
}

/** What there is: these helpers, then the methods of the types a session holds. */
void help() {
  System.out.println("""
      helpers:  open(location)  create(dir)  show(table[, rows])  progressLine()  verbose(on)  help()
      start:    DeltaLens.open(..) / DeltaLens.create(..) / DeltaLens.kafkaIngest(..) / DeltaLens.landing(..)
      charts:   Plots.timeline(t)  Plots.growth(t.history())  Plots.fileSizes(t.files())
                Plots.partitionRows(t.files(), col)  Plots.ranges(t, col, filter)  Plots.histogram(frame, col)
                (chart.save(Path.of("x.png")) in jshell; a notebook shows them)""");
  for (Class<?> type : List.of(DeltaTable.class, TableRead.class, Append.class, CreateTable.class, Compact.class,
      Vacuum.class, Verify.class)) {
    var methods = new java.util.TreeSet<String>();
    for (var m : type.getMethods()) {
      if (m.getDeclaringClass() == type) {
        methods.add(m.getName() + "(" + String.join(", ", java.util.Arrays.stream(m.getParameters())
            .map(p -> p.getType().getSimpleName() + " " + p.getName()).toList()) + ")");
      }
    }
    System.out.println(type.getSimpleName() + ":\n  " + String.join("\n  ", methods));
  }
}
