package io.deltalens;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DisplayTest {
  @TempDir Path dir;

  static Table sample(int rows) {
    LongColumn n = LongColumn.create("n");
    StringColumn s = StringColumn.create("label");
    for (int i = 0; i < rows; i++) {
      n.append(i * 1000L);
      s.append(i == 1 ? null : "<b>" + i);
    }
    return Table.create("sample", n, s);
  }

  @Test
  void textTableAlignsNumbersMarksNullsAndCountsWhatIsLeftOut() {
    String text = TextTable.render(sample(5), 3, 80);
    List<String> lines = text.lines().toList();
    assertEquals("   n  label", lines.get(0));
    assertEquals("   0  <b>0", lines.get(2));
    assertEquals("1000  null", lines.get(3));
    assertEquals("… 2 more rows (5 rows × 2 columns)", lines.get(5));
    assertTrue(TextTable.render(sample(1), 3, 80).endsWith("(1 row × 2 columns)\n"), "singular");
    String narrow = TextTable.render(sample(2), 10, 6);
    assertTrue(narrow.contains("1 more column (label) (2 rows × 2 columns)"), narrow);
  }

  @Test
  void htmlTableHasCaptionTypesRightAlignedNumbersEscapedTextAndNulls() {
    String html = HtmlTable.render(sample(4), 2);
    assertTrue(html.contains("white-space:nowrap\">sample — 4 rows × 2 columns</caption>"), html);
    assertTrue(html.contains("text-align:right;white-space:nowrap\">n<br><small"), html);
    assertTrue(html.contains("long</small>") && html.contains("string</small>"), "Delta type names: " + html);
    assertTrue(html.contains("text-align:right;white-space:nowrap\">1000</td>"), html);
    assertTrue(html.contains("text-align:left;white-space:nowrap\">&lt;b&gt;0</td>"), html);
    assertTrue(html.contains("text-align:left;white-space:nowrap;color:#aaa;font-style:italic\">null</td>"),
        "a null is aligned with its column: " + html);
    assertTrue(html.contains("&lt;b&gt;0") && !html.contains("<b>0"), "text is escaped");
    assertTrue(html.contains("… 2 more rows"), html);
    assertTrue(html.startsWith("<div style=\"overflow-x:auto"), "a wide table scrolls sideways");
    String long60 = "x".repeat(60);
    String cut = HtmlTable.render(Table.create("long", StringColumn.create("s", long60)), 5);
    assertTrue(cut.contains(" title=\"" + long60 + "\">" + "x".repeat(47) + "…</td>"), "the whole value on hover: " + cut);
  }

  @Test
  void chartsAreValidVegaLiteOverTheirOwnDataAndPngs() throws Exception {
    DeltaTable t = DeltaLens.create(dir.resolve("t")).schema("id long, name string").commit();
    t.newAppend().appendFile(ParquetFiles.ids(dir.resolve("a.parquet"), 1, 2, 3)).commit();
    t.newAppend().appendFile(ParquetFiles.ids(dir.resolve("b.parquet"), 10, 20)).commit();
    t.checkpoint();
    JsonNode ranges = valid(Plots.ranges(t, "id", "id >= 5"));
    assertEquals(List.of(1.0, 10.0), values(ranges.at("/layer/0/data/values"), "min").stream().sorted().toList());
    for (JsonNode file : ranges.at("/layer/0/data/values")) {
      assertEquals(file.get("max").asDouble() >= 5 ? "kept" : "skipped", file.get("read").asText(), file.toString());
    }
    assertEquals(2, ranges.at("/layer/0/encoding/color/scale/domain").size(), "kept and skipped in the legend");
    assertEquals(List.of(5.0), values(ranges.at("/layer/1/data/values"), "filter"), "the filter's bound");
    assertTrue(ranges.path("title").asText().endsWith("(1 of 2 read)"), ranges.path("title").asText());

    JsonNode sizes = valid(Plots.fileSizes(t.files()));
    assertEquals(2.0, values(sizes.at("/layer/0/data/values"), "files").stream().mapToDouble(d -> d).sum());

    t.compact().commit();
    JsonNode growth = valid(Plots.growth(t.history()));
    assertEquals(List.of(0.0, 3.0, 5.0, 5.0), values(growth.at("/layer/0/data/values"), "rows"));

    JsonNode timeline = valid(Plots.timeline(t));
    assertEquals(List.of(0.0, 3.0, 2.0, 0.0), values(timeline.at("/layer/0/data/values"), "rowsAdded"));
    assertEquals("operation", timeline.at("/layer/0/encoding/color/field").asText());
    assertEquals("rule", timeline.at("/layer/1/mark/type").asText(), "checkpoints and compactions are marked");
    assertEquals(List.of(2.0, 3.0), values(timeline.at("/layer/1/data/values"), "version"));
    assertEquals(List.of("checkpoint", "compaction"), timeline.at("/layer/1/data/values").findValuesAsText("mark"));
    assertEquals("independent", timeline.at("/resolve/scale/color").asText(), "a legend for each layer's colours");
  }

  @Test
  void partitionChartsCountRowsPerValue() throws Exception {
    Table files = Table.create("files", StringColumn.create("day", "a", "b", "a"),
        LongColumn.create("numRecords", 1, 2, 3));
    JsonNode spec = valid(Plots.partitionRows(files, "day"));
    assertEquals(List.of(4.0, 2.0), values(spec.at("/layer/0/data/values"), "rows"));
    assertEquals("nominal", spec.at("/layer/0/encoding/x/type").asText());
  }

  /**
   * Checks a chart's Vega-Lite spec as a renderer would need it (every encoded field is in every data row,
   * with a value of the channel's type) and that its PNG decodes; returns the spec.
   */
  static JsonNode valid(Chart chart) throws Exception {
    JsonNode spec = new ObjectMapper().readTree(chart.vegaLite());
    assertEquals("https://vega.github.io/schema/vega-lite/v5.json", spec.path("$schema").asText());
    assertTrue(spec.path("layer").size() > 0, "layers");
    for (JsonNode layer : spec.path("layer")) {
      assertTrue(List.of("bar", "point", "line", "rule").contains(layer.at("/mark/type").asText()), layer.toString());
      JsonNode rows = layer.at("/data/values");
      for (var channel : (Iterable<java.util.Map.Entry<String, JsonNode>>) layer.path("encoding")::fields) {
        List<JsonNode> encodings = channel.getValue().isArray()
            ? java.util.stream.StreamSupport.stream(channel.getValue().spliterator(), false).toList()
            : List.of(channel.getValue());
        for (JsonNode encoding : encodings) {
          String field = encoding.path("field").asText();
          for (JsonNode row : rows) {
            assertTrue(row.has(field), channel.getKey() + " field " + field + " missing in " + row);
            JsonNode value = row.get(field);
            switch (encoding.path("type").asText("quantitative")) {
              case "quantitative" -> assertTrue(value.isNumber() || value.isNull(), field + ": " + value);
              case "temporal" -> java.time.Instant.parse(value.asText());
              default -> assertTrue(value.isTextual(), field + ": " + value);
            }
          }
        }
      }
    }
    java.awt.image.BufferedImage png = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(chart.png()));
    assertTrue(png.getWidth() > 300 && png.getHeight() > 200, "png");
    return spec;
  }

  private static List<Double> values(JsonNode rows, String field) {
    List<Double> values = new java.util.ArrayList<>();
    rows.forEach(r -> values.add(r.get(field).asDouble()));
    return values;
  }
}
