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
// open, create, show, progressLine, verbose, help: see help(), or io.deltalens.Helpers
import static io.deltalens.Helpers.*;

// errors show as their one line (DeltaLensException); verbose() brings back stack traces and causes
System.setProperty("deltalens.brief", "true");
