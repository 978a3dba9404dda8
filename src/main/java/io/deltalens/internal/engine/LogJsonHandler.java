package io.deltalens.internal.engine;

import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.JsonHandler;
import io.delta.kernel.exceptions.KernelEngineException;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import io.deltalens.internal.kernel.ArrayVector;
import io.deltalens.internal.kernel.Iterators;
import io.deltalens.internal.kernel.VoidTypes;
import io.deltalens.internal.storage.Location;
import io.deltalens.internal.storage.Storage;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Optional;

/**
 * Reads the log's JSON files (commits, checksums, {@code _last_checkpoint}) for Kernel, in front of
 * Kernel's own handler, which still parses every line:
 * <ul>
 *   <li>blank lines are skipped, as Spark and delta-rs skip them (Kernel's parser fails on them);
 *   <li>an empty or unreadable {@code _last_checkpoint} counts as absent at once (Kernel would retry it
 *       three times, a second apart, and then list the log anyway);
 *   <li>a line that is not JSON fails with the file and line number;
 *   <li>{@code void} columns in schemas are read as {@link VoidTypes} describes;
 *   <li>each file is one batch, so the order of the log's files survives into the scan: a read can put
 *       files in the order they were added ({@link io.deltalens.read} reverses Kernel's newest-first).
 * </ul>
 * An object is read in one GET (through Hadoop's stream it would cost a HEAD first).
 */
final class LogJsonHandler implements JsonHandler {
  private final JsonHandler base;

  LogJsonHandler(JsonHandler base) {
    this.base = base;
  }

  @Override
  public ColumnarBatch parseJson(ColumnVector json, StructType schema, Optional<ColumnVector> selection) {
    return base.parseJson(json, schema, selection);
  }

  @Override
  public void writeJsonFileAtomically(String path, CloseableIterator<Row> data, boolean overwrite)
      throws IOException {
    base.writeJsonFileAtomically(path, data, overwrite);
  }

  @Override
  public CloseableIterator<ColumnarBatch> readJsonFiles(
      CloseableIterator<FileStatus> files, StructType schema, Optional<Predicate> predicate) {
    return Iterators.flatten(files, file -> batches(file, schema));
  }

  /** A file's lines as one batch (none when it has none): a local file read at once, an object in one GET. */
  private CloseableIterator<ColumnarBatch> batches(FileStatus file, StructType schema) {
    ColumnarBatch batch = read(Location.of(file.getPath()), schema);
    return Iterators.of(batch == null ? List.<ColumnarBatch>of() : List.of(batch));
  }

  private ColumnarBatch read(Location file, StructType schema) {
    boolean lastCheckpoint = file.name().equals("_last_checkpoint");
    List<String> lines;
    try {
      lines = LogLines.lines(Storage.readAll(file));
    } catch (FileNotFoundException | NoSuchFileException e) {
      // Kernel takes FileNotFoundException as "absent" (a checksum or _last_checkpoint not written)
      throw absent(file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
    }
    if (lastCheckpoint && (lines.isEmpty() || LogLines.object(lines.get(0)) == null)) {
      throw absent(file + " is empty or not JSON");
    }
    if (lines.isEmpty()) {
      return null;
    }
    try {
      return VoidTypes.rewrite(base.parseJson(new ArrayVector(StringType.STRING, lines.size(), lines.toArray()),
          schema, Optional.empty()));
    } catch (RuntimeException e) {
      throw LogLines.damaged(file, lines, e);
    }
  }

  /** Kernel takes this as "no such file" (a checksum or _last_checkpoint not written): no retries. */
  private static KernelEngineException absent(String what) {
    return new KernelEngineException("reading " + what, new FileNotFoundException(what));
  }
}
