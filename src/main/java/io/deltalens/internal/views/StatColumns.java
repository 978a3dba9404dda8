package io.deltalens.internal.views;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.deltalens.internal.engine.Background;
import io.deltalens.internal.expr.Literals;
import io.deltalens.internal.frame.FrameBuilder;
import io.deltalens.internal.read.Stats;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tech.tablesaw.columns.Column;

/**
 * The statistics of a list of files as frame columns, {@code min.c}, {@code max.c} and {@code nulls.c} for
 * each column some file has statistics for, one row per file: typed as the column is (numbers, dates,
 * timestamps), or as text where a value does not parse as its type. Read straight from each file's stats
 * JSON into arrays, without a tree or a map per file, on every core.
 */
final class StatColumns {
  private StatColumns() {}

  /** One column's statistics, a value per file (null: none). */
  private static final class Stat {
    final String name;
    final DataType type;
    final Object[] min;
    final Object[] max;
    final Object[] nulls;

    Stat(String name, DataType type, int files) {
      this.name = name;
      this.type = type;
      this.min = new Object[files];
      this.max = new Object[files];
      this.nulls = new Object[files];
    }
  }

  /** A value of a result column ({@code min.c}...) did not parse as its type: that column is text. */
  private static final class NotTyped extends RuntimeException {
    final String column;

    NotTyped(String column) {
      super(column, null, false, false);
      this.column = column;
    }
  }

  /** Per file its numRecords (-1: none), and the statistics' columns. */
  record Result(long[] numRecords, List<Column<?>> columns) {}

  /** The columns for {@code stats}, one stats JSON (or null) per file. */
  static Result of(StructType schema, List<String> stats) {
    Set<String> asText = new HashSet<>();
    while (true) {
      try {
        return build(schema, stats, asText);
      } catch (NotTyped e) { // rare (a writer's odd statistics): read again with that column as text
        asText.add(e.column);
      }
    }
  }

  /** Files a thread reads the statistics of at once: large enough that handing out chunks costs nothing. */
  private static final int CHUNK = 4096;

  /**
   * Reads the files' statistics on every core, a chunk of files each: the values go to their file's slot of
   * the shared arrays, and each chunk keeps the order it first met the keys in, merged in file order.
   */
  private static Result build(StructType schema, List<String> stats, Set<String> asText) {
    long[] records = new long[stats.size()];
    Map<String, Stat> byKey = new ConcurrentHashMap<>();
    List<int[]> chunks = new ArrayList<>();
    for (int from = 0; from < stats.size(); from += CHUNK) {
      chunks.add(new int[] {from, Math.min(stats.size(), from + CHUNK)});
    }
    List<List<Set<String>>> seen = Background.map(chunks, Runtime.getRuntime().availableProcessors(), chunk -> {
      Set<String> withNulls = new LinkedHashSet<>(); // keys with null counts first, then those with minimums
      Set<String> withMin = new LinkedHashSet<>();
      for (int f = chunk[0]; f < chunk[1]; f++) {
        int file = f;
        records[f] = Stats.read(stats.get(f), (kind, key, value) -> {
          Stat stat = byKey.computeIfAbsent(key, k -> stat(schema, k, stats.size()));
          switch (kind) {
            case MIN -> {
              stat.min[file] = value(value, "min." + stat.name, stat.type, asText);
              withMin.add(key);
            }
            case MAX -> stat.max[file] = value(value, "max." + stat.name, stat.type, asText);
            case NULLS -> {
              stat.nulls[file] = value(value, "nulls." + stat.name, LongType.LONG, asText);
              withNulls.add(key);
            }
          }
        });
      }
      return List.of(withNulls, withMin);
    });
    Set<String> order = new LinkedHashSet<>();
    seen.forEach(chunk -> order.addAll(chunk.get(0)));
    seen.forEach(chunk -> order.addAll(chunk.get(1)));
    List<Column<?>> columns = new ArrayList<>();
    for (String key : order) {
      Stat stat = byKey.get(key);
      columns.add(column("min." + stat.name, stat.type, stat.min, asText));
      columns.add(column("max." + stat.name, stat.type, stat.max, asText));
      columns.add(column("nulls." + stat.name, LongType.LONG, stat.nulls, asText));
    }
    return new Result(records, columns);
  }

  private static Stat stat(StructType schema, String key, int files) {
    Optional<StructField> field = field(schema, key);
    return new Stat(field.map(StructField::getName).orElse(key),
        field.map(StructField::getDataType).orElse(StringType.STRING), files);
  }

  private static Object value(JsonParser parser, String column, DataType type, Set<String> asText)
      throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_NULL) {
      return null;
    } else if (asText.contains(column)) {
      return parser.getText();
    } else if (token == JsonToken.VALUE_NUMBER_INT && type instanceof LongType) {
      return parser.getLongValue();
    } else if (token.isNumeric() && type instanceof DoubleType) {
      return parser.getDoubleValue();
    }
    try {
      return Literals.parse(parser.getText(), type).getValue();
    } catch (IllegalArgumentException e) {
      throw new NotTyped(column);
    }
  }

  private static Column<?> column(String name, DataType type, Object[] values, Set<String> asText) {
    return asText.contains(name)
        ? FrameBuilder.column(name, StringType.STRING,
            Arrays.stream(values).map(v -> v == null ? null : v.toString()).toArray())
        : FrameBuilder.column(name, type, values);
  }

  /**
   * The field a statistics key names: a dotted path of logical names, or of physical names on
   * column-mapping tables (the log's statistics use those); its name in the result is the logical path.
   */
  private static Optional<StructField> field(StructType schema, String key) {
    DataType type = schema;
    List<String> names = new ArrayList<>();
    for (String part : key.split("\\.")) {
      if (!(type instanceof StructType struct)) {
        return Optional.empty();
      }
      Optional<StructField> found = struct.fields().stream()
          .filter(f -> f.getName().equals(part) || part.equals(physicalName(f))).findFirst();
      if (found.isEmpty()) {
        return Optional.empty();
      }
      names.add(found.get().getName());
      type = found.get().getDataType();
    }
    return Optional.of(new StructField(String.join(".", names), type, true));
  }

  private static String physicalName(StructField field) {
    Object name = field.getMetadata().get("delta.columnMapping.physicalName");
    return name == null ? null : name.toString();
  }
}
