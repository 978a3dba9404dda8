package io.deltalens;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
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
    assertTrue(html.contains(">sample — 4 rows × 2 columns</caption>"), html);
    assertTrue(html.contains("text-align:right;white-space:nowrap\">n<br><small"), html);
    assertTrue(html.contains("text-align:right;white-space:nowrap\">1000</td>"), html);
    assertTrue(html.contains("text-align:left;white-space:nowrap\">&lt;b&gt;0</td>"), html);
    assertTrue(html.contains("font-style:italic\">null</td>"), html);
    assertTrue(html.contains("&lt;b&gt;0") && !html.contains("<b>0"), "text is escaped");
    assertTrue(html.contains("… 2 more rows"), html);
  }

  @Test
  void growthAndRangePlotsFollowTheTable() {
    DeltaTable t = DeltaLens.create(dir.resolve("t")).schema("id long, name string").commit();
    t.newAppend().appendFile(ParquetFiles.ids(dir.resolve("a.parquet"), 1, 2, 3)).commit();
    t.newAppend().appendFile(ParquetFiles.ids(dir.resolve("b.parquet"), 10, 20)).commit();
    XYChart growth = Plots.growth(t.history());
    double[] rows = growth.getSeriesMap().get("rows").getYData();
    assertEquals(List.of(0.0, 3.0, 5.0), java.util.Arrays.stream(rows).boxed().toList());
    XYChart ranges = Plots.ranges(t.files(), "id");
    assertEquals(2, ranges.getSeriesMap().size());
    assertTrue(ranges.getSeriesMap().values().stream().anyMatch(s -> s.getYData()[0] == 10 && s.getYData()[1] == 20));
    byte[] png = Plots.png(growth);
    assertEquals((byte) 0x89, png[0]);
    assertEquals('P', png[1]);
  }
}
