package io.deltalens.internal.kafka;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import io.deltalens.DeltaLensException;
import io.deltalens.internal.expr.Tokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Where each column's value comes from: by default the message's field of the column's name; a mapping
 * {@code column = source} names another: a field path ({@code user.id}), a Kafka property ({@code kafka.topic},
 * {@code kafka.partition}, {@code kafka.offset}, {@code kafka.timestamp}, {@code kafka.key}, {@code kafka.headers},
 * {@code kafka.value}: the raw payload) or {@code to_date(path)} / {@code to_timestamp(path)}, which say the
 * column's type is meant (the coercion itself is the column type's). Columns the table fills itself (generated,
 * identity) take no message field unless mapped.
 */
final class ColumnSources {
  private static final Pattern TOKEN = Pattern.compile("\\s*(`[^`]+`|[A-Za-z_][A-Za-z0-9_]*|[.()=])");
  // in the order the error lists them
  private static final List<String> KAFKA = List.of("topic", "partition", "offset", "timestamp", "key", "headers",
      "value");

  /** One column's source: a path into the message, or a Kafka property ({@code kafka} non-null). */
  record Source(String[] path, String kafka) {
    /** Its value in {@code message} (a decoded payload, or missing) of {@code record}; null when absent. */
    JsonNode in(ConsumerRecord<byte[], byte[]> record, JsonNode message) {
      return kafka != null ? ColumnSources.kafka(record, kafka) : at(message, path);
    }
  }

  private final Source[] sources;
  private final FieldIndex byField; // a message's top-level field: the column it fills (streaming)

  private ColumnSources(Source[] sources) {
    this.sources = sources;
    Map<String, Integer> fields = new HashMap<>();
    for (int i = 0; i < sources.length; i++) {
      if (sources[i] != null && sources[i].kafka() == null && sources[i].path().length == 1
          && fields.putIfAbsent(sources[i].path()[0], i) != null) {
        fields.clear(); // one field for two columns: not streamed
        break;
      }
    }
    this.byField = new FieldIndex(fields);
  }

  /** The sources of {@code schema}'s columns, with {@code mappings} ("column = source") over the defaults. */
  static ColumnSources of(StructType schema, List<String> mappings, Set<String> filled) {
    Map<String, Source> mapped = new HashMap<>();
    for (String mapping : mappings) {
      Tokens tokens = new Tokens(TOKEN, mapping, "column mapping");
      String column = name(tokens.next("a column name"));
      int at = schema.indexOf(column);
      if (at < 0) {
        throw new DeltaLensException("column mapping '" + mapping + "': the table has no column '" + column
            + "' (" + String.join(", ", schema.fieldNames()) + ")");
      }
      tokens.expect("=");
      mapped.put(column, source(tokens, mapping, schema.at(at)));
      tokens.requireEnd(mapping);
    }
    Source[] sources = new Source[schema.length()];
    for (int i = 0; i < sources.length; i++) {
      String name = schema.at(i).getName();
      sources[i] = mapped.getOrDefault(name, filled.contains(name) ? null : new Source(new String[] {name}, null));
    }
    return new ColumnSources(sources);
  }

  /** A field path or a {@code kafka.<property>}, as a route's selector names it ({@code what} in errors). */
  static Source selector(String text, String what) {
    Tokens tokens = new Tokens(TOKEN, text, what);
    Source source = path(tokens, tokens.next("a field or kafka.<property>"), what + " '" + text + "'");
    tokens.requireEnd(text);
    return source;
  }

  private static Source source(Tokens tokens, String mapping, StructField column) {
    String first = tokens.next("a field, kafka.<property>, to_date(field) or to_timestamp(field)");
    if (tokens.accept("(")) {
      DataType type = column.getDataType();
      boolean fits = switch (first.toLowerCase(java.util.Locale.ROOT)) {
        case "to_date" -> type instanceof DateType;
        case "to_timestamp" -> type instanceof TimestampType || type instanceof TimestampNTZType;
        default -> throw new DeltaLensException("column mapping '" + mapping + "': unknown function " + first
            + " (there are to_date and to_timestamp)");
      };
      if (!fits) {
        throw new DeltaLensException("column mapping '" + mapping + "': " + first + " gives a value column '"
            + column.getName() + "' (" + type + ") cannot hold");
      }
      Source inner = path(tokens, tokens.next("a field"), "column mapping '" + mapping + "'");
      tokens.expect(")");
      return inner;
    }
    return path(tokens, first, "column mapping '" + mapping + "'");
  }

