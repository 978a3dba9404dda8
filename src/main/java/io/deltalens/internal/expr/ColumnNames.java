package io.deltalens.internal.expr;

import io.delta.kernel.types.DataType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.deltalens.DeltaLensException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Column names as users type them: matched case-insensitively as Spark does (an exact match first), and
 * an unknown name answered with the closest existing one.
 */
public final class ColumnNames {
  private ColumnNames() {}

  /** A column, or a field inside structs ({@code a.b}), with its name as the schema spells it. */
  public record Resolved(String[] path, DataType type) {
    public String name() {
      return String.join(".", path);
    }
  }

  /** {@code name} resolved in {@code schema}; an unknown name is an error starting with {@code what}. */
  public static Resolved resolve(StructType schema, String name, String what) {
    DataType type = schema;
    List<String> path = new ArrayList<>();
    for (String part : name.split("\\.")) {
      StructField field = type instanceof StructType struct ? find(struct, part) : null;
      if (field == null) {
        throw new DeltaLensException(what + "no column '" + name + "'" + closest(schema, name)
            + "; the columns are " + schema.fieldNames());
      }
      path.add(field.getName());
      type = field.getDataType();
    }
    return new Resolved(path.toArray(String[]::new), type);
  }

  private static StructField find(StructType struct, String name) {
    int exact = struct.indexOf(name);
    if (exact >= 0) {
      return struct.at(exact);
    }
    return struct.fields().stream().filter(f -> f.getName().equalsIgnoreCase(name)).findFirst().orElse(null);
  }

  /** " (did you mean 'amount'?)" for the top-level column nearest by edit distance, if any is near. */
  private static String closest(StructType schema, String name) {
    return schema.fieldNames().stream()
        .min(Comparator.comparingInt(n -> distance(n.toLowerCase(), name.toLowerCase())))
        .filter(n -> distance(n.toLowerCase(), name.toLowerCase()) <= Math.max(2, name.length() / 3))
        .map(n -> " (did you mean '" + n + "'?)")
        .orElse("");
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] row = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      row[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      int diagonal = row[0];
      row[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int above = row[j];
        row[j] = Math.min(Math.min(row[j] + 1, row[j - 1] + 1),
            diagonal + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
        diagonal = above;
      }
    }
    return row[b.length()];
  }
}
