package io.deltalens.internal.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.types.StructType;
import io.deltalens.internal.kernel.Schemas;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Messages into a batch's columns, streamed and from trees (the two must give the same rows): past the columns'
 * first growth, with nulls, nested structs, a name given twice, a message taken back half-way, rows removed and
 * batches cut at a row.
 */
class RowBufferTest {
  static final StructType SCHEMA = Schemas.parse("id long not null, n int, x double, ts timestamp, d date,"
      + " s string, dev struct<os string, v int>, tags array<string>");
  static final int ROWS = 3000; // past the first growth of every column (1,024)

  private static String message(int i) {
    String dev = i % 7 == 0 ? "null" : i % 5 == 0 ? "{\"v\": 1, \"v\": " + i + "}" : "{\"os\": \"os" + (i % 3)
        + "\", \"v\": " + i + ", \"extra\": [1, {\"a\": 2}]}";
    // strings: ASCII, not ASCII (a surrogate pair too), null, an object's JSON
    String s = i % 2 == 0 ? "\"s" + i + (i % 6 == 0 ? "é\u00fc😀" : "") + "\""
        : i % 9 == 1 ? "null" : "{\"o\": " + i + "}";
    return "{\"id\": " + i + ", \"n\": " + (i % 11 == 0 ? "null" : "\"" + i + "\"") + ", \"x\": " + i / 4.0
        + ", \"ts\": \"2024-05-01T00:00:00Z\", \"d\": " + (1714521600L + 86400L * (i % 3)) + ", \"s\": "
        + s + ", \"dev\": " + dev + ", \"tags\": [\"t" + i + "\"]}";
  }

  private static ConsumerRecord<byte[], byte[]> record(long offset, String value) {
    return new ConsumerRecord<>("t", 0, offset, null, value.getBytes(StandardCharsets.UTF_8));
  }

  private static RowBuffer streamed(List<String> messages) {
    ColumnSources sources = ColumnSources.of(SCHEMA, List.of(), Set.of());
    assertTrue(sources.streams());
    RowBuffer buffer = new RowBuffer(SCHEMA);
    for (int i = 0; i < messages.size(); i++) {
      ConsumerRecord<byte[], byte[]> record = record(i, messages.get(i));
      Payloads.JSON.stream(record.value(), p -> sources.append(buffer, record, p));
    }
    return buffer;
  }

  private static RowBuffer fromTrees(List<String> messages) throws Exception {
    ColumnSources sources = ColumnSources.of(SCHEMA, List.of(), Set.of());
    RowBuffer buffer = new RowBuffer(SCHEMA);
    for (int i = 0; i < messages.size(); i++) {
      ConsumerRecord<byte[], byte[]> record = record(i, messages.get(i));
      for (JsonNode message : Payloads.JSON.messages(record.value())) {
        sources.append(buffer, record, message);
      }
    }
    return buffer;
  }

  /** Every value of a batch as text, row by row. */
  private static List<String> rows(ColumnarBatch batch) {
    List<String> rows = new ArrayList<>();
    for (int row = 0; row < batch.getSize(); row++) {
      StringBuilder text = new StringBuilder();
      for (int c = 0; c < SCHEMA.length(); c++) {
        text.append(value(batch.getColumnVector(c), row)).append('|');
      }
      rows.add(text.toString());
    }
    return rows;
  }

  private static String value(ColumnVector v, int row) {
    if (v.isNullAt(row)) {
      return "null";
    }
    return switch (v.getDataType().toString()) {
      case "long", "timestamp" -> String.valueOf(v.getLong(row));
      case "integer", "date" -> String.valueOf(v.getInt(row));
      case "double" -> String.valueOf(v.getDouble(row));
      case "string" -> v.getString(row);
      default -> v.getDataType() instanceof StructType
          ? "{" + value(v.getChild(0), row) + "," + value(v.getChild(1), row) + "}"
          : v.getArray(row).getElements().getString(0);
    };
  }

