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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import tech.tablesaw.columns.Column;

/**
 * The statistics of a list of files as frame columns, {@code min.c}, {@code max.c} and {@code nulls.c} for
 * each column some file has statistics for, one row per file: typed as the column is (numbers, dates,
 * timestamps), or as text where a value does not parse as its type. Read straight from each file's stats
 * JSON into arrays, without a tree or a map per file, a chunk of files at a time on every core: a
 * {@link Chunk} is read from each batch of files as the log replay hands it over.
 */
final class StatColumns {
  private StatColumns() {}

  /** One column's statistics in a chunk of files, a value per file (null: none), and their columns' names. */
  private static final class Stat {
    final String name;
    final DataType type;
    final Object[] min;
    final Object[] max;
    final Object[] nulls;
    final String minName;
    final String maxName;
    final String nullsName;
    /** Whether the chunk has met a minimum, a null count of it yet. */
    boolean withMin;
    boolean withNulls;

    Stat(String name, DataType type, int files) {
      this.name = name;
      this.type = type;
      this.min = new Object[files];
      this.max = new Object[files];
      this.nulls = new Object[files];
      this.minName = "min." + name;
      this.maxName = "max." + name;
      this.nullsName = "nulls." + name;
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
        List<Chunk> chunks = Background.map(slices(stats), Runtime.getRuntime().availableProcessors(),
            files -> Chunk.read(schema, files, asText));
        return merge(chunks, asText);
      } catch (NotTyped e) { // rare (a writer's odd statistics): read again with that column as text
        asText.add(e.column);
      }
    }
  }

  /**
   * The columns of {@code chunks} read by {@link #read} one after the other; {@code stats}, all their files'
   * JSON, are read again where a value did not parse as its column's type.
   */
  static Result of(StructType schema, List<Chunk> chunks, List<String> stats) {
    return chunks.stream().anyMatch(c -> c.records == null) ? of(schema, stats) : merge(chunks, Set.of());
  }

  /** Files a thread reads the statistics of at once: large enough that handing out chunks costs nothing. */
  private static final int CHUNK = 4096;

  /** {@code items} in the slices a thread takes at once. */
  static <T> List<List<T>> slices(List<T> items) {
    List<List<T>> slices = new ArrayList<>();
    for (int from = 0; from < items.size(); from += CHUNK) {
      slices.add(items.subList(from, Math.min(items.size(), from + CHUNK)));
    }
    return slices;
  }

  /**
   * The statistics of a chunk of files, each typed as its column (a chunk with a value that is not is marked
   * so: see {@link #of(StructType, List, List)}).
   */
  static Chunk read(StructType schema, List<String> stats) {
    try {
      return Chunk.read(schema, stats, Set.of());
    } catch (NotTyped e) {
      return new Chunk(null);
    }
  }

  /** The statistics of a chunk of files, and the order it first met their keys in. */
  static final class Chunk {
    /** Per file its numRecords; null where a value did not parse as its type. */
    private final long[] records;
    private final Map<String, Stat> byKey = new HashMap<>();
    /** Keys with null counts first, then those with minimums. */
    private final Set<String> withNulls = new LinkedHashSet<>();
    private final Set<String> withMin = new LinkedHashSet<>();

    private Chunk(long[] records) {
      this.records = records;
    }

    private static Chunk read(StructType schema, List<String> stats, Set<String> asText) {
      Chunk chunk = new Chunk(new long[stats.size()]);
      for (int f = 0; f < stats.size(); f++) {
        int file = f;
        chunk.records[f] = Stats.read(stats.get(f), (kind, key, value) -> {
          Stat stat = chunk.byKey.computeIfAbsent(key, k -> stat(schema, k, stats.size()));
          switch (kind) {
            case MIN -> {
              stat.min[file] = value(value, stat.minName, stat.type, asText);
              if (!stat.withMin) {
                stat.withMin = chunk.withMin.add(key);
              }
            }
            case MAX -> stat.max[file] = value(value, stat.maxName, stat.type, asText);
            case NULLS -> {
              stat.nulls[file] = value(value, stat.nullsName, LongType.LONG, asText);
              if (!stat.withNulls) {
                stat.withNulls = chunk.withNulls.add(key);
              }
            }
          }
        });
      }
      return chunk;
    }
  }

  /** The chunks' statistics one after the other, as columns. */
  private static Result merge(List<Chunk> chunks, Set<String> asText) {
    int files = chunks.stream().mapToInt(c -> c.records.length).sum();
    long[] records = new long[files];
    Set<String> order = new LinkedHashSet<>();
    chunks.forEach(chunk -> order.addAll(chunk.withNulls));
    chunks.forEach(chunk -> order.addAll(chunk.withMin));
    Map<String, Stat> all = new HashMap<>();
    int at = 0;
    for (Chunk chunk : chunks) {
      System.arraycopy(chunk.records, 0, records, at, chunk.records.length);
      for (Map.Entry<String, Stat> entry : chunk.byKey.entrySet()) {
        Stat stat = entry.getValue(); // its name and type are the schema's, the same in every chunk
        Stat whole = all.computeIfAbsent(entry.getKey(), k -> new Stat(stat.name, stat.type, files));
        System.arraycopy(stat.min, 0, whole.min, at, chunk.records.length);
        System.arraycopy(stat.max, 0, whole.max, at, chunk.records.length);
        System.arraycopy(stat.nulls, 0, whole.nulls, at, chunk.records.length);
      }
      at += chunk.records.length;
    }
    // each column on its own: on every core
    List<Column<?>> columns = order.stream().map(all::get).flatMap(stat -> Stream.<Supplier<Column<?>>>of(
        () -> column(stat.minName, stat.type, stat.min, asText),
        () -> column(stat.maxName, stat.type, stat.max, asText),
        () -> column(stat.nullsName, LongType.LONG, stat.nulls, asText))).toList()
        .parallelStream().<Column<?>>map(Supplier::get).toList();
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
    } else if (!asText.isEmpty() && asText.contains(column)) {
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
