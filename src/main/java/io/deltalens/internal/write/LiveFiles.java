package io.deltalens.internal.write;

import io.delta.kernel.Snapshot;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.utils.CloseableIterator;
import io.deltalens.internal.engine.Kernel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.Set;

/** The data files a snapshot holds, as absolute local paths. */
final class LiveFiles {
  private LiveFiles() {}

  static Set<Path> of(Path table, Snapshot snapshot) {
    URI root = table.toUri();
    Set<Path> files = new HashSet<>();
    try (CloseableIterator<FilteredColumnarBatch> batches =
        snapshot.getScanBuilder().build().getScanFiles(Kernel.engine())) {
      while (batches.hasNext()) {
        try (CloseableIterator<Row> rows = batches.next().getRows()) {
          while (rows.hasNext()) {
            files.add(Paths.get(root.resolve(URI.create(addPath(rows.next())))).normalize());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  /** The add action's path: URI-encoded, relative to the table or absolute. */
  static String addPath(Row scanFile) {
    Row add = scanFile.getStruct(scanFile.getSchema().indexOf("add"));
    return add.getString(add.getSchema().indexOf("path"));
  }
}
