package io.deltalens.internal.parquet;

import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.statistics.DataFileStatistics;
import io.delta.kernel.types.ArrayType;
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
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Delta file statistics from a parquet footer, following the rules Spark applies when it writes them:
 * min/max only for numbers, decimals, dates, timestamps and strings; nullCount for every indexed leaf;
 * timestamps in milliseconds (a min rounded down, a max rounded up); strings cut to a 32-character prefix,
 * the max then padded with U+10FFFF so it still bounds every value with that prefix.
 */
public final class FooterStats {
  static final int STRING_PREFIX = 32;
  private static final String MAX_CHAR = new String(Character.toChars(Character.MAX_CODE_POINT));

  private FooterStats() {}

  /**
   * Statistics for {@code statsColumns} (paths in the table's physical schema), typed as the table
   * declares them. A column the file lacks is all null; a column whose chunks lack statistics gets none.
   */
  public static DataFileStatistics of(
      Footers.Footer footer, StructType physicalSchema, List<Column> statsColumns) {
    return of(footer, physicalSchema, statsColumns, Map.of());
  }

  /** As {@link #of(Footers.Footer, StructType, List)}, with statistics computed from the data for some columns. */
  public static DataFileStatistics of(Footers.Footer footer, StructType physicalSchema, List<Column> statsColumns,
      Map<Column, DataStats> fromData) {
    long rows = footer.numRecords();
    Map<Column, Statistics<?>> merged = mergeRowGroups(footer.metadata().getBlocks());
    Map<Column, Literal> min = new HashMap<>();
    Map<Column, Literal> max = new HashMap<>();
    Map<Column, Long> nulls = new HashMap<>();
    for (Column column : statsColumns) {
      DataType type = typeAt(physicalSchema, column);
      if (type == null || type instanceof ArrayType || type instanceof MapType) {
        continue; // Spark keeps no statistics inside arrays and maps
      }
      if (fromData.containsKey(column)) {
        DataStats data = fromData.get(column);
        nulls.put(column, data.nullCount());
        data.min().ifPresent(v -> min.put(column, v));
        data.max().ifPresent(v -> max.put(column, v));
        continue;
      }
      if (!merged.containsKey(column)) {
        if (!footerHasColumn(footer, column)) {
          nulls.put(column, rows); // the file lacks the column: readers see it all null
        }
        continue;
      }
      Statistics<?> stats = merged.get(column);
      if (stats == null) {
        continue; // some row group has no statistics for it: say nothing rather than something wrong
      }
      long nullCount = stats.getNumNulls();
      nulls.put(column, nullCount);
      if (nullCount < rows && stats.hasNonNullValue()) {
        decode(type, stats, true).ifPresent(v -> min.put(column, v));
        decode(type, stats, false).ifPresent(v -> max.put(column, v));
      }
    }
    return new DataFileStatistics(rows, min, max, nulls, Optional.empty());
  }

  /**
   * The top-level columns of {@code statsColumns} that the file holds but whose footer statistics are
   * unusable in some row group (INT96 timestamps, statistics turned off): their statistics must come
   * from the data.
   */
  public static List<Column> lacking(Footers.Footer footer, StructType physicalSchema, List<Column> statsColumns) {
    Map<Column, Statistics<?>> merged = mergeRowGroups(footer.metadata().getBlocks());
    return statsColumns.stream()
        .filter(c -> c.getNames().length == 1 && typeAt(physicalSchema, c) != null
            && !(typeAt(physicalSchema, c) instanceof ArrayType) && !(typeAt(physicalSchema, c) instanceof MapType))
        .filter(c -> merged.containsKey(c) && merged.get(c) == null)
        .toList();
  }

  /** Per leaf column, the statistics of all row groups merged; null where any chunk lacks them. */
  private static Map<Column, Statistics<?>> mergeRowGroups(List<BlockMetaData> blocks) {
    Map<Column, Statistics<?>> merged = new HashMap<>();
    for (BlockMetaData block : blocks) {
      for (ColumnChunkMetaData chunk : block.getColumns()) {
        Column column = new Column(chunk.getPath().toArray());
        Statistics<?> stats = chunk.getStatistics();
        boolean usable = stats != null && !stats.isEmpty() && stats.isNumNullsSet()
            // parquet-mr marks a chunk holding NaN as having no value: its min/max are unknown
            && (stats.hasNonNullValue() || stats.getNumNulls() == chunk.getValueCount());
        if (!usable) {
          merged.put(column, null);
        } else if (!merged.containsKey(column)) {
          merged.put(column, copy(stats));
        } else if (merged.get(column) != null) {
          merged.get(column).mergeStatistics(stats);
        }
      }
    }
    return merged;
  }

  private static Statistics<?> copy(Statistics<?> stats) {
    Statistics<?> copy = Statistics.createStats(stats.type());
    copy.mergeStatistics(stats);
    return copy;
  }

