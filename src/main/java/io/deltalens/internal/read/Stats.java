package io.deltalens.internal.read;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/** The {@code stats} JSON string of an add action. */
public final class Stats {
  private Stats() {}

  /** numRecords, or 0 when the writer kept no statistics. */
  public static long numRecords(String stats) {
    return LogFiles.parse(stats).map(s -> s.path("numRecords").asLong(0)).orElse(0L);
  }

  /** Flattens {"a":{"b":1}} to a.b → node, for minValues, maxValues and nullCount. */
  public static void flatten(String prefix, JsonNode node, Map<String, JsonNode> out) {
    if (node == null || !node.isObject()) {
      return;
    }
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String name = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
      if (field.getValue().isObject()) {
        flatten(name, field.getValue(), out);
      } else {
        out.put(name, field.getValue());
      }
    }
  }
}
