package io.deltalens.internal.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import io.delta.kernel.Snapshot;
import io.delta.kernel.types.StructType;
import io.deltalens.DeltaLensException;
import io.deltalens.internal.constraints.RowRules;
import io.deltalens.internal.engine.Background;
import io.deltalens.internal.engine.Kernel;
import io.deltalens.internal.read.Versions;
import io.deltalens.internal.storage.Location;
import io.deltalens.internal.write.Checkpoints;
import io.deltalens.internal.write.RowsCommit;
import io.deltalens.internal.write.TableCreation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ingest worker: a Kafka consumer in a group, a batch per assigned partition, one commit per batch carrying
 * the partition's transaction ({@code <appId>-<topic>-<partition>} at the batch's last offset). On assignment a
 * partition is sought to the table's offset + 1; a batch is committed only if the table's offset of its partition
 * is still the one the batch follows, otherwise it is dropped and the partition sought again (another worker took
 * it over). A batch is cut at {@code maxLatency} or {@code maxRows}, and the largest when all batches together hold
 * {@code maxBytes} (so memory stays bounded by it, however many partitions a worker has); revoked partitions commit
 * what they hold first, and so does a stop. Kafka's group offsets are committed too, after the table's, for lag
 * monitoring, and naming the table's offset, so that a worker leaving at the end tells the others of its group
 * which partitions it drained (one ending in transaction markers has no message at its end offset).
 */
