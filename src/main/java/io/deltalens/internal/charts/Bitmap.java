package io.deltalens.internal.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;

/**
 * A {@link ChartSpec} drawn by XChart into a PNG: the same marks, colours and legend as the Vega-Lite
 * chart, without interaction. Bars and ranges are drawn as thick line segments (one series per colour,
 * segments split by gaps), which XChart's XY charts allow on a numeric x axis.
 */
public final class Bitmap {
  private static final double GAP = Double.NaN;

  private Bitmap() {}

  public static byte[] png(ChartSpec spec) {
    return png(chart(spec));
  }

  /** Any XChart chart as PNG bytes (also a user's own, in a notebook). */
  public static byte[] png(Chart<?, ?> chart) {
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Chart<?, ?> chart(ChartSpec spec) {
    boolean nominalX = spec.layers().stream()
        .anyMatch(l -> l.x() != null && !(l.data().column(l.x()) instanceof NumericColumn));
    return nominalX ? categories(spec) : xy(spec);
  }

  /** Bars over named categories (rows per partition): one series per colour. */
  private static CategoryChart categories(ChartSpec spec) {
    CategoryChart chart = new CategoryChartBuilder().width(720).height(340).title(spec.title())
        .xAxisTitle(spec.xTitle()).yAxisTitle(spec.yTitle()).build();
    style(chart.getStyler());
    for (ChartSpec.Layer layer : spec.layers()) {
      List<String> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (int r = 0; r < layer.data().rowCount(); r++) {
        x.add(layer.data().getString(r, layer.x()));
        y.add(number(layer.data(), layer.y(), r));
      }
      chart.addSeries(layer.label() == null ? spec.yTitle() : layer.label(), x, y)
          .setFillColor(Color.decode(ChartSpec.COLORS.get(0)));
    }
    chart.getStyler().setLegendVisible(false);
    return chart;
  }

  private static XYChart xy(ChartSpec spec) {
    XYChart chart = new XYChartBuilder().width(720).height(340).title(spec.title())
        .xAxisTitle(spec.xTitle()).yAxisTitle(spec.yTitle()).build();
    style(chart.getStyler());
    double[] yRange = yRange(spec);
    double[] xRange = xRange(spec);
    boolean legend = false;
    for (ChartSpec.Layer layer : spec.layers()) {
      Map<String, String> colors = layer.colorScale();
      Map<String, List<double[]>> groups = new LinkedHashMap<>();
      for (int r = 0; r < layer.data().rowCount(); r++) {
        String group = layer.color() == null ? name(layer, spec) : layer.data().getString(r, layer.color());
        groups.computeIfAbsent(group, g -> new ArrayList<>()).add(points(layer, r, xRange, yRange));
      }
      legend |= layer.color() != null || layer.label() != null;
      for (Map.Entry<String, List<double[]>> group : groups.entrySet()) {
        String color = colors.getOrDefault(group.getKey(),
            layer.mark() == ChartSpec.Mark.VRULE || layer.mark() == ChartSpec.Mark.HRULE ? "#888888"
                : ChartSpec.COLORS.get(0));
        add(chart, layer, group.getKey(), group.getValue(), Color.decode(color));
      }
    }
    chart.getStyler().setLegendVisible(legend);
    return chart;
  }

  /** A row's points: x0, y0, x1, y1 for segments (bars, ranges, rules), x, y for dots and lines. */
  private static double[] points(ChartSpec.Layer layer, int r, double[] xRange, double[] yRange) {
    Table data = layer.data();
    return switch (layer.mark()) {
      case BAR -> {
        double x = layer.x2() == null ? number(data, layer.x(), r)
            : (number(data, layer.x(), r) + number(data, layer.x2(), r)) / 2;
        yield new double[] {x, 0, x, number(data, layer.y(), r)};
      }
      case RANGE -> new double[] {number(data, layer.x(), r), number(data, layer.y(), r),
          number(data, layer.x(), r), number(data, layer.y2(), r)};
      case VRULE -> new double[] {number(data, layer.x(), r), yRange[0], number(data, layer.x(), r), yRange[1]};
      case HRULE -> new double[] {xRange[0], number(data, layer.y(), r), xRange[1], number(data, layer.y(), r)};
      case POINT, LINE -> new double[] {number(data, layer.x(), r), number(data, layer.y(), r)};
    };
  }

  private static void add(XYChart chart, ChartSpec.Layer layer, String name, List<double[]> rows, Color color) {
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    for (double[] p : rows) {
      if (p.length == 4) {
        xs.add(p[0]);
        ys.add(p[1]);
        xs.add(p[2]);
        ys.add(p[3]);
        xs.add(GAP);
        ys.add(GAP);
      } else {
        xs.add(p[0]);
        ys.add(p[1]);
      }
    }
    String unique = name;
    for (int n = 2; chart.getSeriesMap().containsKey(unique); n++) {
      unique = name + " (" + n + ")";
    }
    XYSeries series = chart.addSeries(unique, xs, ys);
    series.setLineColor(color);
    series.setMarkerColor(color);
    switch (layer.mark()) {
      case BAR -> series.setMarker(SeriesMarkers.NONE).setLineStyle(bar(ChartSpec.barWidth(layer.data().rowCount(), 560)));
      case RANGE -> series.setMarker(SeriesMarkers.NONE).setLineStyle(bar(ChartSpec.barWidth(layer.data().rowCount(), 560)));
      case VRULE, HRULE -> series.setMarker(SeriesMarkers.NONE).setLineStyle(new BasicStroke(1.5f,
          BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {4, 4}, 0));
      case POINT -> {
        series.setMarker(SeriesMarkers.CIRCLE);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      }
      case LINE -> series.setMarker(SeriesMarkers.NONE).setLineStyle(new BasicStroke(2));
    }
    series.setShowInLegend(layer.color() != null || layer.label() != null);
  }

  /** A square-ended stroke: a bar ends at its value, not a round cap beyond it. */
  private static BasicStroke bar(float width) {
    return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER);
  }

