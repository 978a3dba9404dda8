package io.deltalens.internal.kafka;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The messages in a Kafka record's payload: one JSON object ({@code json}), one per line ({@code json-lines}), or
 * none to parse ({@code raw}: columns take the bytes through {@code kafka.value}). A gzip-compressed payload (its
 * magic bytes) is decompressed first. A payload that is not what the format says fails with a
 * {@link JsonValues.BadValue}.
 */
enum Payloads implements PayloadFormat {
  JSON, JSON_LINES, RAW;

  private static final ObjectMapper MAPPER = JsonValues.MAPPER;

  /** The format named on a command line: json, json-lines or raw. */
  static Payloads named(String name) {
    try {
      return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new io.deltalens.DeltaLensException("payload format '" + name
          + "': there are json, json-lines, raw and avro (with its schema file)");
    }
  }

  @Override
  public boolean hasFields() {
    return this != RAW;
  }

  @Override
  public List<JsonNode> messages(byte[] payload) {
    if (this == RAW) {
      return List.of(MissingNode.getInstance());
    }
    if (payload == null) {
      throw new JsonValues.BadValue("the message has no value (a tombstone), not JSON");
    }
    try (InputStream in = gunzipped(payload)) {
      if (this == JSON) {
        JsonNode node = MAPPER.readTree(in);
        return List.of(object(node, ""));
      }
      List<JsonNode> messages = new ArrayList<>();
      try (MappingIterator<JsonNode> lines = MAPPER.readerFor(JsonNode.class).readValues(in)) {
        while (lines.hasNextValue()) {
          messages.add(object(lines.nextValue(), " line " + (messages.size() + 1)));
        }
      }
      return messages;
    } catch (JsonProcessingException e) {
      throw new JsonValues.BadValue("not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new JsonValues.BadValue("cannot decompress the gzip payload: " + e.getMessage());
    } catch (RuntimeException e) {
      throw e instanceof JsonValues.BadValue b ? b : new JsonValues.BadValue("not JSON: " + e.getMessage());
    }
  }

  @Override
  public boolean streams() {
    return this != RAW;
  }

  @Override
  public void stream(byte[] payload, ObjectReader each) {
    if (payload == null) {
      throw new JsonValues.BadValue("the message has no value (a tombstone), not JSON");
    }
    boolean gzip = payload.length > 2 && (payload[0] & 0xff) == 0x1f && (payload[1] & 0xff) == 0x8b;
    try (JsonParser p = gzip ? MAPPER.createParser(gunzipped(payload)) : MAPPER.createParser(payload)) {
      int objects = 0;
      for (JsonToken token = p.nextToken(); token != null; token = this == JSON ? null : p.nextToken()) {
        objects++;
        if (token != JsonToken.START_OBJECT) {
          throw new JsonValues.BadValue("the message" + (this == JSON ? "" : " line " + objects) + " is "
              + kind(token) + ", not a JSON object");
        }
        each.read(p); // JSON: one object; what may follow it is not read (as a tree's read does not)
      }
      if (objects == 0 && this == JSON) {
        throw new JsonValues.BadValue("the message is empty, not a JSON object");
      }
    } catch (JsonProcessingException e) {
      throw new JsonValues.BadValue("not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new JsonValues.BadValue("cannot decompress the gzip payload: " + e.getMessage());
    }
  }

  private static String kind(JsonToken token) {
    return switch (token) {
      case START_ARRAY -> "array";
      case VALUE_STRING -> "string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
      case VALUE_TRUE, VALUE_FALSE -> "boolean";
      default -> "null";
    };
  }

  private static JsonNode object(JsonNode node, String where) {
    if (node == null || !node.isObject()) {
      throw new JsonValues.BadValue("the message" + where + " is " + (node == null ? "empty" : node.getNodeType()
          .toString().toLowerCase(java.util.Locale.ROOT)) + ", not a JSON object");
    }
    return node;
  }

  private static InputStream gunzipped(byte[] payload) throws IOException {
    InputStream in = new ByteArrayInputStream(payload);
    boolean gzip = payload.length > 2 && (payload[0] & 0xff) == 0x1f && (payload[1] & 0xff) == 0x8b;
    return gzip ? new GZIPInputStream(in) : in;
  }
}
