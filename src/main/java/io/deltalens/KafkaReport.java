package io.deltalens;

import java.util.Map;

/**
 * What a Kafka ingest run did (or, handed to {@link KafkaIngest#metrics} every 2 s, has done so far).
 *
 * @param messages Kafka messages read
 * @param rows rows committed to the table
 * @param deadLetters messages kept in the dead-letter table instead
 * @param commits commits made (one per partition's batch)
 * @param files data files added
 * @param lostBatches batches dropped because another worker committed their partition first (read again from
 *     the table's offset: not lost)
 * @param offsets each partition's ({@code topic-partition}) last offset committed to the table by this run
 * @param lag while running ({@link KafkaIngest#metrics}): each assigned partition's messages not read yet
 * @param messagesPerSecond while running: the rate over the last two seconds
 * @param tableRows the rows committed to each table (several with {@link KafkaIngest#route routes})
 */
public record KafkaReport(long messages, long rows, long deadLetters, long commits, long files, long lostBatches,
    Map<String, Long> offsets, Map<String, Long> lag, double messagesPerSecond, Map<String, Long> tableRows) {

  @Override
  public String toString() {
    return String.format("%,d messages: %,d rows in %,d files, %,d commits%s%s%s", messages, rows, files, commits,
        deadLetters > 0 ? String.format(", %,d dead letters", deadLetters) : "",
        lostBatches > 0 ? String.format(" (%,d batches left to other workers)", lostBatches) : "",
        tableRows.size() > 1 ? "; rows per table: " + String.join(", ", tableRows.entrySet().stream()
            .map(e -> String.format("%s %,d", e.getKey(), e.getValue())).toList()) : "");
  }
}
