package io.deltalens.internal.parquet;

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
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import io.deltalens.DeltaLensException;
import io.deltalens.internal.kernel.KernelInternals;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * The one map between parquet and Delta types: the Delta schema a reader (Spark, Kernel) sees in a parquet
 * file ({@link #toDelta}), the parquet schema deltalens writes for a Delta schema ({@link #toParquet}, as
 * Kernel's writer does), and which parquet columns the columnar reader reads as which Delta type
 * ({@link #holds}: the type the column maps to, or one it widens to).
 */
public final class ParquetSchemas {
  private ParquetSchemas() {}

  /** The Delta schema of a parquet message; {@code file} only names the file in errors. */
  public static StructType toDelta(MessageType message, Object file) {
    return struct(message, file);
  }

  /**
   * Whether the values of {@code column} read as Delta type {@code type}: the column maps to that type, or
   * to one it widens to, or the two share a physical form readers accept either way — a decimal of the
   * same scale and lower precision; a timestamp without time zone under a timestamp column (as delta-rs
   * writes them); integers and dates in INT32 (Kernel writes byte and short columns as plain INT32);
   * strings and binaries in BINARY (writers that omit the string annotation).
   */
  static boolean holds(PrimitiveType column, DataType type) {
    DataType stored;
    try {
      stored = primitive(column, null);
    } catch (DeltaLensException e) {
      return false; // a parquet type Delta has no type for
    }
    if (stored.equals(type)) {
      return true;
    }
    if (stored instanceof DecimalType s && type instanceof DecimalType t) {
      return s.getScale() == t.getScale() && s.getPrecision() <= t.getPrecision();
    }
    return (type instanceof TimestampType && stored instanceof TimestampNTZType)
        || (int32(stored) && int32(type))
        || (bytes(stored) && bytes(type) && column.getPrimitiveTypeName() == PrimitiveTypeName.BINARY);
  }

  private static boolean int32(DataType type) {
    return type instanceof ByteType || type instanceof ShortType || type instanceof IntegerType
        || type instanceof DateType;
  }

  private static boolean bytes(DataType type) {
    return type instanceof StringType || type instanceof BinaryType;
  }

  private static StructType struct(GroupType group, Object file) {
    List<StructField> fields = new ArrayList<>();
    for (Type field : group.getFields()) {
      fields.add(new StructField(field.getName(), type(field, file), nullable(field)));
    }
    return new StructType(fields);
  }

  private static boolean nullable(Type field) {
    return field.getRepetition() == Type.Repetition.OPTIONAL;
  }

  private static DataType type(Type field, Object file) {
    if (field.isRepetition(Type.Repetition.REPEATED)) {
      // legacy two-level list: a bare repeated field is a list of non-null elements
      return new ArrayType(single(field, file), false);
    }
    return single(field, file);
  }

  private static DataType single(Type field, Object file) {
    if (field.isPrimitive()) {
      return primitive(field.asPrimitiveType(), file);
    }
    GroupType group = field.asGroupType();
    LogicalTypeAnnotation logical = group.getLogicalTypeAnnotation();
    if (logical instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
      return list(group, file);
    }
    if (logical instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation
        || logical instanceof LogicalTypeAnnotation.MapKeyValueTypeAnnotation) {
      return map(group, file);
    }
    return struct(group, file);
  }

  private static DataType list(GroupType list, Object file) {
    Type repeated = list.getType(0);
    // three-level list: <list> { repeated group list { <element> } }; older writers put the element
    // directly in the repeated group (or repeated primitive).
    if (repeated.isPrimitive() || repeated.asGroupType().getFieldCount() > 1
        || repeated.getName().equals("array") || repeated.getName().endsWith("_tuple")) {
      return new ArrayType(single(repeated, file), false);
    }
    Type element = repeated.asGroupType().getType(0);
    return new ArrayType(single(element, file), nullable(element));
  }

  private static DataType map(GroupType map, Object file) {
    GroupType keyValue = map.getType(0).asGroupType();
    Type value = keyValue.getType(1);
    return new MapType(single(keyValue.getType(0), file), single(value, file), nullable(value));
  }

  private static DataType primitive(PrimitiveType type, Object file) {
    LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
    if (logical instanceof DecimalLogicalTypeAnnotation d) {
      return new DecimalType(d.getPrecision(), d.getScale());
    }
    switch (type.getPrimitiveTypeName()) {
      case BOOLEAN:
        return BooleanType.BOOLEAN;
      case INT32:
        if (logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
          return DateType.DATE;
        }
        if (logical instanceof IntLogicalTypeAnnotation i) {
          requireSigned(i, type, file);
          return i.getBitWidth() == 8 ? ByteType.BYTE
              : i.getBitWidth() == 16 ? ShortType.SHORT : IntegerType.INTEGER;
        }
        requireNoAnnotation(type, file);
        return IntegerType.INTEGER;
      case INT64:
        if (logical instanceof TimestampLogicalTypeAnnotation ts) {
          if (ts.getUnit() == TimeUnit.NANOS) {
            throw unsupported(type, file, "timestamps in nanoseconds (Delta stores microseconds; "
                + "rewrite the file with microsecond timestamps)");
          }
          return ts.isAdjustedToUTC() ? TimestampType.TIMESTAMP : TimestampNTZType.TIMESTAMP_NTZ;
        }
        if (logical instanceof IntLogicalTypeAnnotation i) {
          requireSigned(i, type, file);
        } else {
          requireNoAnnotation(type, file);
        }
        return LongType.LONG;
      case INT96:
        return TimestampType.TIMESTAMP; // Spark's legacy timestamp encoding
      case FLOAT:
        return FloatType.FLOAT;
      case DOUBLE:
        return DoubleType.DOUBLE;
      case BINARY:
      case FIXED_LEN_BYTE_ARRAY:
        if (logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
            || logical instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
            || logical instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation) {
          return StringType.STRING;
        }
        return BinaryType.BINARY;
      default:
        throw unsupported(type, file, type.getPrimitiveTypeName().toString());
    }
  }

  /**
   * The parquet schema Kernel's writer gives {@code schema} (ParquetSchemaUtils), for columns of primitives and
   * structs of them (no arrays or maps).
   */
  static Optional<MessageType> toParquet(StructType schema) {
    Type[] types = new Type[schema.length()];
    for (int i = 0; i < types.length; i++) {
      Optional<Type> type = parquetType(schema.at(i));
      if (type.isEmpty()) {
        return Optional.empty();
      }
      types[i] = type.get();
    }
    return Optional.of(new MessageType("DefaultKernelSchema", types));
  }

  private static Optional<Type> parquetType(StructField field) {
    DataType type = field.getDataType();
    Repetition repetition = field.isNullable() ? Repetition.OPTIONAL : Repetition.REQUIRED;
    Types.PrimitiveBuilder<PrimitiveType> builder;
    if (type instanceof StructType struct) {
      List<Type> fields = new ArrayList<>();
      for (StructField child : struct.fields()) {
        Optional<Type> childType = parquetType(child);
        if (childType.isEmpty()) {
          return Optional.empty();
        }
        fields.add(childType.get());
      }
      return Optional.of(withId(new GroupType(repetition, field.getName(), fields), field));
    } else if (type instanceof BooleanType) {
      builder = Types.primitive(PrimitiveTypeName.BOOLEAN, repetition);
    } else if (type instanceof ByteType || type instanceof ShortType || type instanceof IntegerType) {
      builder = Types.primitive(PrimitiveTypeName.INT32, repetition);
    } else if (type instanceof LongType) {
      builder = Types.primitive(PrimitiveTypeName.INT64, repetition);
    } else if (type instanceof FloatType) {
      builder = Types.primitive(PrimitiveTypeName.FLOAT, repetition);
    } else if (type instanceof DoubleType) {
      builder = Types.primitive(PrimitiveTypeName.DOUBLE, repetition);
    } else if (type instanceof DecimalType d) {
      LogicalTypeAnnotation decimal = LogicalTypeAnnotation.decimalType(d.getScale(), d.getPrecision());
      builder = d.getPrecision() <= 9 ? Types.primitive(PrimitiveTypeName.INT32, repetition).as(decimal)
          : d.getPrecision() <= 18 ? Types.primitive(PrimitiveTypeName.INT64, repetition).as(decimal)
          : Types.primitive(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, repetition).as(decimal)
              .length(bytesFor(d.getPrecision()));
    } else if (type instanceof StringType) {
      builder = Types.primitive(PrimitiveTypeName.BINARY, repetition).as(LogicalTypeAnnotation.stringType());
    } else if (type instanceof BinaryType) {
      builder = Types.primitive(PrimitiveTypeName.BINARY, repetition);
    } else if (type instanceof DateType) {
      builder = Types.primitive(PrimitiveTypeName.INT32, repetition).as(LogicalTypeAnnotation.dateType());
    } else if (type instanceof TimestampType || type instanceof TimestampNTZType) {
      builder = Types.primitive(PrimitiveTypeName.INT64, repetition).as(LogicalTypeAnnotation.timestampType(
          type instanceof TimestampType, LogicalTypeAnnotation.TimeUnit.MICROS));
    } else {
      return Optional.empty();
    }
    return Optional.of(withId(builder.named(field.getName()), field));
  }

  private static Type withId(Type parquet, StructField field) {
    Long id = field.getMetadata().getLong(KernelInternals.PARQUET_FIELD_ID_KEY);
    return id == null ? parquet : parquet.withId(Math.toIntExact(id));
  }

  /** The fewest bytes that hold every unscaled value of {@code precision} digits (as Kernel and Spark size them). */
  private static int bytesFor(int precision) {
    int bytes = 1;
    while (Math.pow(2.0, 8 * bytes - 1) < Math.pow(10.0, precision)) {
      bytes++;
    }
    return bytes;
  }

  private static void requireSigned(IntLogicalTypeAnnotation i, PrimitiveType type, Object file) {
    if (!i.isSigned()) {
      throw unsupported(type, file, "unsigned integers (Delta has signed integers only)");
    }
  }

  private static void requireNoAnnotation(PrimitiveType type, Object file) {
    if (type.getLogicalTypeAnnotation() != null) {
      throw unsupported(type, file, type.getLogicalTypeAnnotation().toString());
    }
  }

  private static DeltaLensException unsupported(PrimitiveType type, Object file, String what) {
    return new DeltaLensException(
        file + ": column '" + type.getName() + "' has a parquet type Delta cannot hold: " + what);
  }
}