  private static boolean footerHasColumn(Footers.Footer footer, Column column) {
    Type type = footer.metadata().getFileMetaData().getSchema();
    for (String name : column.getNames()) {
      if (type.isPrimitive() || !type.asGroupType().containsField(name)) {
        return false;
      }
      type = type.asGroupType().getType(name);
    }
    return true;
  }

  /** The type of a leaf column in the schema, or null when the path does not end at a primitive. */
  static DataType typeAt(StructType schema, Column column) {
    DataType type = schema;
    for (String name : column.getNames()) {
      if (!(type instanceof StructType struct) || struct.indexOf(name) < 0) {
        return null;
      }
      StructField field = struct.get(name);
      type = field.getDataType();
    }
    return type instanceof StructType ? null : type;
  }

  private static Optional<Literal> decode(DataType type, Statistics<?> stats, boolean isMin) {
    Object value = isMin ? stats.genericGetMin() : stats.genericGetMax();
    PrimitiveType parquetType = stats.type();
    if (type instanceof ByteType) {
      return Optional.of(Literal.ofByte(((Number) value).byteValue()));
    } else if (type instanceof ShortType) {
      return Optional.of(Literal.ofShort(((Number) value).shortValue()));
    } else if (type instanceof IntegerType) {
      return Optional.of(Literal.ofInt(((Number) value).intValue()));
    } else if (type instanceof LongType) {
      return Optional.of(Literal.ofLong(((Number) value).longValue()));
    } else if (type instanceof FloatType) {
      float f = ((Number) value).floatValue();
      return Float.isNaN(f) ? Optional.empty() : Optional.of(Literal.ofFloat(f));
    } else if (type instanceof DoubleType) {
      double d = ((Number) value).doubleValue();
      return Double.isNaN(d) ? Optional.empty() : Optional.of(Literal.ofDouble(d));
    } else if (type instanceof DecimalType decimal) {
      return decimal(decimal, parquetType, stats, isMin);
    } else if (type instanceof DateType) {
      return Optional.of(Literal.ofDate(((Number) value).intValue()));
    } else if (type instanceof TimestampType || type instanceof TimestampNTZType) {
      return micros(parquetType, value).map(us -> timestampBound(type, us, isMin));
    } else if (type instanceof StringType) {
      byte[] bytes = isMin ? stats.getMinBytes() : stats.getMaxBytes();
      return string(new String(bytes, StandardCharsets.UTF_8), isMin).map(Literal::ofString);
    }
    return Optional.empty(); // boolean, binary, nested: Spark keeps no min/max for them
  }

  /** A timestamp bound in milliseconds, as Spark keeps them: a min rounded down, a max rounded up. */
  static Literal timestampBound(DataType type, long micros, boolean isMin) {
    long ms = isMin ? Math.floorDiv(micros, 1000) : -Math.floorDiv(-micros, 1000);
    return type instanceof TimestampType ? Literal.ofTimestamp(ms * 1000) : Literal.ofTimestampNtz(ms * 1000);
  }

  private static Optional<Long> micros(PrimitiveType parquetType, Object value) {
    if (parquetType.getPrimitiveTypeName() != PrimitiveType.PrimitiveTypeName.INT64) {
      return Optional.empty(); // INT96 has no defined order, so no min/max
    }
    LogicalTypeAnnotation logical = parquetType.getLogicalTypeAnnotation();
    long raw = ((Number) value).longValue();
    if (logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts
        && ts.getUnit() == TimeUnit.MILLIS) {
      return Optional.of(raw * 1000);
    }
    return Optional.of(raw);
  }

  private static Optional<Literal> decimal(
      DecimalType type, PrimitiveType parquetType, Statistics<?> stats, boolean isMin) {
    BigInteger unscaled;
    switch (parquetType.getPrimitiveTypeName()) {
      case INT32:
      case INT64:
        unscaled = BigInteger.valueOf(((Number) (isMin ? stats.genericGetMin()
            : stats.genericGetMax())).longValue());
        break;
      default:
        unscaled = new BigInteger(isMin ? stats.getMinBytes() : stats.getMaxBytes());
    }
    BigDecimal value = new BigDecimal(unscaled, type.getScale());
    return Optional.of(Literal.ofDecimal(value, type.getPrecision(), type.getScale()));
  }

  /** A string bound cut to {@link #STRING_PREFIX} code points; a cut max still bounds the values. */
  static Optional<String> string(String value, boolean isMin) {
    if (value.codePointCount(0, value.length()) <= STRING_PREFIX) {
      return Optional.of(value);
    }
    String prefix = value.substring(0, value.offsetByCodePoints(0, STRING_PREFIX));
    return Optional.of(isMin ? prefix : prefix + MAX_CHAR);
  }
}
