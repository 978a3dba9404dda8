package io.deltalens.internal.write;

import io.delta.kernel.Snapshot;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.utils.CloseableIterator;
import io.deltalens.internal.engine.Kernel;
import io.deltalens.internal.storage.Location;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.Set;

/** The data files a snapshot holds, as locations (local files or objects). */
final class LiveFiles {
  private LiveFiles() {}

  static Set<Location> of(Location table, Snapshot snapshot) {
    URI root = table.local().map(Path::toUri)
        .orElseGet(() -> URI.create(table.uri().replace(" ", "%20") + "/"));
    Set<Location> files = new HashSet<>();
    try (CloseableIterator<FilteredColumnarBatch> batches =
        snapshot.getScanBuilder().build().getScanFiles(Kernel.engine())) {
      while (batches.hasNext()) {
        try (CloseableIterator<Row> rows = batches.next().getRows()) {
          while (rows.hasNext()) {
            files.add(location(root.resolve(URI.create(addPath(rows.next())))));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  private static Location location(URI file) {
    return "file".equals(file.getScheme()) ? Location.local(Paths.get(file))
        : Location.of(file.getScheme() + "://" + file.getAuthority() + file.getPath());
  }

  /** The add action's path: URI-encoded, relative to the table or absolute. */
  static String addPath(Row scanFile) {
    Row add = scanFile.getStruct(scanFile.getSchema().indexOf("add"));
    return add.getString(add.getSchema().indexOf("path"));
  }
}
