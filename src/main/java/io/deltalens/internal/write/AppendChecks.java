package io.deltalens.internal.write;

import io.delta.kernel.Snapshot;
import io.deltalens.AppendMode;
import io.deltalens.DeltaLensException;
import io.deltalens.internal.kernel.VoidTypes;
import io.deltalens.internal.storage.Location;
import java.util.List;

/**
 * What a table asks of a writer beyond what Kernel checks when it builds a transaction (Kernel refuses
 * invariants by itself; CHECK constraints, generated and identity columns are the row rules'). Column
 * mapping: copy mode writes physical names and field ids (new columns get them too); register mode is
 * refused. Void columns: nothing is written (see engine/VoidTypes).
 */
final class AppendChecks {
  private AppendChecks() {}

  static void requireAppendable(Snapshot snapshot, Location table, AppendMode mode) {
    requireNoVoidColumns(snapshot, table, "append to");
    if (mode == AppendMode.REGISTER && usesColumnMapping(snapshot)) {
      String mapping = snapshot.getTableProperties().get(COLUMN_MAPPING);
      // A registered file is read by the physical names and field ids of the table; files written
      // with the logical names would commit fine and read back as all NULL.
      throw new DeltaLensException(table + ": the table uses column mapping (" + COLUMN_MAPPING + "="
          + mapping + "): register mode would add files whose columns carry logical names, which readers"
          + " would see as NULL; use copy mode, which writes physical names and field ids");
    }
  }

  /**
   * deltalens reads void columns under a stand-in type (see engine/VoidTypes); a commit or checkpoint
   * would carry that type into the log, so it writes nothing to such tables.
   */
  static void requireNoVoidColumns(Snapshot snapshot, Location table, String what) {
    List<String> columns = VoidTypes.columns(snapshot.getSchema());
    if (!columns.isEmpty()) {
      throw new DeltaLensException("cannot " + what + " " + table + ": its column(s) " + columns
          + " are of type void, which deltalens reads (as nulls) but does not write; the table is unchanged");
    }
  }

  static final String COLUMN_MAPPING = "delta.columnMapping.mode";

  static boolean usesColumnMapping(Snapshot snapshot) {
    return !snapshot.getTableProperties().getOrDefault(COLUMN_MAPPING, "none").equals("none");
  }
}
