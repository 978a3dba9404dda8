package io.deltalens.internal.write;

import io.delta.kernel.TableManager;
import io.delta.kernel.Transaction;
import io.delta.kernel.exceptions.ConcurrentWriteException;
import io.delta.kernel.exceptions.TableAlreadyExistsException;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.transaction.CreateTableTransactionBuilder;
import io.delta.kernel.transaction.DataLayoutSpec;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterable;
import io.deltalens.DeltaLensException;
import io.deltalens.internal.engine.Kernel;
import io.deltalens.internal.kernel.Schemas;
import io.deltalens.internal.parquet.Footers;
import io.deltalens.internal.parquet.ParquetSchemas;
import io.deltalens.internal.storage.Location;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.parquet.schema.MessageType;

/** Version 0 of a table ({@code CreateTable.commit()}), and the schema a set of parquet files gives one. */
public final class TableCreation {
  private TableCreation() {}

  /** A table to be created: its columns (partition columns among them) and which of them partition it. */
  public record NewTable(StructType schema, List<String> partitionColumns) {}

  /**
   * Commits version 0 of {@code dir}. Returns false when a table is there already, also when another
   * writer created it first.
   */
  public static boolean create(Location dir, StructType schema, List<String> partitionColumns,
      Map<String, String> properties) {
    Transaction txn = transaction(dir, schema, partitionColumns, properties);
    if (txn == null) {
      return false;
    }
    try {
      txn.commit(Kernel.engine(), CloseableIterable.emptyIterable());
      return true;
    } catch (ConcurrentWriteException e) {
      return false;
    } catch (RuntimeException e) {
      throw cannotCreate(dir, e);
    }
  }

  /**
   * The transaction that commits version 0 of {@code dir} (with data actions or none); null when a table
   * is there already. Its commit fails with {@link ConcurrentWriteException} when another writer created
   * the table first.
   */
  static Transaction transaction(Location dir, StructType schema, List<String> partitionColumns,
      Map<String, String> properties) {
    for (String column : partitionColumns) {
      if (schema.indexOf(column) < 0) {
        throw new DeltaLensException("partition column '" + column + "' is not in the schema "
            + schema.fieldNames());
      }
    }
    CreateTableTransactionBuilder builder = TableManager
        .buildCreateTableTransaction(dir.uri(), schema, Kernel.ENGINE_INFO)
        .withTableProperties(properties);
    if (!partitionColumns.isEmpty()) {
      builder = builder.withDataLayoutSpec(DataLayoutSpec.partitioned(
          partitionColumns.stream().map(Column::new).collect(Collectors.toList())));
    }
    try {
      return builder.build(Kernel.engine());
    } catch (TableAlreadyExistsException e) {
      return null;
    } catch (RuntimeException e) {
      throw cannotCreate(dir, e);
    }
  }

  private static DeltaLensException cannotCreate(Location dir, RuntimeException e) {
    return e instanceof DeltaLensException d ? d
        : new DeltaLensException("cannot create " + dir + ": " + e.getMessage(), e);
  }

  /**
   * The schema in the footers of these files and folders' parquet files: they must all have the same
   * columns, or with {@code union} the table gets every column any of them has (those not in every file
   * nullable).
   */
  public static StructType schemaFromParquet(List<Location> filesOrFolders, boolean union) {
    return schemaOf(Footers.readAll(Inputs.expand(filesOrFolders), footer -> {}), union);
  }

  /** As {@link #schemaFromParquet}, from footers already read. */
  static StructType schemaOf(List<Footers.Footer> all, boolean union) {
    // files written alike have one parquet schema: each distinct one is converted and compared once
    Map<MessageType, Footers.Footer> distinct = new LinkedHashMap<>();
    all.forEach(f -> distinct.putIfAbsent(f.metadata().getFileMetaData().getSchema(), f));
    List<Footers.Footer> footers = List.copyOf(distinct.values());
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
    return new StructType(merged.fields().stream()
        .map(f -> schemas.stream().allMatch(c -> c.indexOf(f.getName()) >= 0) ? f : SchemaRules.nullable(f))
        .collect(Collectors.toList()));
  }

  private static StructType nullable(StructType schema) {
    return new StructType(schema.fields().stream().map(SchemaRules::nullable).collect(Collectors.toList()));
  }
}
