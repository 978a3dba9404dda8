package io.deltalens.internal.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.deltalens.DeltaLens;
import io.deltalens.internal.storage.Location;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dead letters once each when batches overlap: a worker that took a partition over replays the batch from the
 * ingested table's offset, while the dead-letter table holds the first worker's letters already.
 */
class DeadLettersTest {
  @TempDir Path dir;

  @Test
  void aReplayAddsOnlyTheLettersTheTableDoesNotHold() {
    Path table = dir.resolve("dlq");
    DeadLetters letters = new DeadLetters(Location.local(table));
    letters.commit(rows(0, 0, 4), "app-t-0", 4, line -> {});     // the first worker's batch, its own commit then lost
    letters.commit(rows(0, 2, 7), "app-t-0", 7, line -> {});     // the next owner's batch from the table's offset
    letters.commit(rows(0, 3, 5), "app-t-0", 5, line -> {});     // a batch behind the table: nothing
    letters.commit(rows(1, 0, 1), "app-t-1", 1, line -> {});     // another partition, its own offsets
    var held = DeltaLens.open(table.toString()).toTable();
    assertEquals(10, held.rowCount());
    assertEquals(LongStream.rangeClosed(0, 7).boxed().toList(),
        held.where(held.intColumn("partition").isEqualTo(0)).sortAscendingOn("offset").longColumn("offset").asList());
    assertEquals(3, DeltaLens.open(table.toString()).history().rowCount() - 1, "three commits after the creation");
  }

  /** Dead-letter rows of topic t's {@code partition} at offsets {@code from..to}. */
  private static List<Object[]> rows(int partition, long from, long to) {
    return LongStream.rangeClosed(from, to).mapToObj(offset -> DeadLetters.row(new ConsumerRecord<>("t",
        partition, offset, null, ("bad " + offset).getBytes(StandardCharsets.UTF_8)), "not JSON")).toList();
  }
}
