package io.deltalens.internal.read;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import java.io.IOException;

/**
 * The {@code stats} JSON string of an add action, read token by token: a large table has one per file, and
 * building a tree of each was most of the time of listing a version's files.
 */
public final class Stats {
  // a parser per file, on several threads: buffers from a pool they share (a thread-local one costs a lookup
  // each); minimums and maximums of doubles parsed by Jackson's fast parser (JDK's FloatingDecimal: 14% of
  // reading a value)
  private static final JsonFactory JSON = JsonFactory.builder().recyclerPool(JsonRecyclerPools.newLockFreePool())
      .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();

  private Stats() {}

  /** Where a statistic sits in the JSON: minValues, maxValues or nullCount. */
  public enum Kind { MIN, MAX, NULLS }

  /** Takes one statistic: its kind, the column's dotted path ({@code a.b} for a nested field), its value. */
  public interface Leaf {
    void take(Kind kind, String column, JsonParser value) throws IOException;
  }

  /** numRecords, or 0 when the writer kept no statistics. */
  public static long numRecords(String stats) {
    return Math.max(read(stats, null), 0);
  }

  /**
   * Hands every leaf of minValues, maxValues and nullCount to {@code leaf} (none when null; arrays are not
   * statistics) and returns numRecords, or -1 when the stats are absent or not JSON.
   */
  public static long read(String stats, Leaf leaf) {
    if (stats == null || stats.isBlank()) {
      return -1;
    }
    try (JsonParser parser = JSON.createParser(stats)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return -1;
      }
      long records = -1;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        Kind kind = switch (name) {
          case "minValues" -> Kind.MIN;
          case "maxValues" -> Kind.MAX;
          case "nullCount" -> Kind.NULLS;
          default -> null;
        };
        if (name.equals("numRecords") && value.isNumeric()) {
          records = parser.getLongValue();
          if (leaf == null) {
            return records; // most writers put it first
          }
        } else if (kind != null && leaf != null && value == JsonToken.START_OBJECT) {
          leaves(parser, kind, "", leaf);
        } else {
          parser.skipChildren();
        }
      }
      return records;
    } catch (IOException e) {
      return -1;
    }
  }

  private static void leaves(JsonParser parser, Kind kind, String prefix, Leaf leaf) throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String column = prefix.isEmpty() ? parser.currentName() : prefix + "." + parser.currentName();
      JsonToken value = parser.nextToken();
      if (value == JsonToken.START_OBJECT) {
        leaves(parser, kind, column, leaf);
      } else if (value == JsonToken.START_ARRAY) {
        parser.skipChildren();
      } else {
        leaf.take(kind, column, parser);
      }
    }
  }
}
