package io.deltalens.internal.notebook;

import io.deltalens.DeltaLens;
import io.deltalens.DeltaTable;
import io.deltalens.ParquetFiles;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TableSummaryTest {
  @TempDir Path dir;

  @Test
  void aHandleShowsWhereWhatSizeSchemaTreeProtocolAndLastCommits() {
    DeltaTable t = DeltaLens.create(dir.resolve("t"))
        .schema("id long not null, name string, address struct<city string, zip int>").commit();
    t.newAppend().appendFile(ParquetFiles.ids(dir.resolve("a.parquet"), 1, 2, 3)).commit();
    TableSummary summary = TableSummary.of(t);

    String text = summary.text();
    assertTrue(text.startsWith("Delta table " + t.location() + "\nversion 1 · 3 rows · 1 file · "), text);
    assertTrue(text.contains("\n  id long not null\n  name string\n  address struct\n    city string\n    zip integer\n"),
        "nested fields as a tree: " + text);
    assertTrue(text.contains("protocol: reader "), text);
    assertTrue(text.contains("WRITE") && text.contains("CREATE TABLE"), "the last commits: " + text);

    String html = summary.html();
    assertTrue(html.contains("Delta table " + t.location()), html);
    assertTrue(html.contains("<li>address <span style=\"color:#666\">struct</span><ul"), "a tree: " + html);
    assertTrue(html.contains("<li>id <span style=\"color:#666\">long</span> <span style=\"color:#b00\">not null"),
        html);
    assertTrue(html.contains("last commits of 2"), html);
  }
}
