package io.deltalens.frame;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.delta.kernel.data.ArrayValue;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.MapValue;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BinaryType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.ByteType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.MapType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Readable text for values Tablesaw has no column for: nested values as JSON, binary as hex. */
final class ValueText {
  private ValueText() {}

  static String hex(byte[] bytes) {
    StringBuilder out = new StringBuilder("0x");
    for (byte b : bytes) {
      out.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
    }
    return out.toString();
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
      scalar(out, v, row, type);
    }
  }

  private static void scalar(StringBuilder out, ColumnVector v, int row, DataType type) {
    if (type instanceof BooleanType) {
      out.append(v.getBoolean(row));
    } else if (type instanceof ByteType) {
      out.append(v.getByte(row));
    } else if (type instanceof ShortType) {
      out.append(v.getShort(row));
    } else if (type instanceof IntegerType) {
      out.append(v.getInt(row));
    } else if (type instanceof LongType) {
      out.append(v.getLong(row));
    } else if (type instanceof FloatType) {
      out.append(v.getFloat(row));
    } else if (type instanceof DoubleType) {
      out.append(v.getDouble(row));
    } else if (type instanceof DecimalType) {
      out.append(v.getDecimal(row).toPlainString());
    } else if (type instanceof DateType) {
      quote(out, LocalDate.ofEpochDay(v.getInt(row)).toString());
    } else if (type instanceof TimestampType) {
      quote(out, Instant.EPOCH.plus(v.getLong(row), ChronoUnit.MICROS).toString());
    } else if (type instanceof TimestampNTZType) {
      quote(out, LocalDateTime.ofInstant(Instant.EPOCH.plus(v.getLong(row), ChronoUnit.MICROS),
          ZoneOffset.UTC).toString());
    } else if (type instanceof BinaryType) {
      quote(out, hex(v.getBinary(row)));
    } else {
      quote(out, v.getString(row));
    }
  }

  private static void quote(StringBuilder out, String text) {
    out.append('"').append(JsonStringEncoder.getInstance().quoteAsString(text)).append('"');
  }
}
