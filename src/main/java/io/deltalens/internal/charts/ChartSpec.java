package io.deltalens.internal.charts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.Table;

/**
 * What a chart shows, independent of who draws it: a title, axis titles (with units) and layers. Each
 * layer draws one mark for every row of its own data table, with columns named for its channels.
 */
public record ChartSpec(String title, String xTitle, String yTitle, List<Layer> layers) {

  /** How a row is drawn. */
  public enum Mark {
    /** a bar from 0 to {@code y} at {@code x} (or from {@code x} to {@code x2}, a histogram's bin) */
    BAR,
    /** a vertical bar from {@code y} to {@code y2} at {@code x}: a min/max range */
    RANGE,
    /** a dot at ({@code x}, {@code y}) */
    POINT,
    /** a line through the rows in order of {@code x} */
    LINE,
    /** a dashed vertical line across the chart at {@code x} */
    VRULE,
    /** a dashed horizontal line across the chart at {@code y} */
    HRULE
  }

  /**
   * One layer: {@code color} names a column whose values pick the colour (and the legend entry), from
   * {@code palette} where it gives one; {@code label} names the legend entry of a layer without one.
   * Null channels are unused.
   */
  public record Layer(Mark mark, Table data, String x, String x2, String y, String y2, String color,
      Map<String, String> palette, String label, List<String> tooltip) {

    public static Layer of(Mark mark, Table data, String x, String y) {
      return new Layer(mark, data, x, null, y, null, null, Map.of(), null, List.of());
    }

    public Layer x2(String column) {
      return new Layer(mark, data, x, column, y, y2, color, palette, label, tooltip);
    }

    public Layer y2(String column) {
      return new Layer(mark, data, x, x2, y, column, color, palette, label, tooltip);
    }

    public Layer color(String column, Map<String, String> colors) {
      return new Layer(mark, data, x, x2, y, y2, column, colors, label, tooltip);
    }

    public Layer label(String name) {
      return new Layer(mark, data, x, x2, y, y2, color, palette, name, tooltip);
    }

    public Layer tooltip(String... columns) {
      return new Layer(mark, data, x, x2, y, y2, color, palette, label, List.of(columns));
    }

    /**
     * The colour of each value of the colour column, in order of first appearance: the palette's, else
     * the next of {@link #COLORS}. Both renderers use it, so the PNG and the interactive chart agree.
     */
    public Map<String, String> colorScale() {
      Map<String, String> scale = new LinkedHashMap<>();
      if (color == null) {
        return scale;
      }
      int next = 0;
      for (int r = 0; r < data.rowCount(); r++) {
        String value = data.getString(r, color);
        if (!scale.containsKey(value)) {
          scale.put(value, palette.getOrDefault(value, COLORS.get(next++ % COLORS.size())));
        }
      }
      return scale;
    }
  }

  /** Pixels per bar across a plot {@code plotWidth} wide: thick for a few bars, thin for many, never touching. */
  public static float barWidth(int bars, int plotWidth) {
    return Math.max(1.5f, Math.min(24f, plotWidth / (float) Math.max(1, bars + 1) * 0.7f));
  }

  /** Colours picked in turn for values a layer's palette does not name (Vega's "tableau10"). */
  public static final List<String> COLORS = List.of("#4c78a8", "#f58518", "#e45756", "#72b7b2", "#54a24b",
      "#eeca3b", "#b279a2", "#ff9da6", "#9d755d", "#bab0ac");
}
