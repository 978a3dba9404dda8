package io.deltalens.internal.write;

import io.delta.kernel.Operation;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Transaction;
import io.delta.kernel.data.Row;
import io.delta.kernel.transaction.UpdateTableTransactionBuilder;
import io.delta.kernel.types.FieldMetadata;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.deltalens.internal.constraints.RowRules;
import io.deltalens.internal.engine.Kernel;
import io.deltalens.internal.kernel.KernelInternals;
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
 * the transaction is Kernel's own, built past the builder ({@link KernelInternals#appendTransaction}):
 * Kernel writes the commit with the new metadata (new columns, with field ids and physical names on
 * column-mapping tables; advanced identity high-water marks), checks conflicts (a concurrent metadata
 * change fails the commit), assigns row ids and in-commit timestamps. Other appends use the public builder.
 */
final class Transactions {
  private static final Set<String> HONOURED_FIELD_KEYS = Set.of("delta.generationExpression",
      "delta.identity.start", "delta.identity.step", "delta.identity.highWaterMark",
      "delta.identity.allowExplicitInsert");

  private Transactions() {}

  /** Fails (KernelException) unless Kernel writes every feature of the table deltalens leaves to it. */
  static void requireWritable(Snapshot snapshot) {
    Set<String> constraints = snapshot.getTableProperties().keySet().stream()
        .filter(k -> k.startsWith("delta.constraints.")).collect(Collectors.toSet());
    KernelInternals.requireWritable(snapshot, constraints, schema -> new StructType(schema.fields().stream()
        .map(Transactions::withoutHonouredKeys).collect(Collectors.toList())));
  }

  /**
   * The table's schema with {@code merged}'s new columns, which on a column-mapping table get their
   * field ids and physical names here, once (physical names are random).
   */
  static StructType withNewColumns(Snapshot snapshot, StructType merged) {
    return KernelInternals.withColumnMapping(snapshot, merged);
  }

  /** What Kernel's data-writing helpers read the table from, with {@code schema} as its schema. */
  static Row writeState(Snapshot snapshot, StructType schema) {
    return KernelInternals.writeState(snapshot, schema);
  }

  /**
   * The transaction that commits the append with {@code schema} as the table's schema from then on;
   * {@code withRules} when deltalens honoured row rules Kernel refuses. Call {@link #requireWritable}
   * first.
   */
  static Transaction forAppend(Snapshot snapshot, StructType schema, boolean withRules, String appId,
      long txnVersion) {
    boolean sameSchema = schema.equals(snapshot.getSchema());
    if (sameSchema && !withRules) {
      UpdateTableTransactionBuilder builder =
          snapshot.buildUpdateTableTransaction(Kernel.ENGINE_INFO, Operation.WRITE);
      return (appId == null ? builder : builder.withTransactionId(appId, txnVersion)).build(Kernel.engine());
    }
    return KernelInternals.appendTransaction(snapshot, sameSchema ? Optional.empty() : Optional.of(schema),
        Kernel.ENGINE_INFO, appId, txnVersion);
  }

  private static StructField withoutHonouredKeys(StructField field) {
    FieldMetadata.Builder meta = FieldMetadata.builder().fromMetadata(field.getMetadata());
    HONOURED_FIELD_KEYS.forEach(meta::remove);
    return field.withNewMetadata(meta.build());
  }
}
