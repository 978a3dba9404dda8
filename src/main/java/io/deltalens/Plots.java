package io.deltalens;

import io.deltalens.internal.charts.ChartSpec;
import io.deltalens.internal.charts.ChartSpec.Layer;
import io.deltalens.internal.charts.ChartSpec.Mark;
import io.deltalens.internal.expr.Filters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Pictures of a table where a picture says more than rows: its timeline, its growth, the sizes of its
 * files (the small-file problem at a glance), rows per partition, and the min/max range of a column in
 * each file — what data skipping sees, with a filter drawn over it.
 */
public final class Plots {
  private static final Map<String, String> KEPT = Map.of("kept", "#54a24b", "skipped", "#bab0ac");

  private Plots() {}

  /**
   * The log over versions: rows each commit added, coloured by operation, and a dashed line at each
   * checkpoint and each compaction (which adds no rows, so has no bar).
   */
  public static Chart timeline(DeltaTable table) {
    Table history = table.history().sortAscendingOn("version");
    Table commits = Table.create("commits", history.longColumn("version"), history.column("timestamp"),
        history.stringColumn("operation").map(o -> o.isEmpty() ? "(none)" : o),
        history.longColumn("rowsAdded"), history.intColumn("filesAdded"), history.intColumn("filesRemoved"));
    List<Layer> layers = new ArrayList<>();
    layers.add(Layer.of(Mark.BAR, commits, "version", "rowsAdded").color("operation", Map.of())
        .tooltip("version", "timestamp", "operation", "rowsAdded", "filesAdded", "filesRemoved"));
    LongColumn versions = LongColumn.create("version");
    StringColumn kinds = StringColumn.create("mark");
    table.checkpoints().longColumn("version").forEach(v -> {
      versions.append(v);
      kinds.append("checkpoint");
    });
    for (int r = 0; r < history.rowCount(); r++) {
      if (history.stringColumn("operation").get(r).equals("OPTIMIZE")) {
        versions.append(history.longColumn("version").get(r));
        kinds.append("compaction");
      }
    }
    if (!versions.isEmpty()) {
      layers.add(Layer.of(Mark.VRULE, Table.create("marks", versions, kinds), "version", null)
          .color("mark", Map.of("checkpoint", "#888888", "compaction", "#e45756")).tooltip("version", "mark"));
    }
    return new Chart(new ChartSpec("Timeline of " + table.location(), "version", "rows added", layers));
  }

  /** Rows in the table at each version, from {@code history()}. */
  public static Chart growth(Table history) {
    Table byVersion = history.sortAscendingOn("version");
    LongColumn rows = LongColumn.create("rows");
    IntColumn files = IntColumn.create("files");
    long rowTotal = 0;
    int fileTotal = 0;
    for (int r = 0; r < byVersion.rowCount(); r++) {
      rowTotal += byVersion.longColumn("rowsAdded").get(r);
      fileTotal += byVersion.intColumn("filesAdded").get(r) - byVersion.intColumn("filesRemoved").get(r);
      rows.append(rowTotal);
      files.append(fileTotal);
    }
    Table growth = Table.create("growth", byVersion.longColumn("version"), rows, files);
    return new Chart(new ChartSpec("Growth of the table", "version", "rows in the table", List.of(
        Layer.of(Mark.LINE, growth, "version", "rows"),
        Layer.of(Mark.POINT, growth, "version", "rows").tooltip("version", "rows", "files"))));
  }

