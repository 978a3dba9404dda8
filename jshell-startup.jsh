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
import tech.tablesaw.api.Table;

// errors show as their one line (DeltaLensException); verbose() brings back stack traces and causes
System.setProperty("deltalens.brief", "true");

/** Stack traces and causes of deltalens errors on (true) or off (false, the default here). */
void verbose(boolean on) { System.setProperty("deltalens.brief", String.valueOf(!on)); }

/** Opens the table in {@code dir}. */
DeltaTable open(String dir) { return DeltaLens.open(dir); }

/** Starts creating a table in {@code dir}: .schema(..) or .schemaFromParquet(..), then .commit(). */
CreateTable create(String dir) { return DeltaLens.create(dir); }

/** Prints a table as aligned text (20 rows). */
void show(Table table) { System.out.print(TextTable.render(table, 20, 160)); }

/** Prints a table as aligned text, at most {@code rows} rows. */
void show(Table table, int rows) { System.out.print(TextTable.render(table, rows, 160)); }
