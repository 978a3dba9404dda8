package io.deltalens;

import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.MapType;
import io.delta.kernel.types.StructType;
import io.deltalens.internal.expr.ColumnNames;
import io.deltalens.internal.kernel.Schemas;
import java.util.List;

/**
 * A table's columns: names, Delta types ({@code long}, {@code decimal(10,2)}, {@code array<string>}),
 * nullability, and the fields of struct columns. Printed, it is a column list such as
 * {@code id long not null, name string} (which {@link #parse} reads back where the types are primitive);
 * {@link #json()} is Delta's own schema text, which {@code parse} reads back always.
 */
public final class TableSchema {
  /**
   * One column.
   *
   * @param type the Delta type's name; {@code struct<...>} for structs, whose fields are in {@code fields}
   * @param fields a struct's fields (also of a struct inside arrays and maps); empty otherwise
   */
  public record Column(String name, String type, boolean nullable, List<Column> fields) {
    @Override
    public String toString() {
      return name + " " + type + (nullable ? "" : " not null");
    }
  }

  private final StructType struct;
  private final List<Column> columns;

  private TableSchema(StructType struct) {
    this.struct = struct;
    this.columns = columns(struct);
  }

  /**
   * A schema from a column list such as {@code "id long not null, name string, price decimal(10,2)"}
   * (primitive types) or from Delta's JSON schema (any type).
   */
  public static TableSchema parse(String text) {
    return new TableSchema(Schemas.parse(text));
  }

  public List<Column> columns() {
    return columns;
  }

  public List<String> fieldNames() {
    return struct.fieldNames();
  }

  /** The column named {@code name} (case-insensitively); an unknown name is an error with the closest one. */
  public Column column(String name) {
    String found = ColumnNames.resolve(struct, name, "").path()[0];
    return columns.get(struct.indexOf(found));
  }

  /** The schema as Delta's JSON {@code schemaString}, with column metadata (ids, physical names). */
  public String json() {
    return struct.toJson();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TableSchema s && s.struct.equals(struct);
  }

  @Override
  public int hashCode() {
    return struct.hashCode();
  }

  @Override
  public String toString() {
    return String.join(", ", columns.stream().map(Column::toString).toList());
  }

  private static List<Column> columns(StructType struct) {
    return struct.fields().stream()
        .map(f -> new Column(f.getName(), Schemas.typeName(f), f.isNullable(), fields(f.getDataType())))
        .toList();
  }

  /** The fields of the struct in {@code type}, looking through arrays and maps (their values). */
  private static List<Column> fields(DataType type) {
    if (type instanceof StructType s) {
      return columns(s);
    }
    if (type instanceof ArrayType a) {
      return fields(a.getElementType());
    }
    return type instanceof MapType m ? fields(m.getValueType()) : List.of();
  }

  static TableSchema of(StructType struct) {
    return new TableSchema(struct);
  }

  StructType struct() {
    return struct;
  }
}
