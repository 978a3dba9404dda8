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
  /** A column: name, type (nested types included), NOT NULL. */
  private static final Pattern COLUMN = Pattern.compile("\\s*(`[^`]+`|[^\\s,:<>]+)\\s*:?\\s+(.+?)(\\s+not\\s+null)?\\s*",
      Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

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
    return columns(trimmed, null);
  }

  /** The columns of a list "a long, b struct<c string, d int> not null"; {@code in} names the struct, if any. */
  private static StructType columns(String text, String in) {
    List<StructField> fields = new ArrayList<>();
    for (String column : topLevel(text, ',')) {
      Matcher m = COLUMN.matcher(column);
      if (!m.matches()) {
        throw new DeltaLensException("cannot read column '" + column.trim() + "'" + (in == null ? "" : " of " + in)
            + ": write '<name> <type> [not null]', e.g. 'id long not null'");
      }
      String name = m.group(1).replace("`", "");
      fields.add(new StructField(name, type(m.group(2).trim(), name), m.group(3) == null));
    }
    return new StructType(fields);
  }

  /** {@code text} split at the {@code separator}s outside any {@code <>} or {@code ()}. */
  private static List<String> topLevel(String text, char separator) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int from = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      depth += c == '<' || c == '(' ? 1 : c == '>' || c == ')' ? -1 : 0;
      if (c == separator && depth == 0) {
        parts.add(text.substring(from, i));
        from = i + 1;
      }
    }
    parts.add(text.substring(from));
    return parts;
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
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.endsWith(">") && lower.indexOf('<') > 0) {
      String kind = lower.substring(0, lower.indexOf('<')).trim();
      String inner = text.substring(text.indexOf('<') + 1, text.length() - 1);
      switch (kind) {
        case "array":
          return new ArrayType(type(inner.trim(), column + "[]"), true);
        case "map":
          List<String> kv = topLevel(inner, ',');
          if (kv.size() == 2) {
            return new MapType(type(kv.get(0).trim(), column), type(kv.get(1).trim(), column), true);
          }
          break;
        case "struct":
          return columns(inner, "struct column '" + column + "'");
        default:
          break;
      }
      throw new DeltaLensException("column '" + column + "': cannot read type '" + text
          + "' (array<T>, map<K,V>, struct<a T, b U>)");
    }
    String name = lower.replace(" ", "");
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
      throw new DeltaLensException("column '" + column + "': unknown type '" + text + "'");
    }
    return BasePrimitiveType.createPrimitive(name);
  }
}
