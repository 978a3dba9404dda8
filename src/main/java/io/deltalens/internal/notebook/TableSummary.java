package io.deltalens.internal.notebook;

import io.deltalens.DeltaTable;
import io.deltalens.HtmlTable;
import io.deltalens.TableSchema;
import io.deltalens.TextTable;
import io.deltalens.internal.frame.Words;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.Table;
import static io.deltalens.HtmlTable.escape;

/**
 * What a table handle shows as a cell's result: where the table is, its version and size, its schema as a
 * tree (Delta types, nullability, partition columns), protocol and features, properties and the last
 * commits. Built from the handle's own views, so it says what {@code describe()} and {@code history()} say.
 */
final class TableSummary {
  private static final int COMMITS = 5;
  private final DeltaTable table;
  private final Map<String, Map<String, String>> described;
  private final TableSchema schema;
  private final Table commits;

  private TableSummary(DeltaTable table) {
    this.table = table;
    this.described = sections(table.describe());
    this.schema = table.schema();
    Table history = table.history();
    this.commits = history.first(COMMITS).selectColumns("version", "timestamp", "operation", "filesAdded",
        "filesRemoved", "rowsAdded").setName("last commits of " + history.rowCount());
  }

  static TableSummary of(DeltaTable table) {
    return new TableSummary(table);
  }

  String html() {
    Map<String, String> size = described.get("size");
    Map<String, String> protocol = described.get("protocol");
    StringBuilder html = new StringBuilder("<div class=\"dl-summary\" style=\"font-size:13px\">")
        .append("<div style=\"font-weight:bold;font-size:14px\">Delta table ").append(escape(table.location()))
        .append("</div><div>").append(escape(headline(size))).append("</div>")
        .append("<div style=\"display:flex;gap:32px;flex-wrap:wrap;align-items:flex-start;margin-top:6px\">")
        .append("<div><b>schema</b><ul style=\"margin:2px 0;padding-left:18px;font-family:monospace\">");
    schema.columns().forEach(c -> column(html, c));
    html.append("</ul></div><div><b>protocol</b><br>reader ").append(protocol.get("minReaderVersion"))
        .append(", writer ").append(protocol.get("minWriterVersion"))
        .append("<br>reader features: ").append(escape(protocol.get("readerFeatures")))
        .append("<br>writer features: ").append(escape(protocol.get("writerFeatures")));
    Map<String, String> properties = described.getOrDefault("property", Map.of());
    if (!properties.isEmpty()) {
      html.append("<br><br><b>properties</b>");
      properties.forEach((k, v) -> html.append("<br>").append(escape(k)).append(" = ").append(escape(v)));
    }
    html.append("</div></div><div style=\"margin-top:6px\">").append(HtmlTable.render(commits, COMMITS))
        .append("</div></div>");
    return html.toString();
  }

  String text() {
    Map<String, String> protocol = described.get("protocol");
    List<String> lines = new ArrayList<>();
    lines.add("Delta table " + table.location());
    lines.add(headline(described.get("size")));
    lines.add("schema:");
    schema.columns().forEach(c -> columnText(lines, c, "  "));
    lines.add("protocol: reader " + protocol.get("minReaderVersion") + ", writer "
        + protocol.get("minWriterVersion") + "; reader features: " + protocol.get("readerFeatures")
        + "; writer features: " + protocol.get("writerFeatures"));
    described.getOrDefault("property", Map.of()).forEach((k, v) -> lines.add("property " + k + " = " + v));
    return String.join("\n", lines) + "\n" + TextTable.render(commits, COMMITS, 120);
  }

  private String headline(Map<String, String> size) {
    List<String> partitions = table.partitionColumns();
    return "version " + size.get("version") + " · " + Words.count(Long.parseLong(size.get("rows")), "row")
        + " · " + Words.count(Long.parseLong(size.get("files")), "file") + " · "
        + Words.bytes(Long.parseLong(size.get("bytes")))
        + (partitions.isEmpty() ? "" : " · partitioned by " + String.join(", ", partitions));
  }

  private void column(StringBuilder html, TableSchema.Column column) {
    html.append("<li>").append(escape(column.name())).append(" <span style=\"color:#666\">")
        .append(escape(column.fields().isEmpty() ? column.type() : kind(column.type()))).append("</span>")
        .append(column.nullable() ? "" : " <span style=\"color:#b00\">not null</span>")
        .append(table.partitionColumns().contains(column.name()) ? " <i>(partition)</i>" : "");
    if (!column.fields().isEmpty()) {
      html.append("<ul style=\"margin:0;padding-left:18px\">");
      column.fields().forEach(f -> column(html, f));
      html.append("</ul>");
    }
    html.append("</li>");
  }

  private void columnText(List<String> lines, TableSchema.Column column, String indent) {
    lines.add(indent + column.name() + " " + (column.fields().isEmpty() ? column.type() : kind(column.type()))
        + (column.nullable() ? "" : " not null")
        + (table.partitionColumns().contains(column.name()) ? " (partition)" : ""));
    column.fields().forEach(f -> columnText(lines, f, indent + "  "));
  }

  /** struct, array or map: a nested column's kind, its fields listed under it. */
  private static String kind(String type) {
    int bracket = type.indexOf('<');
    return bracket < 0 ? type : type.substring(0, bracket);
  }

  /** describe()'s rows as section → name → value. */
  private static Map<String, Map<String, String>> sections(Table describe) {
    Map<String, Map<String, String>> sections = new LinkedHashMap<>();
    for (int r = 0; r < describe.rowCount(); r++) {
      sections.computeIfAbsent(describe.getString(r, "section"), s -> new LinkedHashMap<>())
          .put(describe.getString(r, "name"), describe.getString(r, "value"));
    }
    return sections;
  }
}
