package io.deltalens.internal.views;

import io.delta.kernel.Snapshot;
import io.delta.kernel.types.StructField;
import io.deltalens.internal.read.Versions;
import io.deltalens.internal.storage.Location;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What changed between two versions: files added and removed (with their rows), columns added, removed
 * or retyped, properties set or unset. The first row sums it up.
 */
public final class Diff {
  private Diff() {}

  public static Table of(Location table, long from, long to) {
    Snapshot a = Versions.at(table, from);
    Snapshot b = Versions.at(table, to);
    StringColumn change = StringColumn.create("change");
    StringColumn what = StringColumn.create("what");
    LongColumn rows = LongColumn.create("rows");
    Map<String, Long> before = rowsByPath(a);
    Map<String, Long> after = rowsByPath(b);
    StringColumn fileChange = StringColumn.create("change");
    StringColumn fileWhat = StringColumn.create("what");
    LongColumn fileRows = LongColumn.create("rows");
    long[] added = fileChanges("file added", after, before, fileChange, fileWhat, fileRows);
    long[] removed = fileChanges("file removed", before, after, fileChange, fileWhat, fileRows);
    change.append("summary");
    what.append("v" + from + " → v" + to + ": +" + added[0] + " files (+" + added[1] + " rows), -"
        + removed[0] + " files (-" + removed[1] + " rows)");
    rows.append(added[1] - removed[1]);
    schemaChanges(a, b, change, what, rows);
    propertyChanges(a.getTableProperties(), b.getTableProperties(), change, what, rows);
    Table diff = Table.create("diff v" + from + " → v" + to, change, what, rows);
    return diff.append(Table.create("", fileChange, fileWhat, fileRows));
  }

  /** Rows for the files of {@code in} that {@code notIn} lacks; returns {files, rows}. */
  private static long[] fileChanges(String label, Map<String, Long> in, Map<String, Long> notIn,
      StringColumn change, StringColumn what, LongColumn rows) {
    long[] total = {0, 0};
    for (String path : new TreeSet<>(in.keySet())) {
      if (!notIn.containsKey(path)) {
        change.append(label);
        what.append(path);
        rows.append(in.get(path));
        total[0]++;
        total[1] += in.get(path);
      }
    }
    return total;
  }

  private static Map<String, Long> rowsByPath(Snapshot snapshot) {
    Map<String, Long> rows = new HashMap<>();
    FileList.files(snapshot, java.util.Optional.empty())
        .forEach(f -> rows.put(f.path(), Math.max(f.numRecords(), 0)));
    return rows;
  }

  private static void schemaChanges(Snapshot a, Snapshot b, StringColumn change, StringColumn what,
      LongColumn rows) {
    for (StructField field : b.getSchema().fields()) {
      int at = a.getSchema().indexOf(field.getName());
      if (at < 0) {
        change.append("column added");
        what.append(field.getName() + " " + field.getDataType());
        rows.appendMissing();
      } else if (!a.getSchema().at(at).getDataType().equivalent(field.getDataType())) {
        change.append("column type changed");
        what.append(field.getName() + ": " + a.getSchema().at(at).getDataType() + " → " + field.getDataType());
        rows.appendMissing();
      }
    }
    for (StructField field : a.getSchema().fields()) {
      if (b.getSchema().indexOf(field.getName()) < 0) {
        change.append("column removed");
        what.append(field.getName() + " " + field.getDataType());
        rows.appendMissing();
      }
    }
  }

  private static void propertyChanges(Map<String, String> a, Map<String, String> b, StringColumn change,
      StringColumn what, LongColumn rows) {
    TreeSet<String> keys = new TreeSet<>(a.keySet());
    keys.addAll(b.keySet());
    for (String key : keys) {
      if (!Objects.equals(a.get(key), b.get(key))) {
        change.append(b.containsKey(key) ? "property set" : "property unset");
        what.append(key + ": " + a.get(key) + " → " + b.get(key));
        rows.appendMissing();
      }
    }
  }
}
