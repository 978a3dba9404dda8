package io.deltalens.internal.kernel;

import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BasePrimitiveType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.MapType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.deltalens.DeltaLensException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Schemas as people write and read them: parsed from Delta's JSON schema (as in a commit's
 * {@code schemaString}) or a short column list such as {@code "id long not null, price decimal(10,2)"};
 * shown with the type names of Delta's protocol ({@code long}, {@code decimal(10,2)},
 * {@code array<string>}), the one naming of types every view and message uses.
 */
public final class Schemas {
  private static final Pattern COLUMN =
      Pattern.compile("\\s*(`[^`]+`|[^\\s,]+)\\s+(decimal\\s*\\(\\s*\\d+\\s*,\\s*\\d+\\s*\\)|\\w+)"
          + "(\\s+not\\s+null)?\\s*", Pattern.CASE_INSENSITIVE);

  private Schemas() {}

  public static StructType parse(String text) {
    String trimmed = text.trim();
    if (trimmed.startsWith("{")) {
      try {
        return KernelInternals.parseSchema(trimmed);
      } catch (RuntimeException e) {
        throw new DeltaLensException("not a Delta schema JSON: " + e.getMessage(), e);
      }
    }
    List<StructField> fields = new ArrayList<>();
    for (String column : trimmed.split(",(?![^(]*\\))")) {
      Matcher m = COLUMN.matcher(column);
      if (!m.matches()) {
        throw new DeltaLensException("cannot read column '" + column.trim()
            + "': write '<name> <type> [not null]', e.g. 'id long not null'");
      }
      String name = m.group(1).replace("`", "");
      fields.add(new StructField(name, type(m.group(2), name), m.group(3) == null));
    }
    return new StructType(fields);
  }

  /** A schema as a column list, "id long not null, name string", for messages. */
  public static String describe(StructType schema) {
    List<String> columns = new ArrayList<>();
    for (StructField field : schema.fields()) {
      columns.add(field.getName() + " " + typeName(field) + (field.isNullable() ? "" : " not null"));
    }
    return "(" + String.join(", ", columns) + ")";
  }

  /** A column's type in the protocol's words; {@code void} for columns the engine read as void. */
  public static String typeName(StructField field) {
    return VoidTypes.isVoid(field) ? "void" : typeName(field.getDataType());
  }

  /** {@code long}, {@code decimal(10,2)}, {@code array<string>}, {@code map<string,long>}, {@code struct<a long>}. */
  public static String typeName(DataType type) {
    if (type instanceof DecimalType d) {
      return "decimal(" + d.getPrecision() + "," + d.getScale() + ")";
    }
    if (type instanceof ArrayType a) {
      return "array<" + typeName(a.getElementType()) + ">";
    }
    if (type instanceof MapType m) {
      return "map<" + typeName(m.getKeyType()) + "," + typeName(m.getValueType()) + ">";
    }
    if (type instanceof StructType struct) {
      List<String> fields = new ArrayList<>();
      for (StructField field : struct.fields()) {
        fields.add(field.getName() + " " + typeName(field));
      }
      return "struct<" + String.join(", ", fields) + ">";
    }
    return type.toString(); // primitive types print their protocol name
  }

  private static DataType type(String text, String column) {
    String name = text.toLowerCase(Locale.ROOT).replace(" ", "");
    if (name.startsWith("decimal(")) {
      String[] ps = name.substring(8, name.length() - 1).split(",");
      return new DecimalType(Integer.parseInt(ps[0]), Integer.parseInt(ps[1]));
    }
    name = switch (name) {
      case "int" -> "integer";
      case "bigint" -> "long";
      case "smallint" -> "short";
      case "tinyint" -> "byte";
      case "bool" -> "boolean";
      default -> name;
    };
    if (!BasePrimitiveType.isPrimitiveType(name)) {
      throw new DeltaLensException("column '" + column + "': unknown type '" + text
          + "' (use JSON for nested types)");
    }
    return BasePrimitiveType.createPrimitive(name);
  }
}
