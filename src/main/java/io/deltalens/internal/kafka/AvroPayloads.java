package io.deltalens.internal.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BinaryType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.MapType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import io.deltalens.DeltaLensException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * Avro payloads read with a schema given as a file: a bare binary datum, or Avro's single-object encoding
 * (marker {@code C3 01}, the schema's 8-byte fingerprint, the datum) whose fingerprint must be the given
 * schema's. Each record becomes the JSON tree the column mapping reads: dates and timestamps as ISO-8601
 * text, decimals exact, bytes as binary. The schema also gives the columns of a table created for it.
 */
public final class AvroPayloads implements PayloadFormat {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private final Schema schema;
  private final long fingerprint;
  private final GenericDatumReader<Object> reader;
  private BinaryDecoder decoder; // reused: one worker thread decodes

  private AvroPayloads(Schema schema) {
    if (schema.getType() != Schema.Type.RECORD) {
      throw new DeltaLensException("the Avro schema is a " + schema.getType() + ", not a record");
    }
    this.schema = schema;
    this.fingerprint = SchemaNormalization.parsingFingerprint64(schema);
    this.reader = new GenericDatumReader<>(schema);
  }

  /** The schema in {@code file} (an .avsc); an unreadable or invalid one is an error naming the file. */
  public static AvroPayloads of(io.deltalens.internal.storage.Location file) {
    try (InputStream in = io.deltalens.internal.storage.Storage.open(file)) {
      return new AvroPayloads(new Schema.Parser().parse(in));
    } catch (IOException | org.apache.avro.SchemaParseException e) {
      throw new DeltaLensException("Avro schema " + file + ": " + e.getMessage());
    }
  }

  @Override
  public List<JsonNode> messages(byte[] payload) {
    if (payload == null) {
      throw new JsonValues.BadValue("the message has no value (a tombstone), not Avro");
    }
    int start = 0;
    if (payload.length >= 10 && (payload[0] & 0xff) == 0xC3 && payload[1] == 0x01) {
      long given = ByteBuffer.wrap(payload, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
      if (given != fingerprint) {
        throw new JsonValues.BadValue(String.format("written with the Avro schema of fingerprint %016x, not the"
            + " given schema's %016x", given, fingerprint));
      }
      start = 10;
    }
    try {
      decoder = DecoderFactory.get().binaryDecoder(payload, start, payload.length - start, decoder);
      Object record = reader.read(null, decoder);
      if (!decoder.isEnd()) {
        throw new JsonValues.BadValue("not one Avro record of the given schema: bytes are left after it");
      }
      return List.of(json(record, schema));
    } catch (IOException | RuntimeException e) {
      if (e instanceof JsonValues.BadValue bad) {
        throw bad;
      }
      throw new JsonValues.BadValue("not an Avro record of the given schema: " + e);
    }
  }

  /** An Avro value as the JSON tree the column mapping reads. */
  private static JsonNode json(Object value, Schema schema) {
    if (value == null) {
      return NODES.nullNode();
    }
    LogicalType logical = schema.getLogicalType();
    switch (schema.getType()) {
      case RECORD -> {
        ObjectNode object = NODES.objectNode();
        GenericRecord record = (GenericRecord) value;
        for (Schema.Field field : schema.getFields()) {
          object.set(field.name(), json(record.get(field.pos()), field.schema()));
        }
        return object;
      }
      case ARRAY -> {
        ArrayNode array = NODES.arrayNode();
        for (Object element : (java.util.Collection<?>) value) {
          array.add(json(element, schema.getElementType()));
        }
        return array;
      }
      case MAP -> {
        ObjectNode map = NODES.objectNode();
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
          map.set(entry.getKey().toString(), json(entry.getValue(), schema.getValueType()));
        }
        return map;
      }
      case UNION -> {
        return json(value, schema.getTypes().get(GenericData.get().resolveUnion(schema, value)));
      }
      case INT -> {
        int n = (Integer) value;
        return logical instanceof LogicalTypes.Date ? NODES.textNode(LocalDate.ofEpochDay(n).toString())
            : NODES.numberNode(n);
      }
      case LONG -> {
        return time((Long) value, logical);
      }
      case FLOAT -> {
        return NODES.numberNode((Float) value);
      }
      case DOUBLE -> {
        return NODES.numberNode((Double) value);
      }
      case BOOLEAN -> {
        return NODES.booleanNode((Boolean) value);
      }
      case BYTES, FIXED -> {
        byte[] bytes = value instanceof ByteBuffer buffer ? bytes(buffer) : ((GenericFixed) value).bytes();
        return logical instanceof LogicalTypes.Decimal d
            ? NODES.numberNode(new BigDecimal(new BigInteger(bytes), d.getScale())) : NODES.binaryNode(bytes);
      }
      default -> {
        return NODES.textNode(value.toString()); // string, enum
      }
    }
  }

  /** A long: a timestamp's instant (or local date-time) as ISO-8601 text, else the number. */
  private static JsonNode time(long n, LogicalType logical) {
    if (logical instanceof LogicalTypes.TimestampMillis) {
      return NODES.textNode(Instant.ofEpochMilli(n).toString());
    } else if (logical instanceof LogicalTypes.TimestampMicros) {
      return NODES.textNode(Instant.EPOCH.plusNanos(Math.multiplyExact(n, 1000L)).toString());
    } else if (logical instanceof LogicalTypes.LocalTimestampMillis) {
      return NODES.textNode(LocalDateTime.ofEpochSecond(Math.floorDiv(n, 1000L),
          (int) Math.floorMod(n, 1000L) * 1_000_000, ZoneOffset.UTC).toString());
    } else if (logical instanceof LogicalTypes.LocalTimestampMicros) {
      return NODES.textNode(LocalDateTime.ofEpochSecond(Math.floorDiv(n, 1_000_000L),
          (int) Math.floorMod(n, 1_000_000L) * 1000, ZoneOffset.UTC).toString());
    }
    return NODES.numberNode(n);
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }

  /** The columns of a table for these records: fields by name, nullable where the Avro type is a union with null. */
  public StructType deltaSchema() {
    return struct(schema);
  }

  private static StructType struct(Schema record) {
    List<StructField> fields = new ArrayList<>();
    for (Schema.Field field : record.getFields()) {
      Schema type = field.schema();
      boolean nullable = type.isNullable();
      fields.add(new StructField(field.name(), type(nonNull(type), field.name()), nullable));
    }
    return new StructType(fields);
  }

  private static Schema nonNull(Schema schema) {
    if (schema.getType() != Schema.Type.UNION) {
      return schema;
    }
    List<Schema> branches = schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).toList();
    return branches.size() == 1 ? branches.get(0) : schema;
  }

  private static DataType type(Schema schema, String field) {
    LogicalType logical = schema.getLogicalType();
    return switch (schema.getType()) {
      case RECORD -> struct(schema);
      case ARRAY -> new ArrayType(type(nonNull(schema.getElementType()), field),
          schema.getElementType().isNullable());
      case MAP -> new MapType(StringType.STRING, type(nonNull(schema.getValueType()), field),
          schema.getValueType().isNullable());
      case INT -> logical instanceof LogicalTypes.Date ? DateType.DATE : IntegerType.INTEGER;
      case LONG -> logical instanceof LogicalTypes.TimestampMillis || logical instanceof LogicalTypes.TimestampMicros
          ? TimestampType.TIMESTAMP
          : logical instanceof LogicalTypes.LocalTimestampMillis
              || logical instanceof LogicalTypes.LocalTimestampMicros ? TimestampNTZType.TIMESTAMP_NTZ
              : LongType.LONG;
      case FLOAT -> FloatType.FLOAT;
      case DOUBLE -> DoubleType.DOUBLE;
      case BOOLEAN -> BooleanType.BOOLEAN;
      case BYTES, FIXED -> logical instanceof LogicalTypes.Decimal d
          ? new DecimalType(d.getPrecision(), d.getScale()) : BinaryType.BINARY;
      case STRING, ENUM -> StringType.STRING;
      default -> throw new DeltaLensException("Avro field '" + field + "' is a " + schema
          + ": a union of several types has no Delta column type");
    };
  }
}
