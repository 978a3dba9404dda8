package io.deltalens.internal.kafka;

import io.delta.kernel.Snapshot;
import io.delta.kernel.types.StructType;
import io.deltalens.internal.engine.Kernel;
import io.deltalens.internal.kernel.Schemas;
import io.deltalens.internal.read.Versions;
import io.deltalens.internal.storage.Location;
import io.deltalens.internal.write.RowsCommit;
import io.deltalens.internal.write.TableCreation;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The dead-letter table: a message that cannot become a row is kept here with its raw bytes, the error, and where
 * it came from, committed (before the batch it came with) under the same transaction id the batch's partition
 * has in the ingested table, so a replay adds it once: after a crash, and by another worker that took the
 * partition over between this table's commit and the batch's (it redoes the batch from the ingested table's offset).
 */
final class DeadLetters {
  static final StructType SCHEMA = Schemas.parse("topic string, partition int, offset long, timestamp timestamp,"
      + " key binary, value binary, error string, ingested_at timestamp");

  private static final int OFFSET = SCHEMA.indexOf("offset");

  private final Location table;

  DeadLetters(Location table) {
    this.table = table;
    TableCreation.create(table, SCHEMA, List.of(), Map.of()); // false when it is there already
  }

  /** The dead-letter row of {@code record}, failed with {@code error}. */
  static Object[] row(ConsumerRecord<byte[], byte[]> record, String error) {
    return new Object[] {record.topic(), record.partition(), record.offset(), record.timestamp() * 1000,
        record.key(), record.value(), error, System.currentTimeMillis() * 1000};
  }

  /**
   * Commits the dead-letter {@code rows} of {@code appId}'s batch up to {@code lastOffset}, but those at offsets
   * this table holds already (a replay's).
   */
  void commit(List<Object[]> rows, String appId, long lastOffset, Consumer<String> progress) {
    Snapshot snapshot = Versions.latest(table);
    long committed = snapshot.getLatestTransactionVersion(Kernel.engine(), appId).orElse(-1L);
    RowBuffer fresh = new RowBuffer(SCHEMA);
    rows.stream().filter(row -> (long) row[OFFSET] > committed).forEach(row -> fresh.add(row, (long) row[OFFSET]));
    if (fresh.rows() == 0) {
      return;
    }
    RowsCommit.commit(table, snapshot, table.resolve(KafkaWorker.FOLDER_PREFIX + appId), List.of(fresh.drain(fresh.rows())),
        appId, committed, lastOffset, progress);
  }
}
