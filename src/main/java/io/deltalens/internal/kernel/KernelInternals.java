package io.deltalens.internal.kernel;

import io.delta.kernel.Operation;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Transaction;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.internal.data.DefaultColumnarBatch;
import io.delta.kernel.defaults.internal.data.vector.DefaultArrayVector;
import io.delta.kernel.defaults.internal.data.vector.DefaultMapVector;
import io.delta.kernel.defaults.internal.data.vector.DefaultStructVector;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.SnapshotImpl;
import io.delta.kernel.internal.TransactionImpl;
import io.delta.kernel.commit.Committer;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.internal.actions.AddFile;
import io.delta.kernel.internal.actions.CommitInfo;
import io.delta.kernel.internal.actions.DeletionVectorDescriptor;
import io.delta.kernel.internal.actions.Metadata;
import io.delta.kernel.internal.actions.RemoveFile;
import io.delta.kernel.internal.actions.SingleAction;
import io.delta.kernel.internal.actions.Protocol;
import io.delta.kernel.internal.actions.SetTransaction;
import io.delta.kernel.internal.data.DelegateRow;
import io.delta.kernel.internal.data.GenericRow;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.internal.data.TransactionStateRow;
import io.delta.kernel.internal.tablefeatures.TableFeatures;
import io.delta.kernel.internal.types.DataTypeJsonSerDe;
import io.delta.kernel.internal.util.ColumnMapping;
import io.delta.kernel.internal.util.IntervalParserUtils;
import io.delta.kernel.internal.util.PartitionUtils;
import io.delta.kernel.internal.util.VectorUtils;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.FileStatus;
import io.deltalens.internal.engine.Kernel;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The one door to Kernel's internal classes ({@code io.delta.kernel.internal}, and the default engine's
 * {@code io.delta.kernel.defaults.internal}): no other file of deltalens imports them, so a Kernel
 * upgrade that moves them is a change here. Each operation says why Kernel's public API does not serve.
 */
public final class KernelInternals {
  private KernelInternals() {}

  /** The protocol of a table version, as deltalens shows it. */
  public record ProtocolView(int minReaderVersion, int minWriterVersion, Set<String> readerFeatures,
      Set<String> writerFeatures) {}

  /** Public {@code Snapshot.getProtocol()} hands out Kernel's internal Protocol action. */
  public static ProtocolView protocol(Snapshot snapshot) {
    Protocol protocol = ((SnapshotImpl) snapshot).getProtocol();
    return new ProtocolView(protocol.getMinReaderVersion(), protocol.getMinWriterVersion(),
        protocol.getReaderFeatures(), protocol.getWriterFeatures());
  }

  /** The public API parses schemas only as part of a log it reads; hand-written schema JSON needs the parser. */
  public static StructType parseSchema(String json) {
    return DataTypeJsonSerDe.deserializeStructType(json);
  }

  // --- transactions: Kernel 4.4's builder refuses tables with CHECK constraints, generated or identity
  // columns, and schema changes without column mapping; deltalens honours those (table/Transactions)

  /**
   * Fails (KernelException) unless Kernel writes every feature of the table but those deltalens honours:
   * its check runs against the metadata without {@code honouredKeys} and with {@code plainSchema}'s
   * fields. The public builder runs this check only on the whole metadata.
   */
  public static void requireWritable(Snapshot snapshot, Set<String> honouredKeys,
      UnaryOperator<StructType> plainSchema) {
    SnapshotImpl impl = (SnapshotImpl) snapshot;
    Metadata metadata = impl.getMetadata();
    Metadata plain = metadata.withConfigurationKeysUnset(honouredKeys).withNewSchema(plainSchema.apply(metadata.getSchema()));
    TableFeatures.validateKernelCanWriteToTable(impl.getProtocol(), plain, impl.getPath());
  }

  /**
   * {@code schema} with field ids and physical names for columns that lack them on a column-mapping
   * table (fresh {@code col-<uuid>} names, as Spark gives them: Kernel's existing-table mode reuses the
   * display name, which a dropped column's data files may carry). The public API assigns them only when
   * it creates a table.
   */
  public static StructType withColumnMapping(Snapshot snapshot, StructType schema) {
    return metadataFor(snapshot, schema).getSchema();
  }

  /** What Kernel's data-writing helpers read a table from, with {@code schema}: public only from a built transaction. */
  public static Row writeState(Snapshot snapshot, StructType schema) {
    SnapshotImpl impl = (SnapshotImpl) snapshot;
    return TransactionStateRow.of(metadataFor(snapshot, schema), impl.getProtocol(), impl.getDataPath().toString(), 0);
  }

