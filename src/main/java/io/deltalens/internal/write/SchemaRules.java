package io.deltalens.internal.write;

import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.ByteType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.MapType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import io.deltalens.DeltaLensException;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a parquet file's columns may go into a table. A file column must exist in the table (or be
 * added by schema evolution) with the same type or a type the readers widen losslessly: byte, short,
 * int to a wider integer, and float to double. Spark 4, Kernel and delta-rs read those physical types
 * into the wider column. A timestamp not adjusted to UTC (timestamp_ntz in the file, as delta-rs writes a
 * Delta timestamp) fits a timestamp column: its values are read as UTC instants, as delta-rs and Spark
 * read them. Nested columns must match exactly. Table columns the file lacks read as null, so they must
 * be nullable.
 */
final class SchemaRules {
  private SchemaRules() {}

  /**
   * Checks {@code file} against {@code table} and returns the file's top-level columns the table lacks.
   * Those are an error unless {@code mergeSchema}; then they come back nullable, to be appended.
   */
  static List<StructField> check(StructType file, StructType table, boolean mergeSchema, Object name) {
    List<StructField> added = new ArrayList<>();
    for (StructField column : file.fields()) {
      if (table.indexOf(column.getName()) < 0) {
        if (!mergeSchema) {
          throw new DeltaLensException(name + ": column '" + column.getName() + "' ("
              + column.getDataType() + ") is not in the table" + caseHint(table, column.getName())
              + "; append with schema evolution (--merge-schema / mergeSchema()) to add it");
        }
        added.add(new StructField(column.getName(), column.getDataType(), true));
        continue;
      }
      DataType target = table.get(column.getName()).getDataType();
      if (!fits(column.getDataType(), target)) {
        throw new DeltaLensException(name + ": column '" + column.getName() + "' is "
            + column.getDataType() + " in the file but " + target + " in the table");
      }
    }
    for (StructField column : table.fields()) {
      if (!column.isNullable() && file.indexOf(column.getName()) < 0) {
        throw new DeltaLensException(
            name + ": the table's NOT NULL column '" + column.getName() + "' is missing from the file");
      }
    }
    return added;
  }

  /** {@code field} as a nullable column. */
  static StructField nullable(StructField field) {
    return new StructField(field.getName(), field.getDataType(), true, field.getMetadata());
  }

  /** The table's schema with {@code added} columns appended. */
  static StructType merge(StructType table, List<StructField> added) {
    StructType merged = table;
    for (StructField field : added) {
      if (merged.indexOf(field.getName()) < 0) {
        merged = merged.add(field);
      }
    }
    return merged;
  }

  /** Whether values of type {@code from} in a file read correctly into a column of type {@code to}. */
  static boolean fits(DataType from, DataType to) {
    if (from.equivalent(to)) {
      return true;
    }
    if (from instanceof StructType f && to instanceof StructType t) {
      return f.length() == t.length()
          && f.fields().stream().allMatch(field -> t.indexOf(field.getName()) >= 0
              && fits(field.getDataType(), t.get(field.getName()).getDataType()));
    }
    if (from instanceof ArrayType f && to instanceof ArrayType t) {
      return fits(f.getElementType(), t.getElementType());
    }
    if (from instanceof MapType f && to instanceof MapType t) {
      return fits(f.getKeyType(), t.getKeyType()) && fits(f.getValueType(), t.getValueType());
    }
    return integerRank(from) > 0 && integerRank(from) < integerRank(to)
        || from instanceof FloatType && to instanceof DoubleType
        || from instanceof TimestampNTZType && to instanceof TimestampType;
  }

  private static int integerRank(DataType type) {
    if (type instanceof ByteType) {
      return 1;
    }
    if (type instanceof ShortType) {
      return 2;
    }
    if (type instanceof IntegerType) {
      return 3;
    }
    return type instanceof LongType ? 4 : 0;
  }

  private static String caseHint(StructType table, String name) {
    return table.fieldNames().stream()
        .filter(n -> n.equalsIgnoreCase(name))
        .findFirst()
        .map(n -> " (the table has '" + n + "'; names are case-sensitive)")
        .orElse("");
  }
}
