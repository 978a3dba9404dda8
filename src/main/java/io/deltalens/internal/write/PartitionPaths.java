package io.deltalens.internal.write;

import io.delta.kernel.expressions.Literal;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.StructType;
import io.deltalens.DeltaLensException;
import io.deltalens.internal.expr.Literals;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Partition values read from Hive-style folder names ({@code day=2024-01-01/part-0.parquet}). */
public final class PartitionPaths {
  public static final String NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__";

  private PartitionPaths() {}

  /**
   * The partition values of {@code relative} (a file path relative to the table), typed per
   * {@code schema}. Every partition column must have exactly one {@code col=value} folder.
   */
  static Map<String, Literal> parse(Path relative, List<String> columns, StructType schema) {
    Map<String, String> found = folders(relative.toString().replace('\\', '/'));
    Map<String, Literal> values = new HashMap<>();
    for (String column : columns) {
      String text = found.get(column);
      if (text == null) {
        throw new DeltaLensException(relative + ": the table is partitioned by '" + column
            + "' but the path has no '" + column + "=<value>' folder");
      }
      DataType type = schema.get(column).getDataType();
      values.put(column, literal(text, type, relative, column));
    }
    return values;
  }

  /** The {@code col=value} folders of a file path relative to the table, in path order, unescaped. */
  public static Map<String, String> folders(String relative) {
    Map<String, String> found = new LinkedHashMap<>();
    String[] segments = relative.split("/");
    for (int i = 0; i < segments.length - 1; i++) {
      int eq = segments[i].indexOf('=');
      if (eq > 0) {
        found.put(unescape(segments[i].substring(0, eq)), unescape(segments[i].substring(eq + 1)));
      }
    }
    return found;
  }

  private static Literal literal(String text, DataType type, Path file, String column) {
    if (text.equals(NULL_PARTITION)) {
      return Literal.ofNull(type);
    }
    try {
      return Literals.parse(text, type);
    } catch (IllegalArgumentException e) {
      throw new DeltaLensException(file + ": partition column '" + column + "': " + e.getMessage());
    }
  }

  /** Undoes Hive's escaping of partition folder names ({@code %3A} for ':'). */
  static String unescape(String text) {
    if (text.indexOf('%') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%' && isHex(text, i + 1)) {
        out.append((char) Integer.parseInt(text.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isHex(String text, int at) {
    return at + 1 < text.length()
        && Character.digit(text.charAt(at), 16) >= 0 && Character.digit(text.charAt(at + 1), 16) >= 0;
  }
}