  /**
   * Kernel's own transaction for an append that sets {@code newSchema} (when present) and the txn
   * {@code appId}/{@code txnVersion} (when appId is set), built past the builder's refusals: Kernel still
   * writes the commit, checks conflicts, assigns row ids and in-commit timestamps.
   */
  public static Transaction appendTransaction(Snapshot snapshot, Optional<StructType> newSchema, String engineInfo,
      String appId, long txnVersion) {
    SnapshotImpl impl = (SnapshotImpl) snapshot;
    return new TransactionImpl(false, impl.getDataPath(), Optional.of(impl), engineInfo,
        Operation.WRITE, Optional.empty(), newSchema.map(s -> metadataFor(snapshot, s)), impl.getCommitter(),
        Optional.ofNullable(appId).map(id -> new SetTransaction(id, txnVersion, Optional.of(System.currentTimeMillis()))),
        Optional.empty(), Optional.empty(), 0, System::currentTimeMillis);
  }

  private static Metadata metadataFor(Snapshot snapshot, StructType schema) {
    Metadata metadata = ((SnapshotImpl) snapshot).getMetadata().withNewSchema(schema);
    return ColumnMapping.updateColumnMappingMetadataIfNeeded(metadata, /* fresh names */ true).orElse(metadata);
  }

  /**
   * A remove action (wrapped as Kernel's single-action row, as an add from {@code generateAppendActions} is)
   * for a file the table holds: the public API has no way to remove a file.
   */
  public static Row removeAction(String path, long size, Map<String, String> partitionValues, long timestamp) {
    StructType schema = RemoveFile.FULL_SCHEMA;
    Map<Integer, Object> values = new HashMap<>();
    values.put(schema.indexOf("path"), path);
    values.put(schema.indexOf("deletionTimestamp"), timestamp);
    values.put(schema.indexOf("dataChange"), true);
    values.put(schema.indexOf("extendedFileMetadata"), true);
    values.put(schema.indexOf("partitionValues"), VectorUtils.stringStringMapValue(partitionValues));
    values.put(schema.indexOf("size"), size);
    return SingleAction.createRemoveFileSingleAction(new GenericRow(schema, values));
  }

  /**
   * A txn action of its own (wrapped as a single-action row) to commit beside the transaction's one: the
   * public builder takes one appId per commit, and only that one fences racing writers.
   */
  public static Row txnAction(String appId, long version, long timestamp) {
    return SingleAction.createTxnSingleAction(new SetTransaction(appId, version, Optional.of(timestamp)).toRow());
  }

  // --- rewrites (compaction): the public API only appends files, always as a data change

  /**
   * Kernel's transaction for a rewrite of files that changes no data, recorded in the commit as
   * {@code operation} with its parameters and metrics, as Spark records an OPTIMIZE: the public builder
   * knows only its own operations and writes no metrics. The commitInfo Kernel makes is relabelled on its
   * way to the table's committer; Kernel still checks conflicts (a concurrent removal of a file this
   * rewrite removes fails it) and writes the commit.
   */
  public static Transaction rewriteTransaction(Snapshot snapshot, String engineInfo, String operation,
      Map<String, String> parameters, Map<String, String> metrics) {
    SnapshotImpl impl = (SnapshotImpl) snapshot;
    Committer committer = impl.getCommitter();
    Committer relabelled = (engine, actions, commit) -> committer.commit(engine, actions.map(action -> {
      if (action.isNullAt(SingleAction.COMMIT_INFO_ORDINAL)) {
        return action;
      }
      CommitInfo kernels = commit.getCommitInfo();
      CommitInfo info = new CommitInfo(kernels.getInCommitTimestamp(), kernels.getTimestamp(),
          kernels.getEngineInfo(), Optional.of(operation), parameters, Optional.of(false), kernels.getTxnId(), metrics);
      return SingleAction.createCommitInfoSingleAction(info.toRow());
    }), commit);
    return new TransactionImpl(false, impl.getDataPath(), Optional.of(impl), engineInfo, Operation.WRITE,
        Optional.empty(), Optional.empty(), relabelled, Optional.empty(), Optional.empty(), Optional.empty(), 0,
        System::currentTimeMillis);
  }

  /** The remove action of a scan file, marked as no data change (its deletion vector kept, as the protocol needs). */
  public static Row rewriteRemove(Row scanFile, long timestamp) {
    AddFile add = new AddFile(scanFile.getStruct(InternalScanFileUtils.ADD_FILE_ORDINAL));
    return SingleAction.createRemoveFileSingleAction(add.toRemoveFileRow(false, Optional.of(timestamp)));
  }

  /** An add action from {@code generateAppendActions}, marked as no data change. */
  public static Row rewriteAdd(Row addAction) {
    Row add = addAction.getStruct(SingleAction.ADD_FILE_ORDINAL);
    return SingleAction.createAddFileSingleAction(
        new DelegateRow(add, Map.of(add.getSchema().indexOf("dataChange"), false)));
  }

  /** How many rows of a scan file its deletion vector deletes: -1 without one. */
  public static long deletedRows(Row scanFile) {
    var dv = InternalScanFileUtils.getDeletionVectorDescriptorFromRow(scanFile);
    return dv == null ? -1 : dv.getCardinality();
  }

  /** The file holding a scan file's deletion vector, unless it has none or holds it inline. */
  public static Optional<URI> deletionVectorFile(Row scanFile, org.apache.hadoop.fs.Path table) {
    return deletionVectorFile(InternalScanFileUtils.getDeletionVectorDescriptorFromRow(scanFile), table);
  }

