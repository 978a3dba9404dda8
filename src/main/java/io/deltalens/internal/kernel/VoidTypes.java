package io.deltalens.internal.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.deltalens.internal.engine.Kernel;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Columns of type {@code void} (Spark's NullType, e.g. {@code CREATE TABLE .. AS SELECT NULL AS c}), which
 * Kernel cannot parse: as the log is read, each {@code "type":"void"} in a schema string becomes a
 * nullable string field with {@link #MARKER} in its metadata. Parquet files hold no data for such a
 * column, so it reads as nulls, as in Spark. Nothing deltalens writes may carry the changed schema: appends
 * and checkpoints refuse tables with void columns ({@link #columns}).
 */
public final class VoidTypes {
  /** Field metadata key of a column that is {@code void} in the log. */
  public static final String MARKER = "deltalens.voidType";
  private static final ObjectMapper JSON = new ObjectMapper();

  private VoidTypes() {}

  /** The top-level void columns of {@code schema}. */
  public static java.util.List<String> columns(StructType schema) {
    return schema.fields().stream().filter(VoidTypes::isVoid).map(StructField::getName).toList();
  }

  public static boolean isVoid(StructField field) {
    return field.getMetadata().contains(MARKER);
  }

  /** {@code batch} with the schema strings of its metaData (commits, checkpoints) or metadata (checksums) rewritten. */
  public static ColumnarBatch rewrite(ColumnarBatch batch) {
    StructType schema = batch.getSchema();
    for (int i = 0; i < schema.length(); i++) {
      StructField field = schema.at(i);
      if (field.getDataType() instanceof StructType struct && struct.indexOf("schemaString") >= 0) {
        ColumnVector action = batch.getColumnVector(i);
        batch = batch.withDeletedColumnAt(i)
            .withNewColumn(i, field, new WithSchema(action, struct.indexOf("schemaString")));
      }
    }
    return batch;
  }

  /** A metaData struct whose schemaString child has void types rewritten. */
  private record WithSchema(ColumnVector action, int schemaAt) implements ColumnVector {
    @Override
    public DataType getDataType() {
      return action.getDataType();
    }

    @Override
    public int getSize() {
      return action.getSize();
    }

    @Override
    public boolean isNullAt(int row) {
      return action.isNullAt(row);
    }

    @Override
    public ColumnVector getChild(int ordinal) {
      return ordinal == schemaAt ? new Schemas(action.getChild(ordinal)) : action.getChild(ordinal);
    }

    @Override
    public void close() {
      action.close();
    }
  }

  private record Schemas(ColumnVector strings) implements ColumnVector {
    @Override
    public DataType getDataType() {
      return strings.getDataType();
    }

    @Override
    public int getSize() {
      return strings.getSize();
    }

    @Override
    public boolean isNullAt(int row) {
      return strings.isNullAt(row);
    }

    @Override
    public String getString(int row) {
      return rewrite(strings.getString(row));
    }

    @Override
    public void close() {
      strings.close();
    }
  }

  /** A schema JSON with every void type a string (fields marked with {@link #MARKER}). */
  public static String rewrite(String schema) {
    if (schema == null || !schema.contains("\"void\"")) {
      return schema;
    }
    try {
      JsonNode root = JSON.readTree(schema);
      walk(root);
      return JSON.writeValueAsString(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void walk(JsonNode node) {
    if (node instanceof ObjectNode object) {
      if (object.has("name") && "void".equals(object.path("type").asText(null))) {
        object.put("type", "string");
        JsonNode metadata = object.get("metadata");
        (metadata instanceof ObjectNode m ? m : object.putObject("metadata")).put(MARKER, true);
      }
      for (String key : new String[] {"elementType", "valueType", "keyType"}) {
        if ("void".equals(object.path(key).asText(null))) {
          object.put(key, "string");
        }
      }
      object.elements().forEachRemaining(VoidTypes::walk);
    } else if (node != null && node.isArray()) {
      node.elements().forEachRemaining(VoidTypes::walk);
    }
  }
}