  /** The y axis from 0 (bars start there) to the greatest value: where a vertical rule reaches. */
  private static double[] yRange(ChartSpec spec) {
    double[] extent = extent(spec, true);
    double lo = Math.min(0, extent[0]);
    double hi = Math.max(0, extent[1]);
    return new double[] {lo, hi == lo ? lo + 1 : hi};
  }

  /** The x axis over the data: where a horizontal rule reaches. */
  private static double[] xRange(ChartSpec spec) {
    double[] extent = extent(spec, false);
    return extent[0] > extent[1] ? new double[] {0, 1} : extent;
  }

  /** The least and greatest value of the y (or x) channels of every layer. */
  private static double[] extent(ChartSpec spec, boolean y) {
    double lo = Double.MAX_VALUE;
    double hi = -Double.MAX_VALUE;
    for (ChartSpec.Layer layer : spec.layers()) {
      for (String channel : y ? new String[] {layer.y(), layer.y2()} : new String[] {layer.x(), layer.x2()}) {
        if (channel != null) {
          NumericColumn<?> column = (NumericColumn<?>) layer.data().column(channel);
          for (int r = 0; r < column.size(); r++) {
            lo = Math.min(lo, column.getDouble(r));
            hi = Math.max(hi, column.getDouble(r));
          }
        }
      }
    }
    return new double[] {lo, hi};
  }

  private static String name(ChartSpec.Layer layer, ChartSpec spec) {
    return layer.label() != null ? layer.label() : layer.y() != null ? layer.y() : spec.yTitle();
  }

  private static double number(Table data, String column, int row) {
    return ((NumericColumn<?>) data.column(column)).getDouble(row);
  }

  private static void style(org.knowm.xchart.style.AxesChartStyler styler) {
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotGridLinesColor(new Color(0xeeeeee));
    styler.setLegendPosition(Styler.LegendPosition.OutsideE);
    styler.setChartTitleBoxVisible(false);
    styler.setPlotBorderVisible(false);
    styler.setDecimalPattern("#,###.##");
  }
}