  /** The file of a deletion vector as a JSON commit records it ({@code storageType}, {@code pathOrInlineDv}). */
  public static Optional<URI> deletionVectorFile(String storageType, String pathOrInlineDv,
      org.apache.hadoop.fs.Path table) {
    return deletionVectorFile(new DeletionVectorDescriptor(storageType, pathOrInlineDv, Optional.empty(), 0, 0),
        table);
  }

  private static Optional<URI> deletionVectorFile(DeletionVectorDescriptor dv, org.apache.hadoop.fs.Path table) {
    return dv == null || dv.isInline() ? Optional.empty()
        : Optional.of(new org.apache.hadoop.fs.Path(dv.getAbsolutePath(table.toString())).toUri());
  }

  /** A scan file's partition values by logical column name (the log keys them by physical name). */
  public static Map<String, Literal> partitionLiterals(Snapshot snapshot, Row scanFile) {
    Map<String, String> byPhysical = InternalScanFileUtils.getPartitionValues(scanFile);
    Map<String, Literal> values = new HashMap<>();
    for (String column : snapshot.getPartitionColumnNames()) {
      StructField field = snapshot.getSchema().get(column);
      values.put(column, PartitionUtils.literalForPartitionValue(field.getDataType(),
          byPhysical.get(ColumnMapping.getPhysicalName(field))));
    }
    return values;
  }

  /** A scan file's partition values as the log records them (physical names), to group files by partition. */
  public static Map<String, String> partitionValues(Row scanFile) {
    return InternalScanFileUtils.getPartitionValues(scanFile);
  }

  /** A table property's interval ("interval 1 week", "7 days") in milliseconds: Kernel's parser is internal. */
  public static long intervalMillis(String interval) {
    return IntervalParserUtils.safeParseIntervalAsMillis(interval);
  }

  // --- the write state and scan rows: their layout is Kernel's; the public API reads only some fields

  public static String tablePath(Row writeState) {
    return TransactionStateRow.getTablePath(writeState);
  }

  /** The physical schema data files are written with (public API: only inside transformLogicalData). */
  public static StructType physicalSchema(Row writeState) {
    return TransactionStateRow.getPhysicalSchema(writeState);
  }

  public static boolean usesColumnMapping(Row writeState) {
    return TransactionStateRow.getColumnMappingMode(writeState) != ColumnMapping.ColumnMappingMode.NONE;
  }

  /**
   * The schema a scan reads data files with (public API: only inside transformPhysicalData). Kernel parses
   * it from the state's JSON on each call; kept for the last state, as a compaction asks once per file.
   */
  public static StructType physicalReadSchema(Row scanState) {
    ReadSchema last = lastReadSchema;
    if (last == null || last.state() != scanState) {
      last = new ReadSchema(scanState, ScanStateRow.getPhysicalDataReadSchema(scanState));
      lastReadSchema = last;
    }
    return last.schema();
  }

  private record ReadSchema(Row state, StructType schema) {}

  private static volatile ReadSchema lastReadSchema;

  /** A scan file's path, size and time, for the engine to read (public API: none). */
  public static FileStatus fileStatus(Row scanFile) {
    return InternalScanFileUtils.getAddFileStatus(scanFile);
  }

  /** A scan file's statistics JSON, or null (public API: none; they size a frame before it fills). */
  public static String stats(Row scanFile) {
    Row add = scanFile.getStruct(InternalScanFileUtils.ADD_FILE_ORDINAL);
    return add.isNullAt(InternalScanFileUtils.ADD_FILE_STATS_ORDINAL) ? null
        : add.getString(InternalScanFileUtils.ADD_FILE_STATS_ORDINAL);
  }

  /** The field metadata key of a parquet field id (column mapping id mode). */
  public static final String PARQUET_FIELD_ID_KEY = ColumnMapping.PARQUET_FIELD_ID_KEY;

  // --- nested vectors: the public API has interfaces only; the engine hands Kernel finished arrays (flat
  // ones are deltalens' own PrimitiveVector)
  public static ColumnVector structs(int rows, StructType type, Optional<boolean[]> nulls, ColumnVector[] fields) {
    return new DefaultStructVector(rows, type, nulls, fields);
  }

  /** {@code offsets} (rows + 1 of them) into {@code elements}. */
  public static ColumnVector arrays(int rows, DataType type, Optional<boolean[]> nulls, int[] offsets,
      ColumnVector elements) {
    return new DefaultArrayVector(rows, type, nulls, offsets, elements);
  }

  /** {@code offsets} (rows + 1 of them) into {@code keys} and {@code values}. */
  public static ColumnVector maps(int rows, DataType type, Optional<boolean[]> nulls, int[] offsets,
      ColumnVector keys, ColumnVector values) {
    return new DefaultMapVector(rows, type, nulls, offsets, keys, values);
  }

  public static ColumnarBatch batch(int rows, StructType schema, ColumnVector[] vectors) {
    return new DefaultColumnarBatch(rows, schema, vectors);
  }
}
