package io.deltalens.table;

import io.delta.kernel.Operation;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Transaction;
import io.delta.kernel.data.Row;
import io.delta.kernel.internal.SnapshotImpl;
import io.delta.kernel.internal.TransactionImpl;
import io.delta.kernel.internal.actions.Metadata;
import io.delta.kernel.internal.actions.SetTransaction;
import io.delta.kernel.internal.data.TransactionStateRow;
import io.delta.kernel.internal.tablefeatures.TableFeatures;
import io.delta.kernel.internal.util.ColumnMapping;
import io.delta.kernel.transaction.UpdateTableTransactionBuilder;
import io.delta.kernel.types.FieldMetadata;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.deltalens.constraints.RowRules;
import io.deltalens.engine.Kernel;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Kernel transaction of an append.
 *
 * <p>Kernel 4.4's transaction builder refuses tables with CHECK constraints, generated or identity
 * columns, and changes a schema only on column-mapping tables, while Spark's mergeSchema adds columns to
 * any table. deltalens honours those itself ({@link RowRules}, {@link SchemaRules}). For such an append
 * Kernel still checks every other table feature (against the metadata minus what deltalens honours), and
 * the transaction is Kernel's own, built directly: Kernel writes the commit with the new metadata (new
 * columns, with field ids and physical names on column-mapping tables; advanced identity high-water
 * marks), checks conflicts (a concurrent metadata change fails
 * the commit), assigns row ids and in-commit timestamps. The internal classes used here are the price
 * of that; they are confined to this class.
 */
final class Transactions {
  private static final Set<String> HONOURED_FIELD_KEYS = Set.of("delta.generationExpression",
      "delta.identity.start", "delta.identity.step", "delta.identity.highWaterMark",
      "delta.identity.allowExplicitInsert");

  private Transactions() {}

  /** Fails (KernelException) unless Kernel writes every feature of the table deltalens leaves to it. */
  static void requireWritable(Snapshot snapshot) {
    SnapshotImpl impl = (SnapshotImpl) snapshot;
    TableFeatures.validateKernelCanWriteToTable(impl.getProtocol(), honouredRemoved(impl.getMetadata()),
        impl.getPath());
  }

  /**
   * The table's schema with {@code merged}'s new columns, which on a column-mapping table get their
   * field ids and physical names here, once (physical names are random).
   */
  static StructType withNewColumns(Snapshot snapshot, StructType merged) {
    return metadataFor(snapshot, merged).getSchema();
  }

  /** What Kernel's data-writing helpers read the table from, with {@code schema} as its schema. */
  static Row writeState(Snapshot snapshot, StructType schema) {
    SnapshotImpl impl = (SnapshotImpl) snapshot;
    return TransactionStateRow.of(metadataFor(snapshot, schema), impl.getProtocol(),
        impl.getDataPath().toString(), 0);
  }

  /**
   * The table's metadata with {@code schema}; on column-mapping tables with ids and physical names for
   * columns that lack them and the max column id moved. New columns get fresh physical names
   * ({@code col-<uuid>}, as Spark gives them): Kernel's alternative for existing tables reuses the
   * display name, which data files of a dropped column of that name may still carry.
   */
  private static Metadata metadataFor(Snapshot snapshot, StructType schema) {
    Metadata metadata = ((SnapshotImpl) snapshot).getMetadata().withNewSchema(schema);
    return ColumnMapping.updateColumnMappingMetadataIfNeeded(metadata, /* fresh names */ true)
        .orElse(metadata);
  }

  /**
   * The transaction that commits the append with {@code schema} as the table's schema from then on;
   * {@code withRules} when deltalens honoured row rules Kernel refuses. Call {@link #requireWritable}
   * first.
   */
  static Transaction forAppend(Snapshot snapshot, StructType schema, boolean withRules, String appId,
      long txnVersion) {
    SnapshotImpl impl = (SnapshotImpl) snapshot;
    Metadata metadata = impl.getMetadata();
    boolean sameSchema = schema.equals(metadata.getSchema());
    if (sameSchema && !withRules) {
      UpdateTableTransactionBuilder builder =
          snapshot.buildUpdateTableTransaction(Kernel.ENGINE_INFO, Operation.WRITE);
      return (appId == null ? builder : builder.withTransactionId(appId, txnVersion)).build(Kernel.engine());
    }
    return new TransactionImpl(false, impl.getDataPath(), Optional.of(impl), Kernel.ENGINE_INFO,
        Operation.WRITE, Optional.empty(),
        sameSchema ? Optional.empty() : Optional.of(metadataFor(snapshot, schema)),
        impl.getCommitter(),
        Optional.ofNullable(appId).map(id -> new SetTransaction(id, txnVersion,
            Optional.of(System.currentTimeMillis()))),
        Optional.empty(), Optional.empty(), 0, System::currentTimeMillis);
  }

  /** The metadata without CHECK constraints, generation expressions and identity columns. */
  private static Metadata honouredRemoved(Metadata metadata) {
    Set<String> constraints = metadata.getConfiguration().keySet().stream()
        .filter(k -> k.startsWith("delta.constraints.")).collect(Collectors.toSet());
    StructType plain = new StructType(metadata.getSchema().fields().stream()
        .map(Transactions::withoutHonouredKeys).collect(Collectors.toList()));
    return metadata.withConfigurationKeysUnset(constraints).withNewSchema(plain);
  }

  private static StructField withoutHonouredKeys(StructField field) {
    FieldMetadata.Builder meta = FieldMetadata.builder().fromMetadata(field.getMetadata());
    HONOURED_FIELD_KEYS.forEach(meta::remove);
    return field.withNewMetadata(meta.build());
  }
}