  @Test
  void streamedRowsAreTheTreesRowsPastTheColumnsGrowth() throws Exception {
    List<String> messages = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      messages.add(message(i));
    }
    RowBuffer streamed = streamed(messages);
    RowBuffer trees = fromTrees(messages);
    assertEquals(ROWS, streamed.rows());
    List<String> expected = rows(trees.drain(trees.rows()));
    List<String> got = rows(streamed.drain(streamed.rows()));
    assertEquals(expected, got);
    assertEquals("5|5|1.25|1714521600000000|19846|{\"o\":5}|{null,5}|t5|", got.get(5), "a name given twice:"
        + " the last counts; a missing field: null; an object into a string: its JSON");
    assertEquals("7|7|1.75|1714521600000000|19845|{\"o\":7}|null|t7|", got.get(7));
    assertEquals("22|null|5.5|1714521600000000|19845|s22|{os1,22}|t22|", got.get(22));
    assertEquals(0, streamed.rows());
  }

  @Test
  void aBadValueHalfWayIsTakenBackAndRowsCanBeRemovedOrCutAtARow() throws Exception {
    ColumnSources sources = ColumnSources.of(SCHEMA, List.of(), Set.of());
    RowBuffer buffer = new RowBuffer(SCHEMA);
    for (int i = 0; i < 1500; i++) {
      ConsumerRecord<byte[], byte[]> record = record(i, message(i));
      Payloads.JSON.stream(record.value(), p -> sources.append(buffer, record, p));
    }
    ConsumerRecord<byte[], byte[]> bad = record(1500, "{\"id\": 1500, \"dev\": {\"os\": \"x\", \"v\": \"nine\"}}");
    JsonValues.BadValue e = assertThrows(JsonValues.BadValue.class,
        () -> Payloads.JSON.stream(bad.value(), p -> sources.append(buffer, bad, p)));
    assertEquals("dev.v: \"nine\" is not a number, the column is integer", e.getMessage());
    buffer.truncate(1500); // the half-added row goes
    ConsumerRecord<byte[], byte[]> noId = record(1501, "{\"n\": 1}");
    assertThrows(JsonValues.BadValue.class,
        () -> Payloads.JSON.stream(noId.value(), p -> sources.append(buffer, noId, p)));
    buffer.truncate(1500);
    List<String> all = rows(buffer.slice(0));
    assertEquals(1500, all.size());
    boolean[] drop = new boolean[500]; // rows 1000..1499: every third goes
    for (int i = 0; i < drop.length; i++) {
      drop[i] = i % 3 == 0;
    }
    buffer.remove(1000, drop);
    List<String> kept = new ArrayList<>(all.subList(0, 1000));
    for (int i = 0; i < 500; i++) {
      if (i % 3 != 0) {
        kept.add(all.get(1000 + i));
      }
    }
    assertEquals(kept.size(), buffer.rows());
    assertEquals(1001, buffer.offsetAt(1000));
    List<String> first = rows(buffer.drain(1200));
    assertEquals(kept.subList(0, 1200), first);
    assertEquals(kept.size() - 1200, buffer.rows());
    assertEquals(kept.subList(1200, kept.size()), rows(buffer.drain(buffer.rows())));
  }

  @Test
  void jsonLinesStreamOneRowPerObject() {
    ColumnSources sources = ColumnSources.of(SCHEMA, List.of(), Set.of());
    RowBuffer buffer = new RowBuffer(SCHEMA);
    ConsumerRecord<byte[], byte[]> record = record(9, "{\"id\": 1}\n{\"id\": 2}\n\n{\"id\": 3}\n");
    Payloads.JSON_LINES.stream(record.value(), p -> sources.append(buffer, record, p));
    assertEquals(3, buffer.rows());
    assertEquals(9, buffer.offsetAt(2));
    JsonValues.BadValue e = assertThrows(JsonValues.BadValue.class,
        () -> Payloads.JSON_LINES.stream("{\"id\": 4}\n[5]".getBytes(StandardCharsets.UTF_8), JsonParser::skipChildren));
    assertEquals("the message line 2 is array, not a JSON object", e.getMessage());
  }
}
