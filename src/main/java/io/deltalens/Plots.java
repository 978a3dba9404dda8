package io.deltalens;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.Table;

/**
 * Pictures of a table where a picture says more than rows: its growth over versions, and the min/max
 * range of a column in each file — what data skipping sees. Drawn with XChart, which renders PNG offline.
 */
public final class Plots {
  private Plots() {}

  /** Rows and files in the table at each version, from {@code history()}. */
  public static XYChart growth(Table history) {
    Table byVersion = history.sortAscendingOn("version");
    List<Double> versions = new ArrayList<>();
    List<Double> rows = new ArrayList<>();
    List<Double> files = new ArrayList<>();
    double rowTotal = 0;
    double fileTotal = 0;
    for (int r = 0; r < byVersion.rowCount(); r++) {
      rowTotal += byVersion.longColumn("rowsAdded").get(r);
      fileTotal += byVersion.intColumn("filesAdded").get(r) - byVersion.intColumn("filesRemoved").get(r);
      versions.add((double) byVersion.longColumn("version").get(r));
      rows.add(rowTotal);
      files.add(fileTotal);
    }
    XYChart chart = new XYChartBuilder().width(640).height(320).title("Growth of the table")
        .xAxisTitle("version").yAxisTitle("count").build();
    chart.addSeries("rows", versions, rows).setMarker(SeriesMarkers.CIRCLE);
    chart.addSeries("files", versions, files).setMarker(SeriesMarkers.SQUARE);
    chart.getStyler().setDecimalPattern("#,###");
    return chart;
  }

  /**
   * One vertical bar per file from its min to its max of {@code column}, from {@code files()}: a filter
   * on the column reads only the files whose bar crosses the filtered range.
   */
  public static XYChart ranges(Table files, String column) {
    if (!files.containsColumn("min." + column)) {
      throw new DeltaLensException("no statistics for column '" + column + "' in these files");
    }
    XYChart chart = new XYChartBuilder().width(640).height(320)
        .title("min/max of " + column + " per file").xAxisTitle("file").yAxisTitle(column).build();
    chart.getStyler().setLegendVisible(false);
    for (int r = 0; r < files.rowCount(); r++) {
      String min = files.getString(r, "min." + column);
      String max = files.getString(r, "max." + column);
      if (min.isEmpty() || max.isEmpty()) {
        continue;
      }
      XYSeries bar = chart.addSeries("file " + r, new double[] {r, r},
          new double[] {Double.parseDouble(min), Double.parseDouble(max)});
      bar.setMarker(SeriesMarkers.DIAMOND);
      bar.setLineWidth(5);
    }
    return chart;
  }

  /** The chart as PNG bytes (what notebooks show). */
  public static byte[] png(Chart<?, ?> chart) {
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Saves the chart as a PNG file (for jshell and scripts). */
  public static Path save(Chart<?, ?> chart, Path file) {
    try {
      BitmapEncoder.saveBitmap(chart, file.toString().replaceFirst("\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
