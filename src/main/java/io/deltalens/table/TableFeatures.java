package io.deltalens.table;

import io.delta.kernel.Snapshot;
import io.deltalens.DeltaLensException;
import java.nio.file.Path;

/**
 * Table features an append must honour beyond what Kernel checks when it builds a transaction (Kernel
 * refuses invariants, CHECK constraints, generated and identity columns by itself).
 */
final class TableFeatures {
  private TableFeatures() {}

  static void requireAppendable(Snapshot snapshot, Path table) {
    String mapping = snapshot.getTableProperties().getOrDefault("delta.columnMapping.mode", "none");
    if (!mapping.equals("none")) {
      // Files must carry physical column names and field ids; appending ones that carry logical names
      // would commit fine and read back as all NULL.
      throw new DeltaLensException(table + ": the table uses column mapping (delta.columnMapping.mode="
          + mapping + "), which deltalens cannot append to yet; the table is unchanged");
    }
  }
}
