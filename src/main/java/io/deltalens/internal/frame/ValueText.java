package io.deltalens.internal.frame;

import io.delta.kernel.data.ArrayValue;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.MapValue;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.MapType;
import io.delta.kernel.types.StructType;
import io.deltalens.internal.kernel.JsonText;

/** Readable text for values Tablesaw has no column for: nested values as JSON, binary as hex. */
final class ValueText {
  private ValueText() {}

  static String hex(byte[] bytes) {
    return JsonText.hex(bytes);
  }

  static String json(ColumnVector vector, int row, DataType type) {
    StringBuilder out = new StringBuilder();
    write(out, vector, row, type);
    return out.toString();
  }

  private static void write(StringBuilder out, ColumnVector v, int row, DataType type) {
    if (v.isNullAt(row)) {
      out.append("null");
    } else if (type instanceof StructType struct) {
      out.append('{');
      for (int i = 0; i < struct.length(); i++) {
        if (i > 0) {
          out.append(',');
        }
        quote(out, struct.at(i).getName());
        out.append(':');
        write(out, v.getChild(i), row, struct.at(i).getDataType());
      }
      out.append('}');
    } else if (type instanceof ArrayType array) {
      ArrayValue value = v.getArray(row);
      out.append('[');
      for (int i = 0; i < value.getSize(); i++) {
        if (i > 0) {
          out.append(',');
        }
        write(out, value.getElements(), i, array.getElementType());
      }
      out.append(']');
    } else if (type instanceof MapType map) {
      MapValue value = v.getMap(row);
      out.append('{');
      for (int i = 0; i < value.getSize(); i++) {
        if (i > 0) {
          out.append(',');
        }
        StringBuilder key = new StringBuilder();
        write(key, value.getKeys(), i, map.getKeyType());
        quote(out, key.charAt(0) == '"' ? key.substring(1, key.length() - 1) : key.toString());
        out.append(':');
        write(out, value.getValues(), i, map.getValueType());
      }
      out.append('}');
    } else {
      JsonText.scalar(out, v, row, type, JsonText.Binary.HEX);
    }
  }

  private static void quote(StringBuilder out, String text) {
    JsonText.quote(out, text);
  }
}
