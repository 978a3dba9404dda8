package io.deltalens.table;

import io.delta.kernel.TableManager;
import io.delta.kernel.exceptions.ConcurrentWriteException;
import io.delta.kernel.exceptions.TableAlreadyExistsException;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.transaction.CreateTableTransactionBuilder;
import io.delta.kernel.transaction.DataLayoutSpec;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterable;
import io.deltalens.DeltaLensException;
import io.deltalens.engine.Kernel;
import io.deltalens.parquet.Footers;
import io.deltalens.parquet.ParquetSchemas;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Creates version 0 of a table:
 * {@code DeltaLens.create(path).schema("id long, day date").partitionBy("day").commit()}.
 */
public final class CreateTable {
  private final Path dir;
  private StructType schema;
  private final List<String> partitionColumns = new ArrayList<>();
  private final Map<String, String> properties = new LinkedHashMap<>();
  private boolean ifAbsent;

  public CreateTable(Path dir) {
    this.dir = DeltaTable.normalize(dir);
  }

  public CreateTable schema(StructType schema) {
    this.schema = schema;
    return this;
  }

  /** A Delta schema JSON or a column list such as {@code "id long not null, name string"}. */
  public CreateTable schema(String schema) {
    return schema(Schemas.parse(schema));
  }

  /** Takes the schema from a parquet file's footer, or from the files of a folder (they must agree). */
  public CreateTable schemaFromParquet(Path fileOrFolder) {
    return schemaFromParquet(List.of(fileOrFolder), false);
  }

  public CreateTable schemaFromParquet(String fileOrFolder) {
    return schemaFromParquet(Path.of(fileOrFolder));
  }

  /**
   * Takes the schema from the footers of these files and folders' parquet files: they must all have the
   * same columns, or with {@code union} the table gets every column any of them has (those not in every
   * file nullable).
   */
  public CreateTable schemaFromParquet(List<Path> filesOrFolders, boolean union) {
    List<Footers.Footer> footers = Footers.readAll(Inputs.expand(filesOrFolders), footer -> {});
    List<StructType> schemas = footers.stream()
        .map(f -> ParquetSchemas.toDelta(f.metadata().getFileMetaData().getSchema(), f.file())).toList();
    StructType first = schemas.get(0);
    StructType merged = first;
    for (int i = 1; i < schemas.size(); i++) {
      StructType columns = schemas.get(i);
      if (union) {
        merged = SchemaRules.merge(merged,
            SchemaRules.check(nullable(columns), nullable(merged), true, footers.get(i).file()));
      } else if (!columns.equivalent(first)) {
        throw new DeltaLensException(footers.get(i).file() + ": its columns " + Schemas.describe(columns)
            + " differ from those of " + footers.get(0).file() + ", " + Schemas.describe(first)
            + "; to create a table from files that disagree, take their union (--merge-schema / union)");
      }
    }
    // a column some file lacks reads as null there
    return schema(new StructType(merged.fields().stream()
        .map(f -> schemas.stream().allMatch(c -> c.indexOf(f.getName()) >= 0) ? f : SchemaRules.nullable(f))
        .collect(Collectors.toList())));
  }

  private static StructType nullable(StructType schema) {
    return new StructType(schema.fields().stream().map(SchemaRules::nullable).collect(Collectors.toList()));
  }

  public CreateTable partitionBy(String... columns) {
    return partitionBy(Arrays.asList(columns));
  }

  public CreateTable partitionBy(List<String> columns) {
    partitionColumns.addAll(columns);
    return this;
  }

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

  public DeltaTable commit() {
    if (DeltaTable.exists(dir)) {
      return existing();
    }
    if (schema == null) {
      throw new DeltaLensException("creating " + dir + " needs a schema (explicit or from a parquet file)");
    }
    for (String column : partitionColumns) {
      if (schema.indexOf(column) < 0) {
        throw new DeltaLensException("partition column '" + column + "' is not in the schema "
            + schema.fieldNames());
      }
    }
    CreateTableTransactionBuilder builder = TableManager
        .buildCreateTableTransaction(dir.toString(), schema, Kernel.ENGINE_INFO)
        .withTableProperties(properties);
    if (!partitionColumns.isEmpty()) {
      builder = builder.withDataLayoutSpec(DataLayoutSpec.partitioned(
          partitionColumns.stream().map(Column::new).collect(Collectors.toList())));
    }
    try {
      builder.build(Kernel.engine()).commit(Kernel.engine(), CloseableIterable.emptyIterable());
    } catch (TableAlreadyExistsException | ConcurrentWriteException e) {
      return existing(); // another writer created it first
    } catch (DeltaLensException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new DeltaLensException("cannot create " + dir + ": " + e.getMessage(), e);
    }
    return new DeltaTable(dir);
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
