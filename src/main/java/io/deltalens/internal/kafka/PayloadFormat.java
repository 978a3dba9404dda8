package io.deltalens.internal.kafka;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;

/**
 * How a Kafka record's value becomes messages: JSON trees whose fields the column mapping reads (Avro records
 * are turned into the same trees, so one mapping and one set of coercions serve every format), or, for JSON,
 * objects read as they stream, without a tree.
 */
interface PayloadFormat {
  /** The messages in {@code payload}; one that is not what the format says fails with a {@link JsonValues.BadValue}. */
  List<JsonNode> messages(byte[] payload);

  /** Whether messages have fields to map (raw payloads have none). */
  default boolean hasFields() {
    return true;
  }

  /** Whether {@link #stream} reads this format's messages. */
  default boolean streams() {
    return false;
  }

  /**
   * Hands each message of {@code payload} to {@code each} as a parser at its object's start, to be read to its
   * end; fails as {@link #messages} does.
   */
  default void stream(byte[] payload, ObjectReader each) {
    throw new UnsupportedOperationException();
  }

  /** Reads one JSON object from its start token to its end. */
  interface ObjectReader {
    void read(JsonParser p) throws IOException;
  }
}