  /** How many files there are of each size, from {@code files()}: many small files slow every read. */
  public static Chart fileSizes(Table files) {
    double[] sizes = files.longColumn("size").asDoubleArray();
    double max = 0;
    for (double size : sizes) {
      max = Math.max(max, size);
    }
    boolean mib = max >= 1024 * 1024;
    double scale = mib ? 1024.0 * 1024.0 : 1024.0;
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] /= scale;
    }
    return new Chart(histogram("Sizes of " + files.rowCount() + " files",
        "file size (" + (mib ? "MiB" : "KiB") + ")", "files", sizes));
  }

  /** How the values of numeric column {@code column} of a frame spread: rows per range of values. */
  public static Chart histogram(Table frame, String column) {
    if (!(frame.column(column) instanceof NumericColumn<?> numbers)) {
      throw new DeltaLensException("column '" + column + "' is not numeric: a histogram counts numbers");
    }
    double[] values = new double[numbers.size() - numbers.countMissing()];
    for (int r = 0, i = 0; r < numbers.size(); r++) {
      if (!numbers.isMissing(r)) {
        values[i++] = numbers.getDouble(r);
      }
    }
    return new Chart(histogram("Distribution of " + column, column, "rows", values));
  }

  /** Up to 30 equal bins from the least to the greatest value, each a bar of how many values it holds. */
  private static ChartSpec histogram(String title, String xTitle, String yTitle, double[] values) {
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    for (double v : values) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    if (values.length == 0) {
      min = 0;
      max = 1;
    }
    int bins = Math.max(1, Math.min(30, values.length));
    double width = max > min ? (max - min) / bins : 1;
    int[] counts = new int[bins];
    for (double v : values) {
      counts[Math.min(bins - 1, (int) ((v - min) / width))]++;
    }
    DoubleColumn from = DoubleColumn.create("from");
    DoubleColumn to = DoubleColumn.create("to");
    for (int b = 0; b < bins; b++) {
      from.append(min + b * width);
      to.append(min + (b + 1) * width);
    }
    Table data = Table.create("histogram", from, to, IntColumn.create(yTitle, counts));
    return new ChartSpec(title, xTitle, yTitle,
        List.of(Layer.of(Mark.BAR, data, "from", yTitle).x2("to").tooltip("from", "to", yTitle)));
  }

  /** Rows in each value of partition column {@code column}, from {@code files()}. */
  public static Chart partitionRows(Table files, String column) {
    if (!files.containsColumn(column)) {
      throw new DeltaLensException("no partition column '" + column + "' in these files");
    }
    Map<String, Long> rows = new TreeMap<>();
    for (int r = 0; r < files.rowCount(); r++) {
      String value = files.column(column).isMissing(r) ? "null" : files.getString(r, column);
      rows.merge(value, Math.max(0, files.longColumn("numRecords").get(r)), Long::sum);
    }
    Table partitions = Table.create("partitions", StringColumn.create(column, rows.keySet()),
        LongColumn.create("rows", rows.values().stream().mapToLong(Long::longValue).toArray()));
    return new Chart(new ChartSpec("Rows per " + column, column, "rows", List.of(
        Layer.of(Mark.BAR, partitions, column, "rows").tooltip(column, "rows"))));
  }

  /**
   * One vertical bar per file from its min to its max of {@code column}, from {@code files()} (or from
   * {@code explain(..)}: then coloured kept or skipped): a filter on the column reads only the files
   * whose bar crosses the filtered range.
   */
  public static Chart ranges(Table files, String column) {
    return new Chart(rangeSpec(files, column, List.of()));
  }

  /** {@link #ranges(Table, String)} for {@code filter}: files coloured kept or skipped, its bounds drawn. */
  public static Chart ranges(DeltaTable table, String column, String filter) {
    List<Object> bounds = Filters.comparedValues(
        Filters.parse(filter, table.schema().struct()), column);
    return new Chart(rangeSpec(table.explain(filter), column, bounds));
  }

  private static ChartSpec rangeSpec(Table files, String column, List<Object> bounds) {
    if (!files.containsColumn("min." + column)) {
      throw new DeltaLensException("no statistics for column '" + column + "' in these files");
    }
    IntColumn file = IntColumn.create("file");
    DoubleColumn min = DoubleColumn.create("min");
    DoubleColumn max = DoubleColumn.create("max");
    StringColumn path = StringColumn.create("path");
    StringColumn kept = StringColumn.create("read");
    for (int r = 0; r < files.rowCount(); r++) {
      String low = files.getString(r, "min." + column);
      String high = files.getString(r, "max." + column);
      if (low.isEmpty() || high.isEmpty()) {
        continue;
      }
      file.append(r);
      min.append(number(low, column));
      max.append(number(high, column));
      path.append(files.getString(r, "path"));
      kept.append(!files.containsColumn("kept") || files.booleanColumn("kept").get(r) ? "kept" : "skipped");
    }
    Table data = Table.create("ranges", file, min, max, path, kept);
    Layer bars = Layer.of(Mark.RANGE, data, "file", "min").y2("max").tooltip("path", "min", "max", "read");
    List<Layer> layers = new ArrayList<>();
    layers.add(files.containsColumn("kept") ? bars.color("read", KEPT) : bars);
    if (!bounds.isEmpty()) {
      DoubleColumn bound = DoubleColumn.create("filter");
      bounds.forEach(b -> bound.append(number(String.valueOf(b), column)));
      layers.add(Layer.of(Mark.HRULE, Table.create("filter", bound), null, "filter").label("filter")
          .tooltip("filter"));
    }
    String title = "min/max of " + column + " per file" + (files.containsColumn("kept")
        ? " (" + kept.countOccurrences("kept") + " of " + kept.size() + " read)" : "");
    return new ChartSpec(title, "file", column, layers);
  }

  private static double number(String text, String column) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new DeltaLensException("column '" + column + "' is not numeric (" + text + "): ranges draws numbers");
    }
  }
}
