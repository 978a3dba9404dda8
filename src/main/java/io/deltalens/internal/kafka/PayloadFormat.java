package io.deltalens.internal.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * How a Kafka record's value becomes messages: JSON trees whose fields the column mapping reads (Avro records
 * are turned into the same trees, so one mapping and one set of coercions serve every format).
 */
interface PayloadFormat {
  /** The messages in {@code payload}; one that is not what the format says fails with a {@link JsonValues.BadValue}. */
  List<JsonNode> messages(byte[] payload);

  /** Whether messages have fields to map (raw payloads have none). */
  default boolean hasFields() {
    return true;
  }
}