public final class KafkaWorker {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaWorker.class);
  /** Where a partition's files go: {@code _kafka-<appId>} in the table (hidden from a landing watcher). */
  public static final String FOLDER_PREFIX = "_kafka-";
  private static final Duration POLL = Duration.ofMillis(200);
  private static final long PROGRESS_EVERY_MS = 2_000;

  /** What to ingest and how; {@code consumer} are Kafka consumer properties over deltalens' defaults. */
  public record Settings(Location table, String bootstrap, List<String> topics, String group, String appId,
      String format, Location avroSchema, List<String> columns, Duration maxLatency, long maxRows, long maxBytes, Location deadLetters,
      boolean exitAtEnd, StructType createSchema, List<String> partitionBy, Map<String, String> consumer,
      Consumer<String> progress, Consumer<Report> metrics) {}

  /**
   * What a run did, or has done so far: {@code offsets} are the last committed offset of each partition it held,
   * {@code lag} each assigned partition's messages not yet read, {@code messagesPerSecond} the recent rate.
   */
  public record Report(long messages, long rows, long deadLetters, long commits, long files, long lostBatches,
      Map<String, Long> offsets, Map<String, Long> lag, double messagesPerSecond) {}

  private final Settings settings;
  private final PayloadFormat format;
  private final Map<TopicPartition, Batch> batches = new LinkedHashMap<>();
  private final Map<TopicPartition, Long> ends = new HashMap<>();
  private final Map<TopicPartition, Long> topicEnds = new HashMap<>(); // every partition's end at start (exitAtEnd)
  private final Map<String, Long> offsets = new TreeMap<>();
  private final ExecutorService checkpoints = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "deltalens-kafka-checkpoint");
    t.setDaemon(true);
    return t;
  });
  private Future<?> checkpoint;
  private Future<?> opening;
  private ColumnSources sources;
  private StructType schema;
  private boolean checkpointable;
  private DeadLetters deadLetters;
  private RowRules screen; // with dead letters: the rules a message's rows are checked by when taken
  private KafkaConsumer<byte[], byte[]> consumer;
  private volatile boolean stopping;
  private boolean failed;
  private boolean assigned;
  private long messages;
  private long rows;
  private long dead;
  private long commits;
  private long files;
  private long lost;
  private long othersCheckedAt;
  private long lastProgress = System.currentTimeMillis();
  private long messagesAtProgress;

  /** The messages of one partition since its last commit. */
  private final class Batch {
    final TopicPartition partition;
    final String appId;
    final RowBuffer buffer = new RowBuffer(schema);
    final List<Object[]> deadRows = new ArrayList<>();
    long base;     // the table's offset of the partition the batch follows (-1: none yet)
    long last;     // the last offset taken into the batch
    long firstAt;  // when its first message came, for maxLatency

    Batch(TopicPartition partition, long base) {
      this.partition = partition;
      this.appId = appIdOf(partition);
      this.base = base;
      this.last = base;
    }

    boolean isEmpty() {
      return last == base;
    }

    boolean due(long now) {
      return !isEmpty() && now - firstAt >= settings.maxLatency().toMillis();
    }

    String where() {
      return "topic " + partition.topic() + " partition " + partition.partition() + " offsets " + (base + 1) + ".."
          + last;
    }
  }

  /** The transaction id a partition's commits carry. */
  private String appIdOf(TopicPartition partition) {
    return settings.appId() + "-" + partition.topic() + "-" + partition.partition();
  }

  public KafkaWorker(Settings settings) {
    this.settings = settings;
    this.format = payloads(settings);
  }

  /** Asks a running worker to commit what it holds and return; from any thread (a signal handler's too). */
  public void stop() {
    stopping = true;
    KafkaConsumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
  }

  /** The format named, with its schema for Avro (a schema file without --payload avro is a mistake too). */
  private static PayloadFormat payloads(Settings settings) {
    boolean avro = settings.format().trim().equalsIgnoreCase("avro");
    if (avro != (settings.avroSchema() != null)) {
      throw new DeltaLensException(avro ? "Avro payloads need their schema: give the .avsc file (--avro-schema)"
          : "an Avro schema is given, but the payload format is " + settings.format() + " (--payload avro)");
    }
    return avro ? AvroPayloads.of(settings.avroSchema()) : Payloads.named(settings.format());
  }

  /** Ingests until stopped (or, with {@code exitAtEnd}, until the end offsets seen on assignment are in). */
  public Report run() {
    try {
      consumer = new KafkaConsumer<>(consumerProperties(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    } catch (KafkaException e) {
      throw new DeltaLensException("cannot use Kafka at " + settings.bootstrap() + ": " + e.getMessage());
    }
    try {
      reach(); // before the table is touched: a wrong --bootstrap creates nothing
      // the table opens while the consumer joins its group (each takes about a second in a fresh JVM)
      opening = Background.submit(() -> {
        openTable();
        return null;
      });
      consumer.subscribe(settings.topics(), new Rebalance());
      try {
        while (!stopping && !(settings.exitAtEnd() && atEnd())) {
          if (opening.isDone()) {
            Background.join(opening); // a table that cannot be opened fails the run now
          }
          take(consumer.poll(POLL));
          long now = System.currentTimeMillis();
          for (Batch batch : new ArrayList<>(batches.values())) {
            if (batch.due(now)) {
              flush(batch);
            }
          }
          flushWhileOverBytes();
          progress(now, false);
        }
      } catch (WakeupException e) {
        // stop(), in a poll or any other call that waits on the broker: commit what is held below
      } catch (KafkaException e) {
        // the rebalance listener's failure (a table that cannot be opened or committed to), wrapped by poll
        throw e.getCause() instanceof DeltaLensException d ? d : e;
      }
      Background.join(opening); // stopped before it ended: its failure, if any, is the run's
      for (Batch batch : new ArrayList<>(batches.values())) {
        flush(batch);
      }
      if (settings.exitAtEnd() && !stopping) {
        commitPositions(); // drained: the others may leave too (see othersDone)
      }
      progress(System.currentTimeMillis(), true);
    } catch (RuntimeException | Error e) {
      failed = true; // the consumer's close must not commit what a failed run holds
      throw e;
    } finally {
      closeQuietly();
      waitForCheckpoint();
      checkpoints.shutdown();
    }
    return new Report(messages, rows, dead, commits, files, lost, offsets, Map.of(), 0);
  }

  private void openTable() {
    Location table = settings.table();
    if (!Versions.exists(table)) {
      if (settings.createSchema() == null) {
        throw new DeltaLensException(table + " holds no Delta table; give a schema to create it"
            + " (--create-if-absent --schema \"id long, ...\")");
      }
      TableCreation.create(table, settings.createSchema(), settings.partitionBy(), Map.of()); // a racer may win
    }
    Snapshot snapshot = Versions.latest(table);
    schema = snapshot.getSchema();
    RowRules rules = RowRules.of(snapshot.getTableProperties(), schema, table);
    checkpointable = rules.isEmpty(); // Kernel cannot checkpoint tables with row rules
    sources = ColumnSources.of(schema, settings.columns(), rules.filledColumns());
    if (!format.hasFields() && sources.readsFields()) {
      throw new DeltaLensException("raw payloads have no fields: map every column of " + table
          + " to a kafka.<property> (--column 'payload = kafka.value'), or read the messages as json");
    }
    if (settings.deadLetters() != null) {
      deadLetters = new DeadLetters(settings.deadLetters());
      screen = rules.checksRows() ? rules : null;
    }
  }

  /**
   * Asks the brokers for the topics' partitions once before joining the group: a wrong --bootstrap is then
   * one line after default.api.timeout.ms (30 s unless given), where the group join would wait forever.
   */
  private void reach() {
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : settings.topics()) {
      try {
        consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      } catch (org.apache.kafka.common.errors.TimeoutException e) {
        throw new DeltaLensException("cannot reach Kafka at " + settings.bootstrap() + ": no answer about topic "
            + topic + " within " + apiTimeoutSeconds() + " s (is --bootstrap right, and the broker up?)");
      }
    }
    if (settings.exitAtEnd()) {
      topicEnds.putAll(consumer.endOffsets(partitions));
    }
  }

  private long apiTimeoutSeconds() {
    return Long.parseLong(String.valueOf(consumerProperties().get(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG)))
        / 1000;
  }

  private Map<String, Object> consumerProperties() {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, settings.group());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
    props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "deltalens-" + settings.appId() + "-" + ProcessHandle.current().pid());
    props.putAll(settings.consumer());
    return props;
  }

  private void take(ConsumerRecords<byte[], byte[]> records) {
    List<Message> taken = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      if (batchFor(record) != null) {
        taken.add(parse(record));
      }
    }
    if (screen != null) {
      screen(taken);
    }
    for (Message message : taken) {
      ConsumerRecord<byte[], byte[]> record = message.record();
      Batch batch = batchFor(record); // again: a flush below may have dropped the batch and moved it back
      if (batch == null) {
        continue;
      }
      if (batch.isEmpty()) {
        batch.firstAt = System.currentTimeMillis();
      }
      messages++;
      if (message.error() == null) {
        message.rows().forEach(batch.buffer::add);
      } else if (deadLetters == null) {
        throw new DeltaLensException("topic " + record.topic() + " partition " + record.partition() + " offset "
            + record.offset() + ": " + message.error() + " (nothing of this batch was committed; give --dlq-table"
            + " to keep such messages aside and go on)");
      } else {
        batch.deadRows.add(DeadLetters.row(record, message.error()));
        dead++;
      }
      batch.last = record.offset();
      if (batch.buffer.rows() >= settings.maxRows()) {
        flush(batch); // at the row, not at the end of the poll (which may bring thousands)
      }
    }
  }

  /** A message taken from a poll: its rows, or why it has none. */
  private record Message(ConsumerRecord<byte[], byte[]> record, List<Object[]> rows, String error) {}

  /** The batch a record goes to; null when revoked meanwhile, before a seek took effect, or taken already. */
  private Batch batchFor(ConsumerRecord<byte[], byte[]> record) {
    Batch batch = batches.get(new TopicPartition(record.topic(), record.partition()));
    return batch == null || record.offset() <= batch.last ? null : batch;
  }

  private Message parse(ConsumerRecord<byte[], byte[]> record) {
    try {
      List<Object[]> parsed = new ArrayList<>();
      for (JsonNode message : format.messages(record.value())) {
        parsed.add(sources.row(record, message));
      }
      return new Message(record, parsed, null);
    } catch (JsonValues.BadValue e) {
      return new Message(record, List.of(), e.getMessage());
    }
  }

  /**
   * A message with a row the table's rules refuse (a CHECK constraint, a generated column) becomes a dead
   * letter, as a message that does not parse does, instead of failing its batch's commit: a poll's rows are
   * checked together.
   */
  private void screen(List<Message> taken) {
    RowBuffer all = new RowBuffer(schema);
    List<Integer> messageOf = new ArrayList<>();
    for (int i = 0; i < taken.size(); i++) {
      for (Object[] row : taken.get(i).rows()) {
        all.add(row);
        messageOf.add(i);
      }
    }
    if (all.rows() == 0) {
      return;
    }
    String[] faults = screen.faults(all.drain());
    for (int row = 0; row < faults.length; row++) {
      Message message = taken.get(messageOf.get(row));
      if (faults[row] != null && message.error() == null) {
        taken.set(messageOf.get(row), new Message(message.record(), List.of(), faults[row]));
      }
    }
  }

  /** What all batches hold is bounded: over {@code maxBytes}, the largest batches are committed first. */
  private void flushWhileOverBytes() {
    long held = batches.values().stream().mapToLong(b -> b.buffer.bytes()).sum();
    while (held >= settings.maxBytes()) {
      Batch largest = batches.values().stream().max(java.util.Comparator.comparingLong(b -> b.buffer.bytes()))
          .orElseThrow();
      held -= largest.buffer.bytes();
      flush(largest);
    }
  }

  /** Commits a batch (dead letters first), or drops it when another worker moved its partition on. */
  private void flush(Batch batch) {
    if (batch.isEmpty()) {
      return;
    }
    Location table = settings.table();
    Snapshot snapshot = Versions.latest(table);
    RowsCommit.Result result;
    try {
      if (!batch.deadRows.isEmpty()) {
        // the dead letters go in only for a batch that still follows the table (RowsCommit checks the rows')
        long current = snapshot.getLatestTransactionVersion(Kernel.engine(), batch.appId).orElse(-1L);
        if (current != batch.base) {
          drop(batch, current);
          return;
        }
        deadLetters.commit(batch.deadRows, batch.appId, batch.last, settings.progress());
      }
      int rowCount = batch.buffer.rows();
      result = RowsCommit.commit(table, snapshot, table.resolve(FOLDER_PREFIX + batch.appId),
          rowCount == 0 ? List.of() : List.of(batch.buffer.drain()), batch.appId, batch.base, batch.last,
          settings.progress());
    } catch (DeltaLensException e) {
      throw new DeltaLensException(batch.where() + ": " + e.getMessage(), e);
    }
    if (result.lost()) {
      drop(batch, Versions.latest(table).getLatestTransactionVersion(Kernel.engine(), batch.appId).orElse(-1L));
      return;
    }
    commits++;
    files += result.files();
    rows += result.rows();
    batch.base = batch.last;
    offsets.put(batch.partition.toString(), batch.last);
    consumer.commitAsync(Map.of(batch.partition, new OffsetAndMetadata(batch.last + 1, String.valueOf(batch.last))),
        (o, e) -> {});
    checkpointSoon();
  }

  /** Another worker committed the partition past the batch: forget the batch, read on from the table's offset. */
  private void drop(Batch batch, long current) {
    lost++;
    LOG.info("{}: another worker committed up to offset {} first; reading on from there", batch.where(), current);
    batch.buffer.drain();
    batch.deadRows.clear();
    batch.base = current;
    batch.last = current;
    seek(batch.partition, current);
  }

  private void seek(TopicPartition partition, long committed) {
    if (committed >= 0) {
      consumer.seek(partition, committed + 1);
    } else if ("latest".equals(settings.consumer().get(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG))) {
      consumer.seekToEnd(List.of(partition));
    } else {
      consumer.seekToBeginning(List.of(partition));
    }
  }

  /**
   * Whether the topics are drained: every assigned partition read to the end offset it had when assigned, and
   * every other partition in the table up to the end it had at start. A worker whose share is done (or, in a
   * cooperative rebalance, empty for now) must not leave while partitions another worker is handing over are
   * still unread.
   */
  private boolean atEnd() {
    if (!assigned || !opening.isDone()) {
      return false;
    }
    for (TopicPartition partition : batches.keySet()) {
      if (consumer.position(partition) < ends.getOrDefault(partition, 0L)) {
        return false;
      }
    }
    return othersDone();
  }

  /**
   * The partitions this worker does not hold, checked at most every {@code POLL}: done when the table's offset
   * reaches their end, or when the worker that held them left at their end (its group offset is at the end and
   * names the table's offset: a partition ending in transaction markers has no message at {@code end - 1}).
   */
  private boolean othersDone() {
    List<TopicPartition> others = topicEnds.keySet().stream().filter(p -> !batches.containsKey(p)).toList();
    long now = System.currentTimeMillis();
    if (others.isEmpty()) {
      return true;
    }
    if (now - othersCheckedAt < POLL.toMillis()) {
      return false;
    }
    othersCheckedAt = now;
    Snapshot snapshot = Versions.latest(settings.table());
    Map<TopicPartition, OffsetAndMetadata> committed = null;
    for (TopicPartition partition : others) {
      long end = topicEnds.get(partition);
      long offset = snapshot.getLatestTransactionVersion(Kernel.engine(), appIdOf(partition)).orElse(-1L);
      if (offset + 1 >= end) {
        continue;
      }
      if (committed == null) {
        committed = consumer.committed(java.util.Set.copyOf(others));
      }
      OffsetAndMetadata group = committed.get(partition);
      if (group == null || group.offset() < end || !String.valueOf(offset).equals(group.metadata())) {
        return false;
      }
    }
    return true;
  }

  /** Leaving at the end: each held partition's group offset at its position, naming the table's offset. */
  private void commitPositions() {
    Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
    for (Batch batch : batches.values()) {
      positions.put(batch.partition, new OffsetAndMetadata(consumer.position(batch.partition),
          String.valueOf(batch.base)));
    }
    try {
      consumer.commitSync(positions);
    } catch (KafkaException e) {
      LOG.warn("group offsets at the end not committed ({}): the partitions' next owner reads them to the end",
          e.getMessage());
    }
  }

  /** A checkpoint, when due, on its own thread: a slow one never holds up the next commit. */
  private void checkpointSoon() {
    if (!checkpointable || checkpoint != null && !checkpoint.isDone()) {
      return;
    }
    checkpoint = checkpoints.submit(() -> {
      try {
        Checkpoints.writeIfDue(settings.table(), Versions.latest(settings.table()));
      } catch (RuntimeException e) {
        LOG.warn("checkpoint of {} failed (the commits are in; the next one tries again): {}", settings.table(),
            e.getMessage());
      }
    });
  }

  private void waitForCheckpoint() {
    try {
      if (checkpoint != null) {
        checkpoint.get();
      }
    } catch (Exception e) {
      LOG.warn("checkpoint: {}", e.getMessage());
    }
  }

  /** Every 2 s (and at the end): the progress line and the metrics. */
  private void progress(long now, boolean last) {
    if (!last && now - lastProgress < PROGRESS_EVERY_MS) {
      return;
    }
    Report report = report((messages - messagesAtProgress) / (Math.max(1, now - lastProgress) / 1000.0));
    StringBuilder line = new StringBuilder(String.format("kafka: %,d messages (%,.0f/s), %,d rows, %,d files,"
        + " %,d commits", messages, report.messagesPerSecond(), rows, files, commits));
    if (dead > 0) {
      line.append(String.format(", %,d dead letters", dead));
    }
    if (!report.lag().isEmpty()) {
      line.append("; lag ").append(String.join(" ", report.lag().entrySet().stream()
          .map(e -> e.getKey().substring(e.getKey().lastIndexOf('-') + 1) + ":" + e.getValue()).toList()));
    }
    settings.progress().accept(line.toString());
    settings.metrics().accept(report);
    lastProgress = now;
    messagesAtProgress = messages;
  }

  private Report report(double rate) {
    Map<String, Long> lag = new TreeMap<>();
    for (TopicPartition partition : batches.keySet()) {
      consumer.currentLag(partition).ifPresent(n -> lag.put(partition.toString(), n));
    }
    return new Report(messages, rows, dead, commits, files, lost, new TreeMap<>(offsets), lag, rate);
  }

  private void closeQuietly() {
    try {
      consumer.close(Duration.ofSeconds(5));
    } catch (KafkaException e) {
      LOG.warn("closing the Kafka consumer: {}", e.getMessage());
    }
  }

  /** Seeks assigned partitions to the table's offsets; revoked ones commit what they hold first. */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      assigned = true;
      if (partitions.isEmpty()) {
        return;
      }
      Background.join(opening); // batches need the table's schema
      Snapshot snapshot = Versions.latest(settings.table());
      if (settings.exitAtEnd()) {
        ends.putAll(consumer.endOffsets(partitions));
      }
      for (TopicPartition partition : partitions) {
        Batch batch = new Batch(partition,
            snapshot.getLatestTransactionVersion(Kernel.engine(), appIdOf(partition)).orElse(-1L));
        batches.put(partition, batch);
        seek(partition, batch.base);
      }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      for (TopicPartition partition : partitions) {
        Batch batch = batches.get(partition);
        if (batch != null && !failed) {
          flush(batch);
        }
        batches.remove(partition);
      }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      partitions.forEach(batches::remove); // another worker owns them now; the table's offsets fence it
    }
  }
}
