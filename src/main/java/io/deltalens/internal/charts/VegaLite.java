package io.deltalens.internal.charts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.ShortColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A {@link ChartSpec} as a Vega-Lite v5 spec with its data inline: JupyterLab draws it (tooltips,
 * zoom on scroll) without fetching anything.
 */
public final class VegaLite {
  public static final String MIME = "application/vnd.vegalite.v5+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private VegaLite() {}

  public static ObjectNode spec(ChartSpec chart) {
    ObjectNode spec = JSON.createObjectNode();
    spec.put("$schema", "https://vega.github.io/schema/vega-lite/v5.json");
    spec.put("title", chart.title());
    spec.put("width", 640);
    spec.put("height", 300);
    if (chart.layers().stream().filter(l -> l.color() != null).count() > 1) {
      // each layer's colours mean their own thing (operations of bars, kinds of rules): a legend each
      spec.putObject("resolve").putObject("scale").put("color", "independent");
    }
    ArrayNode layers = spec.putArray("layer");
    boolean first = true;
    for (ChartSpec.Layer layer : chart.layers()) {
      layers.add(layer(layer, chart, first));
      first = false;
    }
    return spec;
  }

  private static ObjectNode layer(ChartSpec.Layer layer, ChartSpec chart, boolean first) {
    ObjectNode node = JSON.createObjectNode();
    node.putObject("data").set("values", values(layer.data()));
    ObjectNode mark = node.putObject("mark");
    mark.put("type", switch (layer.mark()) {
      case BAR, RANGE -> "bar";
      case POINT -> "point";
      case LINE -> "line";
      case VRULE, HRULE -> "rule";
    });
    mark.put("tooltip", layer.tooltip().isEmpty());
    switch (layer.mark()) {
      case BAR, RANGE -> {
        if (layer.x2() == null) {
          mark.put("width", ChartSpec.barWidth(layer.data().rowCount(), 640));
        }
      }
      case VRULE, HRULE -> mark.putArray("strokeDash").add(4).add(4);
      case POINT -> mark.put("filled", true);
      default -> { }
    }
    ObjectNode encoding = node.putObject("encoding");
    if (layer.x() != null) {
      encoding.set("x", axis(layer.data(), layer.x(), chart.xTitle()));
    }
    if (layer.x2() != null) {
      // x to x2 is a bin already counted: without "binned" Vega-Lite draws a horizontal bar at y
      ((ObjectNode) encoding.get("x")).put("bin", "binned");
      encoding.putObject("x2").put("field", layer.x2());
    }
    if (layer.y() != null) {
      ObjectNode y = axis(layer.data(), layer.y(), chart.yTitle());
      if (layer.mark() == ChartSpec.Mark.RANGE) {
        y.putObject("scale").put("zero", false); // ranges are read against each other, not against 0
      }
      encoding.set("y", y);
    }
    if (layer.y2() != null) {
      encoding.putObject("y2").put("field", layer.y2());
    }
    if (layer.color() != null) {
      ObjectNode color = encoding.putObject("color");
      color.put("field", layer.color()).put("type", "nominal");
      ObjectNode scale = color.putObject("scale");
      ArrayNode domain = scale.putArray("domain");
      ArrayNode range = scale.putArray("range");
      for (Map.Entry<String, String> entry : layer.colorScale().entrySet()) {
        domain.add(entry.getKey());
        range.add(entry.getValue());
      }
    } else if (layer.mark() != ChartSpec.Mark.VRULE && layer.mark() != ChartSpec.Mark.HRULE) {
      mark.put("color", ChartSpec.COLORS.get(0));
    } else {
      mark.put("color", "#888");
    }
    if (!layer.tooltip().isEmpty()) {
      ArrayNode tooltip = encoding.putArray("tooltip");
      layer.tooltip().forEach(c -> tooltip.add(channel(layer.data(), c, c)));
    }
    return node;
  }

  private static ObjectNode channel(Table data, String field, String title) {
    ObjectNode channel = JSON.createObjectNode();
    channel.put("field", field).put("type", type(data.column(field))).put("title", title);
    return channel;
  }

  /** An x or y channel: whole numbers (versions, file numbers, counts) get whole-number ticks. */
  private static ObjectNode axis(Table data, String field, String title) {
    ObjectNode channel = channel(data, field, title);
    Column<?> column = data.column(field);
    if (column instanceof LongColumn || column instanceof IntColumn || column instanceof ShortColumn) {
      channel.putObject("axis").put("format", "d").put("tickMinStep", 1);
    }
    return channel;
  }

  /** Vega-Lite's measurement type of a column: numbers are quantitative, times temporal, the rest nominal. */
  static String type(Column<?> column) {
    if (column instanceof NumericColumn) {
      return "quantitative";
    }
    ColumnType type = column.type();
    return type == ColumnType.INSTANT || type == ColumnType.LOCAL_DATE || type == ColumnType.LOCAL_DATE_TIME
        ? "temporal" : "nominal";
  }

  private static ArrayNode values(Table data) {
    ArrayNode rows = JSON.createArrayNode();
    for (int r = 0; r < data.rowCount(); r++) {
      ObjectNode row = rows.addObject();
      for (Column<?> column : data.columns()) {
        if (column.isMissing(r)) {
          row.putNull(column.name());
        } else if (column instanceof NumericColumn<?> numbers) {
          row.put(column.name(), numbers.getDouble(r));
        } else {
          row.put(column.name(), column.getString(r));
        }
      }
    }
    return rows;
  }
}