  private static Source path(Tokens tokens, String first, String label) {
    List<String> path = new ArrayList<>(List.of(name(first)));
    while (tokens.accept(".")) {
      path.add(name(tokens.next("a field name after '.'")));
    }
    if (path.get(0).equals("kafka") && path.size() == 2) {
      if (!KAFKA.contains(path.get(1))) {
        throw new DeltaLensException(label + ": kafka." + path.get(1)
            + " is none of kafka." + String.join(", kafka.", KAFKA));
      }
      return new Source(null, path.get(1));
    }
    return new Source(path.toArray(String[]::new), null);
  }

  private static String name(String token) {
    return token.startsWith("`") ? token.substring(1, token.length() - 1) : token;
  }

  /** Whether any column reads the message's fields (a raw payload has none). */
  boolean readsFields() {
    for (Source source : sources) {
      if (source != null && source.kafka() == null) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a message's columns can be read as it streams: each column is a top-level field's (its own by
   * default), a Kafka property's or the table's own, and no field fills two columns.
   */
  boolean streams() {
    for (Source source : sources) {
      if (source != null && source.kafka() == null && !byField.has(source.path()[0])) {
        return false;
      }
    }
    return true;
  }

  /**
   * Adds the row of the object {@code p} is at (its start) to {@code buffer}, field by field as the parser
   * reads them (see {@link #streams}). A value that does not fit fails with a BadValue; the caller takes the
   * half-added row back.
   */
  void append(RowBuffer buffer, ConsumerRecord<byte[], byte[]> record, JsonParser p) throws IOException {
    int row = buffer.rows();
    for (int place = 0; p.nextToken() == JsonToken.FIELD_NAME; place++) {
      int at = byField.of(p.currentName(), place);
      p.nextToken();
      if (at < 0) {
        p.skipChildren(); // a field the table has no column for
        continue;
      }
      RowBuffer.Column column = buffer.column(at);
      if (column.size > row) {
        column.truncate(row); // a name given twice: the last value counts, as in a tree
      }
      column.takeOrNull(p);
    }
    for (int i = 0; i < sources.length; i++) {
      RowBuffer.Column column = buffer.column(i);
      if (column.size == row) {
        fill(column, sources[i], record, MissingNode.getInstance());
      }
    }
    buffer.endRow(record.offset());
  }

  /** Adds the row of {@code message} (a decoded payload, or missing) of {@code record} to {@code buffer}. */
  void append(RowBuffer buffer, ConsumerRecord<byte[], byte[]> record, JsonNode message) throws IOException {
    for (int i = 0; i < sources.length; i++) {
      fill(buffer.column(i), sources[i], record, message);
    }
    buffer.endRow(record.offset());
  }

  private static void fill(RowBuffer.Column column, Source source, ConsumerRecord<byte[], byte[]> record,
      JsonNode message) throws IOException {
    if (source == null) {
      column.pad(); // the table fills it
      return;
    }
    JsonNode value = source.in(record, message);
    if (value == null || value.isNull() || value.isMissingNode()) {
      column.takeNull();
    } else {
      column.take(JsonValues.tokens(value));
    }
  }

  private static JsonNode at(JsonNode message, String[] path) {
    JsonNode node = message;
    for (String name : path) {
      node = node == null || !node.isObject() ? null : node.get(name);
    }
    return node;
  }

  private static JsonNode kafka(ConsumerRecord<byte[], byte[]> record, String property) {
    JsonNodeFactory json = JsonNodeFactory.instance;
    return switch (property) {
      case "topic" -> json.textNode(record.topic());
      case "partition" -> json.numberNode(record.partition());
      case "offset" -> json.numberNode(record.offset());
      case "timestamp" -> json.numberNode(record.timestamp()); // milliseconds, as Kafka keeps them
      case "key" -> record.key() == null ? null : BinaryNode.valueOf(record.key());
      case "value" -> record.value() == null ? null : BinaryNode.valueOf(record.value());
      case "headers" -> headers(record);
      default -> MissingNode.getInstance();
    };
  }

  private static ObjectNode headers(ConsumerRecord<byte[], byte[]> record) {
    ObjectNode headers = JsonNodeFactory.instance.objectNode();
    for (Header header : record.headers()) {
      headers.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
    }
    return headers;
  }
}
