// deltalens in jshell:  bin/deltalens shell
//   (or: jshell --class-path <deltalens.jar:lib/*> --startup DEFAULT --startup jshell-startup.jsh)
// Then, for example:
//   var t = open("/tmp/tour/sales");   show(t.history());   show(t.read().version(2).toTable());
// (each import is a snippet jshell compiles on its own: a few, on demand)
import io.deltalens.*;
import io.deltalens.tour.SampleFeeds;
import java.nio.file.*;
import java.time.*;
import java.util.*;
import tech.tablesaw.api.Table;
// open, create, show, progressLine, verbose, help: see help(), or io.deltalens.Helpers
import static io.deltalens.Helpers.*;

// errors show as their one line (DeltaLensException); verbose() brings back stack traces and causes
System.setProperty("deltalens.brief", "true");
