package io.deltalens;

import io.deltalens.internal.storage.Location;
import io.deltalens.internal.write.TableCreation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates version 0 of a table:
 * {@code DeltaLens.create(path).schema("id long, day date").partitionBy("day").commit()}.
 */
public final class CreateTable {
  private final Location dir;
  private TableSchema schema;
  private final List<String> partitionColumns = new ArrayList<>();
  private final Map<String, String> properties = new LinkedHashMap<>();
  private boolean ifAbsent;

  CreateTable(Location dir) {
    this.dir = dir;
  }

  public CreateTable schema(TableSchema schema) {
    this.schema = schema;
    return this;
  }

  /** A column list such as {@code "id long not null, name string"}, or a Delta schema JSON. */
  public CreateTable schema(String schema) {
    return schema(TableSchema.parse(schema));
  }

  /** Takes the schema from a parquet file's footer, or from the files of a folder (they must agree). */
  public CreateTable schemaFromParquet(Path fileOrFolder) {
    return schemaFromParquet(List.of(fileOrFolder), false);
  }

  /** As {@link #schemaFromParquet(Path)}, for a local path or an {@code s3://} URI. */
  public CreateTable schemaFromParquet(String fileOrFolder) {
    return schema(TableSchema.of(TableCreation.schemaFromParquet(List.of(Location.of(fileOrFolder)), false)));
  }

  /**
   * Takes the schema from the footers of these files and folders' parquet files: they must all have the
   * same columns, or with {@code union} the table gets every column any of them has (those not in every
   * file nullable).
   */
  public CreateTable schemaFromParquet(List<Path> filesOrFolders, boolean union) {
    return schema(TableSchema.of(TableCreation.schemaFromParquet(
        filesOrFolders.stream().map(Location::local).toList(), union)));
  }

  public CreateTable partitionBy(String... columns) {
    return partitionBy(Arrays.asList(columns));
  }

  public CreateTable partitionBy(List<String> columns) {
    partitionColumns.addAll(columns);
    return this;
  }

  /** A table property, such as {@code delta.appendOnly} or {@code delta.checkpointInterval}. */
  public CreateTable property(String key, String value) {
    properties.put(key, value);
    return this;
  }

  public CreateTable properties(Map<String, String> values) {
    properties.putAll(values);
    return this;
  }

  /** When the table exists already, open it instead of failing (the seed's behaviour). */
  public CreateTable ifAbsent() {
    this.ifAbsent = true;
    return this;
  }

  /** Commits version 0; returns the table. */
  public DeltaTable commit() {
    if (DeltaTable.exists(dir)) {
      return existing();
    }
    if (schema == null) {
      throw new DeltaLensException("creating " + dir + " needs a schema (explicit or from a parquet file)");
    }
    return TableCreation.create(dir, schema.struct(), partitionColumns, properties)
        ? new DeltaTable(dir) : existing(); // another writer created it first
  }

  private DeltaTable existing() {
    if (!ifAbsent) {
      throw new DeltaLensException("a Delta table exists already at " + dir
          + " (create --if-absent, or ifAbsent() in the library, opens it instead;"
          + " append --create-if-absent appends to it)");
    }
    return DeltaTable.open(dir);
  }
}
