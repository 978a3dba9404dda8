/**
 * Kafka ingest (what kafka-delta-ingest does): messages of Kafka partitions become table appends, one commit per
 * partition's batch, exactly once. The offsets live in the table — a {@code txn} per partition, {@code appId}
 * {@code <app-id>-<topic>-<partition>} at the batch's last offset — so a worker seeks each partition it is assigned
 * to the table's offset + 1, and a commit whose partition another worker advanced first loses, its files deleted.
 * Kafka's consumer groups share the partitions among workers; deltalens coordinates nothing itself.
 * {@link io.deltalens.internal.kafka.KafkaWorker} runs the loop, {@link io.deltalens.internal.kafka.Payloads}
 * decodes messages, {@link io.deltalens.internal.kafka.ColumnSources} maps them to columns,
 * {@link io.deltalens.internal.kafka.JsonValues} coerces values to the columns' types ({@link
 * io.deltalens.internal.expr.IsoTimes} reads the common timestamp text fast),
 * {@link io.deltalens.internal.kafka.RowBuffer} holds a batch, {@link io.deltalens.internal.kafka.DeadLetters} keeps
 * the messages that cannot be rows.
 */
package io.deltalens.internal.kafka;
