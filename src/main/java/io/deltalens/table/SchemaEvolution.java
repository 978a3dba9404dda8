package io.deltalens.table;

import io.deltalens.engine.Kernel;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Transaction;
import io.delta.kernel.data.Row;
import io.delta.kernel.internal.actions.Metadata;
import io.delta.kernel.internal.actions.SingleAction;
import io.delta.kernel.internal.data.TransactionStateRow;
import io.delta.kernel.types.StructType;

/**
 * Adds columns to a table in the same commit as the files that bring them.
 *
 * <p>Kernel 4.4 updates a schema only on column-mapping tables ("Cannot update schema for table when
 * column mapping is disabled"), while Spark's mergeSchema adds columns to any table. So for a table
 * without column mapping this builds, with Kernel's own action types, the new {@code metaData} action
 * and the transaction state that Kernel's data-writing helpers read the schema from. Kernel still writes
 * the commit, checks conflicts (a concurrent metadata change fails the commit) and serialises the
 * actions. The internal classes used here are the price of that; they are confined to this class.
 */
final class SchemaEvolution {
  private final Metadata evolved;
  private final Row transactionState;

  SchemaEvolution(Snapshot snapshot, Transaction txn, StructType mergedSchema) {
    this.evolved = snapshot.getMetadata().withNewSchema(mergedSchema);
    Row original = txn.getTransactionState(Kernel.engine());
    this.transactionState = TransactionStateRow.of(
        evolved, snapshot.getProtocol(), TransactionStateRow.getTablePath(original), 0);
  }

  /** The transaction state describing the table with its new columns. */
  Row transactionState() {
    return transactionState;
  }

  /** The {@code metaData} action that records the new schema. */
  Row metadataAction() {
    return SingleAction.createMetadataSingleAction(evolved.toRow());
  }
}
