package io.deltalens;

import io.deltalens.internal.views.CheckpointFiles;
import java.nio.file.Path;
import java.nio.file.Paths;
import tech.tablesaw.api.Table;

/**
 * The entry point: one line from a jshell session or notebook to a table.
 *
 * <pre>
 * var t = DeltaLens.create("/data/sales").schemaFromParquet(Path.of("feed_1.parquet")).commit();
 * t.newAppend().appendFile("feed_2.parquet").commit();
 * var same = DeltaLens.open("/data/sales");
 * </pre>
 */
public final class DeltaLens {
  private DeltaLens() {}

  /** Opens the table in {@code dir}; an error names the path when it holds no table. */
  public static DeltaTable open(String dir) {
    return open(Paths.get(dir));
  }

  public static DeltaTable open(Path dir) {
    return DeltaTable.open(dir);
  }

  /** Starts creating a table in {@code dir}: give a schema, optionally partitions and properties. */
  public static CreateTable create(String dir) {
    return create(Paths.get(dir));
  }

  public static CreateTable create(Path dir) {
    return new CreateTable(dir);
  }

  /** The actions of one checkpoint file (a part of a multi-part one, a v2 sidecar), as a table's checkpoint shows. */
  public static Table showCheckpointFile(Path file) {
    return CheckpointFiles.load(file);
  }

  /** Whether {@code dir} holds a Delta table. */
  public static boolean exists(String dir) {
    return exists(Paths.get(dir));
  }

  public static boolean exists(Path dir) {
    return DeltaTable.exists(dir);
  }
}
