package io.deltalens.internal.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import io.deltalens.DeltaLensException;
import io.deltalens.internal.storage.Location;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Which table a message goes to (several tables from one topic, kafka-delta-ingest #161): rules
 * {@code selector=value:table}, tried in order, the first whose selector — a field path or a
 * {@code kafka.<property>}, as a column mapping names one — has the value (compared as text) wins; a message no
 * rule matches goes to the default table, or, without one, cannot be ingested (a dead letter). The value may be
 * quoted ({@code type='a:b':/data/t}) to hold a colon.
 */
public final class Routes {
  private record Rule(ColumnSources.Source selector, String value, int table) {}

  private final List<Rule> rules;
  private final List<Location> tables;
  private final int fallback;
  private final Map<String, ColumnSources.Source> selectors; // each distinct one, for errors

  private Routes(List<Rule> rules, List<Location> tables, int fallback,
      Map<String, ColumnSources.Source> selectors) {
    this.rules = rules;
    this.tables = tables;
    this.fallback = fallback;
    this.selectors = selectors;
  }

  /** The rules {@code specs} with {@code fallback} (null: none) for messages none of them matches. */
  public static Routes of(List<String> specs, Location fallback) {
    List<Location> tables = new ArrayList<>();
    List<Rule> rules = new ArrayList<>();
    Map<String, ColumnSources.Source> selectors = new LinkedHashMap<>();
    for (String spec : specs) {
      int eq = spec.indexOf('=');
      if (eq <= 0) {
        throw new DeltaLensException("route '" + spec + "': expected selector=value:table, e.g. type=click:/data/clicks");
      }
      String selector = spec.substring(0, eq).trim();
      String rest = spec.substring(eq + 1).trim();
      String value;
      int colon;
      if (rest.startsWith("'")) {
        int close = rest.indexOf('\'', 1);
        colon = close < 0 ? -1 : rest.indexOf(':', close);
        value = close < 0 ? null : rest.substring(1, close);
        if (colon != close + 1) {
          colon = -1;
        }
      } else {
        colon = rest.indexOf(':');
        value = colon < 0 ? null : rest.substring(0, colon).trim();
      }
      if (colon < 0 || rest.substring(colon + 1).isBlank()) {
        throw new DeltaLensException("route '" + spec + "': expected selector=value:table, e.g. type=click:/data/clicks");
      }
      ColumnSources.Source source = ColumnSources.selector(selector, "route");
      rules.add(new Rule(source, value, indexOf(tables, Location.of(rest.substring(colon + 1).trim()))));
      selectors.putIfAbsent(selector, source);
    }
    if (fallback == null && rules.isEmpty()) {
      throw new DeltaLensException("name the table to ingest into (--table), or routes to tables (--route)");
    }
    return new Routes(rules, tables, fallback == null ? -1 : indexOf(tables, fallback), selectors);
  }

  private static int indexOf(List<Location> tables, Location table) {
    int at = tables.indexOf(table);
    if (at < 0) {
      tables.add(table);
      return tables.size() - 1;
    }
    return at;
  }

  /** Whether a rule reads the message's fields (a raw payload has none). */
  boolean readsFields() {
    return rules.stream().anyMatch(rule -> rule.selector().kafka() == null);
  }

  /** Every table messages may go to: the rules' in their order, then the default one. */
  public List<Location> tables() {
    return tables;
  }

  /** The index in {@link #tables()} of {@code message}'s table, -1 when it has none. */
  int tableOf(ConsumerRecord<byte[], byte[]> record, JsonNode message) {
    for (Rule rule : rules) {
      if (rule.value().equals(text(rule.selector().in(record, message)))) {
        return rule.table();
      }
    }
    return fallback;
  }

  /** Why {@code message} has no table, for its dead letter. */
  String unrouted(ConsumerRecord<byte[], byte[]> record, JsonNode message) {
    List<String> values = new ArrayList<>();
    selectors.forEach((text, source) -> {
      String value = text(source.in(record, message));
      values.add(text + (value == null ? " is absent" : " = '" + value + "'"));
    });
    return "no route takes this message (" + String.join(", ", values) + ") and there is no default table"
        + " (--table)";
  }

  private static String text(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node.isBinary()) {
      return new String(((BinaryNode) node).binaryValue(),
          StandardCharsets.UTF_8);
    }
    return node.isValueNode() ? node.asText() : node.toString();
  }
}
