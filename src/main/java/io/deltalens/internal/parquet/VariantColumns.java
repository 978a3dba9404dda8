package io.deltalens.internal.parquet;

import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.engine.ParquetHandler;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.VariantType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import io.deltalens.internal.engine.Kernel;
import io.deltalens.internal.kernel.Iterators;
import io.deltalens.internal.kernel.JsonText;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Top-level variant columns (Spark 4's and Databricks' {@code VARIANT}), which Kernel's parquet reader
 * refuses. In a file a variant is a group of {@code metadata} and {@code value} binaries, and when shredded
 * also a {@code typed_value} holding some of the values as parquet types: Kernel's reader takes the group as
 * the struct it is, and each row becomes the JSON text of its value (the frame shows it as text, as it
 * shows nested values), with shredded values put back where the variant spec places them.
 */
final class VariantColumns {
  private VariantColumns() {}

  static boolean any(StructType schema) {
    return schema.fields().stream().anyMatch(f -> f.getDataType() instanceof VariantType);
  }

  /** The rows of {@code file}, variant columns as JSON text; {@code fileSchema} is the file's own. */
  static CloseableIterator<FileReadResult> read(ParquetHandler kernel, FileStatus file, StructType schema,
      MessageType fileSchema) throws IOException {
    List<StructField> physical = new ArrayList<>();
    List<Integer> variants = new ArrayList<>();
    for (int i = 0; i < schema.length(); i++) {
      StructField field = schema.at(i);
      Optional<Type> column = FieldReader.fileColumn(fileSchema, field);
      if (field.getDataType() instanceof VariantType && column.isPresent() && !column.get().isPrimitive()) {
        GroupType group = column.get().asGroupType();
        StructType struct = ParquetSchemas.toDelta(new MessageType(group.getName(), group.getFields()), file.getPath());
        physical.add(new StructField(field.getName(), struct, true, field.getMetadata()));
        variants.add(i);
      } else {
        physical.add(field);
      }
    }
    StructType read = new StructType(physical);
    return kernel.readParquetFiles(Iterators.of(List.of(file)),
        read, Optional.empty()).map(result -> {
          ColumnarBatch batch = result.getData();
          for (int i : variants) {
            batch = batch.withDeletedColumnAt(i)
                .withNewColumn(i, schema.at(i), new Json(batch.getColumnVector(i)));
          }
          return new FileReadResult(batch, result.getFilePath());
        });
  }

  /** A variant column whose strings are the JSON of each value. */
  private record Json(ColumnVector group) implements ColumnVector {
    @Override
    public DataType getDataType() {
      return VariantType.VARIANT;
    }

    @Override
    public int getSize() {
      return group.getSize();
    }

    @Override
    public boolean isNullAt(int row) {
      return group.isNullAt(row);
    }

    @Override
    public String getString(int row) {
      StructType struct = (StructType) group.getDataType();
      ColumnVector metadata = group.getChild(struct.indexOf("metadata"));
      StringBuilder out = new StringBuilder();
      write(out, metadata.getBinary(row), group, row);
      return out.toString();
    }

    @Override
    public void close() {
      group.close();
    }
  }

  /**
   * Writes the value of a (possibly shredded) variant group {@code {value, typed_value}} at {@code row}:
   * {@code typed_value} where it is set (an object's fields merged with those left in {@code value}),
   * else {@code value}; neither is a missing value, written as null.
   */
  static void write(StringBuilder out, byte[] metadata, ColumnVector group, int row) {
    StructType struct = (StructType) group.getDataType();
    int valueAt = struct.indexOf("value");
    int typedAt = struct.indexOf("typed_value");
    ColumnVector value = valueAt < 0 ? null : group.getChild(valueAt);
    ColumnVector typed = typedAt < 0 ? null : group.getChild(typedAt);
    boolean hasValue = value != null && !value.isNullAt(row);
    if (typed == null || typed.isNullAt(row)) {
      if (hasValue) {
        VariantJson.append(out, metadata, value.getBinary(row));
      } else {
        out.append("null");
      }
      return;
    }
    DataType type = struct.at(typedAt).getDataType();
    if (type instanceof StructType fields) {
      out.append('{');
      boolean first = true;
      for (int f = 0; f < fields.length(); f++) {
        ColumnVector field = typed.getChild(f);
        if (field.isNullAt(row) || missing(field, row)) {
          continue;
        }
        out.append(first ? "" : ",");
        first = false;
        JsonText.quote(out, fields.at(f).getName());
        out.append(':');
        write(out, metadata, field, row);
      }
      if (hasValue) { // a partly shredded object: the fields that were not shredded
        String rest = VariantJson.of(metadata, value.getBinary(row));
        if (rest.length() > 2) {
          out.append(first ? "" : ",").append(rest, 1, rest.length() - 1);
        }
      }
      out.append('}');
    } else if (type instanceof ArrayType) {
      var elements = typed.getArray(row);
      out.append('[');
      for (int e = 0; e < elements.getSize(); e++) {
        out.append(e == 0 ? "" : ",");
        write(out, metadata, elements.getElements(), e);
      }
      out.append(']');
    } else {
      JsonText.scalar(out, typed, row, type, JsonText.Binary.BASE64);
    }
  }

  private static boolean missing(ColumnVector group, int row) {
    StructType struct = (StructType) group.getDataType();
    for (int i = 0; i < struct.length(); i++) {
      if (!group.getChild(i).isNullAt(row)) {
        return false;
      }
    }
    return true;
  }
}
