package io.deltalens.internal.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.delta.kernel.data.ColumnarBatch;
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
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
 * One ingest worker: a Kafka consumer in a group, a batch per assigned partition and table, one commit per batch
 * carrying the partition's transaction ({@code <appId>-<topic>-<partition>} at the batch's last offset). With
 * {@link Routes} a partition's messages go to several tables, each keeping its own offset of the partition: a
 * message counts as read by every table (only its own table gets its rows), so a table no message goes to for a
 * while still moves on, in a transaction-only commit once its batch is {@code maxLatency} old. On assignment a
 * partition is sought to the lowest of its tables' offsets + 1, and each table takes only messages past its own.
 *
 * <p>Messages stream from their bytes into the batches' columns (a tree only where a mapping or a route picks
 * fields, or for Avro). A batch is cut at {@code maxLatency}, at {@code maxRows} (at that row, after the poll's
 * rows were checked against the table's rules), and the largest when all batches together hold {@code maxBytes}
 * (so memory stays bounded by it, however many partitions a worker has). A cut batch is committed on a writer
 * thread while the next one is read, one at a time and in order; the outcome comes back to the consumer's thread.
 * A batch is committed only if its table's offset of the partition is still the one the batch follows; otherwise
 * all of the partition's batches are dropped and the partition sought again (another worker took it over).
 * Revoked partitions commit what they hold first, and so does a stop. Kafka's group offsets are committed too,
 * after the tables', for lag monitoring, and naming the tables' lowest offset, so that a worker leaving at the
 * end tells the others of its group which partitions it drained (one ending in transaction markers has no message
 * at its end offset).
 */
public final class KafkaWorker {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaWorker.class);
  /** Where a partition's files go: {@code _kafka-<appId>} in the table (hidden from a landing watcher). */
  public static final String FOLDER_PREFIX = "_kafka-";
  private static final Duration POLL = Duration.ofMillis(200);
  private static final long PROGRESS_EVERY_MS = 2_000;
  /** Cut batches the writer may hold besides the one it writes: reading runs one batch ahead, no more. */
  private static final int QUEUED = 1;

  /** What to ingest and how; {@code consumer} are Kafka consumer properties over deltalens' defaults. */
  public record Settings(Routes routes, String bootstrap, List<String> topics, String group, String appId,
      String format, Location avroSchema, List<String> columns, Duration maxLatency, long maxRows, long maxBytes,
      Location deadLetters, boolean exitAtEnd, StructType createSchema, List<String> partitionBy,
      Map<String, String> consumer, Consumer<String> progress, Consumer<Report> metrics) {}

  /**
   * What a run did, or has done so far: {@code offsets} are the last offset of each partition it held that every
   * table has, {@code lag} each assigned partition's messages not yet read, {@code messagesPerSecond} the recent
   * rate, {@code tableRows} the rows committed to each table.
   */
  public record Report(long messages, long rows, long deadLetters, long commits, long files, long lostBatches,
      Map<String, Long> offsets, Map<String, Long> lag, double messagesPerSecond, Map<String, Long> tableRows) {}

  private final Settings settings;
  private final PayloadFormat format;
  private final Routes routes;
  private final Sink[] sinks;
  private final Map<TopicPartition, Part> parts = new LinkedHashMap<>();
  private final Map<TopicPartition, Long> ends = new HashMap<>();
  private final Map<TopicPartition, Long> topicEnds = new HashMap<>(); // every partition's end at start (exitAtEnd)
  private final Map<String, Long> offsets = new TreeMap<>();
  private final ExecutorService checkpoints = daemon("deltalens-kafka-checkpoint");
  private final ExecutorService writer = daemon("deltalens-kafka-writer");
  private final ArrayDeque<Cut> cuts = new ArrayDeque<>(); // handed to the writer, outcome not yet applied
  private Future<?> opening;
  private DeadLetters deadLetters;
  private boolean streams; // messages stream into the columns (set when the tables are open)
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
  private Set<TopicPartition> drainedToldAt = Set.of(); // the partitions read to their end and told to the group
  private long lastProgress = System.currentTimeMillis();
  private long messagesAtProgress;

  /** A table messages go to, opened while the consumer joins its group. */
  private static final class Sink {
    final Location table;
    StructType schema;
    ColumnSources sources;
    RowRules screen; // with dead letters: the rules a poll's rows are checked by before they can be cut
    boolean checkpointable;
    Future<?> checkpoint;
    long rows;

    Sink(Location table) {
      this.table = table;
    }
  }

  /** An assigned partition: its batch for each table, and its dead letters since the last cut. */
  private final class Part {
    final TopicPartition partition;
    final String appId;
    final Batch[] batches = new Batch[sinks.length];
    final List<Object[]> deadRows = new ArrayList<>();
    int generation; // moves on when the partition's batches are dropped: older cuts' outcomes then do not count
    boolean dropped; // in the poll being taken: its other messages wait for the seek's

    Part(TopicPartition partition, long[] bases) {
      this.partition = partition;
      this.appId = appIdOf(partition);
      for (int i = 0; i < batches.length; i++) {
        batches[i] = new Batch(this, sinks[i], bases[i]);
      }
    }

    /** The last offset every table holds (-1: one holds none yet): where reading resumes. */
    long committed() {
      long min = Long.MAX_VALUE;
      for (Batch batch : batches) {
        min = Math.min(min, batch.committed);
      }
      return min;
    }

    /** The last offset read for any table: a message past it is read for the first time. */
    long last() {
      long max = -1;
      for (Batch batch : batches) {
        max = Math.max(max, batch.last);
      }
      return max;
    }

    /** Whether some table has yet to read the message at {@code offset}. */
    boolean unread(long offset) {
      for (Batch batch : batches) {
        if (offset > batch.last) {
          return true;
        }
      }
      return false;
    }
  }

  /** The messages of one partition for one table since its last cut. */
  private final class Batch {
    final Part part;
    final Sink sink;
    final RowBuffer buffer;
    long committed; // the table's offset of the partition, as this worker committed or found it
    long base;      // the offset the batch follows: the last cut's (-1: none yet)
    long last;      // the last offset read into the batch (its rows, or other tables' messages)
    long firstAt;   // when its first message came, for maxLatency
    private ConsumerRecord<byte[], byte[]> streaming; // the message being streamed in
    private final PayloadFormat.ObjectReader reader;

    Batch(Part part, Sink sink, long base) {
      this.part = part;
      this.sink = sink;
      this.buffer = new RowBuffer(sink.schema);
      this.reader = p -> sink.sources.append(buffer, streaming, p);
      this.committed = base;
      this.base = base;
      this.last = base;
    }

    boolean isEmpty() {
      return last == base;
    }

    /** What streams {@code message}'s objects into the batch: one reader for all, not a lambda per message. */
    PayloadFormat.ObjectReader reading(ConsumerRecord<byte[], byte[]> message) {
      streaming = message;
      return reader;
    }

    boolean due(long now) {
      return !isEmpty() && now - firstAt >= settings.maxLatency().toMillis();
    }

    String where(long from, long to) {
      return (sinks.length > 1 ? sink.table + ": " : "") + "topic " + part.partition.topic() + " partition "
          + part.partition.partition() + " offsets " + (from + 1) + ".." + to;
    }
  }

  /** A cut batch handed to the writer: its commit's outcome, applied in order on the consumer's thread. */
  private record Cut(Batch batch, int generation, long txn, Future<RowsCommit.Result> outcome) {}

  /** The transaction id a partition's commits carry. */
  private String appIdOf(TopicPartition partition) {
    return settings.appId() + "-" + partition.topic() + "-" + partition.partition();
  }

  public KafkaWorker(Settings settings) {
    this.settings = settings;
    this.format = payloads(settings);
    this.routes = settings.routes();
    this.sinks = routes.tables().stream().map(Sink::new).toArray(Sink[]::new);
  }

  private static ExecutorService daemon(String name) {
    return Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
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
        openTables();
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
          for (Batch batch : batches()) {
            if (batch.due(now)) {
              cut(batch, batch.buffer.rows());
            }
          }
          cutWhileOverBytes();
          settleDone();
          progress(now, false);
        }
      } catch (WakeupException e) {
        // stop(), in a poll or any other call that waits on the broker: commit what is held below
      } catch (KafkaException e) {
        // the rebalance listener's failure (a table that cannot be opened or committed to), wrapped by poll
        throw e.getCause() instanceof DeltaLensException d ? d : e;
      }
      Background.join(opening); // stopped before it ended: its failure, if any, is the run's
      for (Batch batch : batches()) {
        cut(batch, batch.buffer.rows());
      }
      settleAll();
      if (settings.exitAtEnd() && !stopping) {
        commitPositions(); // drained: the others may leave too (see othersDone)
      }
      progress(System.currentTimeMillis(), true);
    } catch (RuntimeException | Error e) {
      failed = true; // the consumer's close must not commit what a failed run holds
      throw e;
    } finally {
      writer.shutdown(); // what was handed to it still goes in: those batches were read whole
      awaitQuietly(writer);
      closeQuietly();
      waitForCheckpoints();
      checkpoints.shutdown();
    }
    return new Report(messages, rows, dead, commits, files, lost, offsets, Map.of(), 0, tableRows());
  }

  /** Every partition's batches, for each table. */
  private List<Batch> batches() {
    List<Batch> all = new ArrayList<>();
    parts.values().forEach(part -> all.addAll(List.of(part.batches)));
    return all;
  }

  private void openTables() {
    for (Sink sink : sinks) {
      open(sink);
    }
    if (!format.hasFields() && routes.readsFields()) {
      throw new DeltaLensException("raw payloads have no fields: route on a kafka.<property> (--route"
          + " 'kafka.key=...:table'), or read the messages as json");
    }
    if (settings.deadLetters() != null) {
      deadLetters = new DeadLetters(settings.deadLetters());
    }
    streams = format.streams() && !routes.readsFields()
        && Arrays.stream(sinks).allMatch(sink -> sink.sources.streams());
  }

  private void open(Sink sink) {
    Location table = sink.table;
    if (!Versions.exists(table)) {
      if (settings.createSchema() == null) {
        throw new DeltaLensException(table + " holds no Delta table; give a schema to create it"
            + " (--create-if-absent --schema \"id long, ...\")");
      }
      TableCreation.create(table, settings.createSchema(), settings.partitionBy(), Map.of()); // a racer may win
    }
    Snapshot snapshot = Versions.latest(table);
    sink.schema = snapshot.getSchema();
    RowRules rules = RowRules.of(snapshot.getTableProperties(), sink.schema, table);
    sink.checkpointable = rules.isEmpty(); // Kernel cannot checkpoint tables with row rules
    sink.sources = ColumnSources.of(sink.schema, settings.columns(), rules.filledColumns());
    if (!format.hasFields() && sink.sources.readsFields()) {
      throw new DeltaLensException("raw payloads have no fields: map every column of " + table
          + " to a kafka.<property> (--column 'payload = kafka.value'), or read the messages as json");
    }
    sink.screen = settings.deadLetters() != null && rules.checksRows() ? rules : null;
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

  /**
   * A poll's records into their partitions' batches; then, with dead letters, the new rows checked against their
   * tables' rules (a message with a row they refuse becomes a dead letter, its rows taken out), and batches of
   * {@code maxRows} cut at that row.
   */
  private void take(ConsumerRecords<byte[], byte[]> records) {
    Map<Batch, Integer> fresh = new LinkedHashMap<>(); // with rules to check: each batch's rows before the poll
    Map<Part, Long> lastBefore = new HashMap<>();
    for (TopicPartition partition : records.partitions()) {
      Part part = parts.get(partition);
      if (part == null) {
        continue; // revoked meanwhile
      }
      part.dropped = false;
      lastBefore.put(part, part.last());
      for (Batch batch : part.batches) {
        if (batch.sink.screen != null) {
          fresh.put(batch, batch.buffer.rows());
        }
      }
      for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
        if (!part.dropped && part.unread(record.offset())) { // read by every table already: after a seek back
          take(part, record);
        }
      }
    }
    if (!fresh.isEmpty()) {
      screen(fresh, lastBefore, records);
    }
    for (Batch batch : batches()) {
      while (batch.buffer.rows() >= settings.maxRows()) {
        cut(batch, (int) settings.maxRows());
      }
    }
  }

  /** A message into its partition's batches: its rows to its table's, read by every table's that had not. */
  private void take(Part part, ConsumerRecord<byte[], byte[]> record) {
    long offset = record.offset();
    boolean first = offset > part.last(); // not read before (a table's offset may be past it after a seek back)
    if (first) {
      messages++;
    }
    String error = read(part, record);
    if (error != null) {
      if (deadLetters == null) {
        throw new DeltaLensException("topic " + record.topic() + " partition " + record.partition() + " offset "
            + offset + ": " + error + " (nothing of this batch was committed; give --dlq-table"
            + " to keep such messages aside and go on)");
      }
      if (first) {
        part.deadRows.add(DeadLetters.row(record, error));
        dead++;
      }
    }
    for (Batch batch : part.batches) {
      if (offset > batch.last) {
        if (batch.isEmpty()) {
          batch.firstAt = System.currentTimeMillis();
        }
        batch.last = offset;
      }
    }
  }

  /**
   * Adds the rows of {@code record}'s messages to their tables' batches (those that have not read it); returns
   * why it cannot become rows — its rows then taken back from every batch, a message is all or nothing — or null.
   */
  private String read(Part part, ConsumerRecord<byte[], byte[]> record) {
    return streams ? stream(part, record) : readTrees(part, record);
  }

  /** A message's objects streamed into the one table routes pick for it by its Kafka properties. */
  private String stream(Part part, ConsumerRecord<byte[], byte[]> record) {
    Batch batch = null;
    int before = 0;
    try {
      int table = routes.tableOf(record, MissingNode.getInstance());
      if (table < 0) {
        return routes.unrouted(record, MissingNode.getInstance());
      }
      batch = part.batches[table];
      before = batch.buffer.rows();
      if (record.offset() > batch.last) {
        format.stream(record.value(), batch.reading(record));
      }
      return null;
    } catch (JsonValues.BadValue e) {
      if (batch != null) {
        batch.buffer.truncate(before);
      }
      return e.getMessage();
    }
  }

  /** A message read as trees, each routed to its table by its fields. */
  private String readTrees(Part part, ConsumerRecord<byte[], byte[]> record) {
    int[] before = new int[sinks.length];
    for (int i = 0; i < before.length; i++) {
      before[i] = part.batches[i].buffer.rows();
    }
    try {
      for (JsonNode message : format.messages(record.value())) {
        int table = routes.tableOf(record, message);
        if (table < 0) {
          throw new JsonValues.BadValue(routes.unrouted(record, message));
        }
        Batch batch = part.batches[table];
        if (record.offset() > batch.last) {
          batch.sink.sources.append(batch.buffer, record, message);
        }
      }
      return null;
    } catch (JsonValues.BadValue | IOException e) { // IOException: none from a tree's tokens
      for (int i = 0; i < before.length; i++) {
        part.batches[i].buffer.truncate(before[i]);
      }
      return e.getMessage();
    }
  }

  /**
   * A message with a row its table's rules refuse (a CHECK constraint, a generated column) becomes a dead
   * letter, as a message that does not parse does, instead of failing its batch's commit: each batch's rows of
   * the poll ({@code fresh}: the rows it had before) are checked together, and the message's rows taken out of
   * every batch of its partition.
   */
  private void screen(Map<Batch, Integer> fresh, Map<Part, Long> lastBefore,
      ConsumerRecords<byte[], byte[]> records) {
    Map<Part, Map<Long, String>> refused = new LinkedHashMap<>();
    fresh.forEach((batch, from) -> {
      if (batch.buffer.rows() > from) {
        String[] faults = batch.sink.screen.faults(batch.buffer.slice(from));
        for (int row = 0; row < faults.length; row++) {
          if (faults[row] != null) {
            refused.computeIfAbsent(batch.part, p -> new TreeMap<>())
                .putIfAbsent(batch.buffer.offsetAt(from + row), faults[row]);
          }
        }
      }
    });
    refused.forEach((part, errors) -> {
      for (Batch batch : part.batches) {
        int from = fresh.getOrDefault(batch, 0);
        boolean[] drop = new boolean[batch.buffer.rows() - from];
        for (int row = 0; row < drop.length; row++) {
          drop[row] = errors.containsKey(batch.buffer.offsetAt(from + row));
        }
        batch.buffer.remove(from, drop);
      }
      for (ConsumerRecord<byte[], byte[]> record : records.records(part.partition)) {
        String error = errors.get(record.offset());
        if (error != null && record.offset() > lastBefore.get(part)) { // read for the first time in this poll
          part.deadRows.add(DeadLetters.row(record, error));
          dead++;
        }
      }
    });
  }

  /** What all batches hold is bounded: over {@code maxBytes}, the largest batches are cut first. */
  private void cutWhileOverBytes() {
    List<Batch> all = batches();
    long held = all.stream().mapToLong(b -> b.buffer.bytes()).sum();
    while (held >= settings.maxBytes()) {
      Batch largest = all.stream().max(Comparator.comparingLong(b -> b.buffer.bytes())).orElseThrow();
      held -= largest.buffer.bytes();
      cut(largest, largest.buffer.rows());
    }
  }

  /**
   * Hands the batch's first {@code count} rows to the writer (its partition's dead letters go first), to be
   * committed up to the offset before the first row left; all rows: up to the last offset read. A batch with no
   * rows (its table got none of the messages read) moves its table's offset on in a transaction-only commit.
   */
  private void cut(Batch batch, int count) {
    if (batch.isEmpty()) {
      return;
    }
    Part part = batch.part;
    count = atMessageStart(batch.buffer, count);
    boolean all = count == batch.buffer.rows();
    long after = batch.base;
    long txn = all ? batch.last : batch.buffer.offsetAt(count) - 1;
    ColumnarBatch data = count == 0 ? null : batch.buffer.drain(count);
    List<Object[]> deadRows = List.copyOf(part.deadRows);
    part.deadRows.clear(); // every dead letter up to the last offset read is held or in (each is kept when read)
    long deadUpTo = part.last();
    Location table = batch.sink.table;
    String where = batch.where(after, txn);
    batch.base = txn;
    cuts.add(new Cut(batch, part.generation, txn, writer.submit(() -> {
      try {
        Snapshot snapshot = Versions.latest(table);
        if (!deadRows.isEmpty()) {
          // the dead letters go in only for a batch that still follows the table (RowsCommit checks the rows')
          if (offsetIn(snapshot, part.appId) != after) {
            return new RowsCommit.Result(snapshot.getVersion(), true, 0, 0);
          }
          deadLetters.commit(deadRows, part.appId, deadUpTo, settings.progress());
        }
        return RowsCommit.commit(table, snapshot, table.resolve(FOLDER_PREFIX + part.appId),
            data == null ? List.of() : List.of(data), part.appId, after, txn, settings.progress());
      } catch (DeltaLensException e) {
        throw new DeltaLensException(where + ": " + e.getMessage(), e);
      }
    })));
    while (cuts.size() > QUEUED + 1) {
      settle(cuts.poll());
    }
  }

  /**
   * A cut at row {@code count} moved to where a message's rows start (a JSON-lines message has several, and a
   * commit holds a message whole): back, or forward past a message with more rows than a cut takes.
   */
  private static int atMessageStart(RowBuffer buffer, int count) {
    if (count == 0 || count == buffer.rows()) {
      return count;
    }
    long message = buffer.offsetAt(count);
    int start = count;
    while (start > 0 && buffer.offsetAt(start - 1) == message) {
      start--;
    }
    if (start > 0) {
      return start;
    }
    int end = count;
    while (end < buffer.rows() && buffer.offsetAt(end) == message) {
      end++;
    }
    return end;
  }

  /** Applies the outcomes of the cuts the writer is done with, in order. */
  private void settleDone() {
    while (!cuts.isEmpty() && cuts.peek().outcome().isDone()) {
      settle(cuts.poll());
    }
  }

  /** Waits for every cut handed to the writer, and applies the outcomes. */
  private void settleAll() {
    while (!cuts.isEmpty()) {
      settle(cuts.poll());
    }
  }

  /**
   * A cut's outcome (waiting for it): a commit counts, and moves its partition's Kafka offset on; a cut that lost
   * to another worker drops the partition's batches — after the cuts behind it, which follow it and lose too.
   */
  private void settle(Cut cut) {
    RowsCommit.Result result = Background.join(cut.outcome());
    Batch batch = cut.batch();
    Part part = batch.part;
    boolean current = parts.get(part.partition) == part && cut.generation() == part.generation;
    if (result.lost()) {
      if (current) {
        part.generation++;
        settleAll();
        drop(part);
      }
      return;
    }
    commits++;
    files += result.files();
    rows += result.rows();
    batch.sink.rows += result.rows();
    if (!current) {
      return;
    }
    batch.committed = cut.txn();
    long committed = part.committed();
    if (committed >= 0) {
      offsets.put(part.partition.toString(), committed);
      consumer.commitAsync(Map.of(part.partition, new OffsetAndMetadata(committed + 1, String.valueOf(committed))),
          (o, e) -> {});
    }
    checkpointSoon(batch.sink);
  }

  private static long offsetIn(Snapshot snapshot, String appId) {
    return snapshot.getLatestTransactionVersion(Kernel.engine(), appId).orElse(-1L);
  }

  /**
   * Another worker committed the partition past a batch: forget all its batches (theirs too: that worker reads
   * them again), read on from the lowest of the tables' offsets, and not from the rest of this poll.
   */
  private void drop(Part part) {
    lost++;
    for (Batch batch : part.batches) {
      batch.buffer.truncate(0);
      batch.committed = offsetIn(Versions.latest(batch.sink.table), part.appId);
      batch.base = batch.committed;
      batch.last = batch.committed;
    }
    part.deadRows.clear();
    part.dropped = true;
    LOG.info("topic {} partition {}: another worker committed up to offset {} first; reading on from there",
        part.partition.topic(), part.partition.partition(), part.committed());
    seek(part.partition, part.committed());
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
   * still unread. Once its own share is read, what it holds goes in at once and the group hears of it (a worker
   * waiting for these partitions must not wait out {@code maxLatency}).
   */
  private boolean atEnd() {
    if (!assigned || !opening.isDone()) {
      return false;
    }
    for (TopicPartition partition : parts.keySet()) {
      if (consumer.position(partition) < ends.getOrDefault(partition, 0L)) {
        return false;
      }
    }
    if (!drainedToldAt.equals(parts.keySet())) {
      for (Batch batch : batches()) {
        cut(batch, batch.buffer.rows());
      }
      settleAll();
      commitPositions();
      drainedToldAt = Set.copyOf(parts.keySet());
    }
    return othersDone();
  }

  /**
   * The partitions this worker does not hold, checked at most every {@code POLL}: done when every table's offset
   * reaches their end, or when the worker that held them left at their end (its group offset is at the end and
   * names the tables' lowest offset: a partition ending in transaction markers has no message at {@code end - 1}).
   */
  private boolean othersDone() {
    List<TopicPartition> others = topicEnds.keySet().stream().filter(p -> !parts.containsKey(p)).toList();
    long now = System.currentTimeMillis();
    if (others.isEmpty()) {
      return true;
    }
    if (now - othersCheckedAt < POLL.toMillis()) {
      return false;
    }
    othersCheckedAt = now;
    List<Snapshot> snapshots = Arrays.stream(sinks).map(sink -> Versions.latest(sink.table)).toList();
    Map<TopicPartition, OffsetAndMetadata> committed = null;
    for (TopicPartition partition : others) {
      long end = topicEnds.get(partition);
      long offset = snapshots.stream().mapToLong(snapshot -> snapshot.getLatestTransactionVersion(Kernel.engine(),
          appIdOf(partition)).orElse(-1L)).min().orElseThrow();
      if (offset + 1 >= end) {
        continue;
      }
      if (committed == null) {
        committed = consumer.committed(Set.copyOf(others));
      }
      OffsetAndMetadata group = committed.get(partition);
      if (group == null || group.offset() < end || !String.valueOf(offset).equals(group.metadata())) {
        return false;
      }
    }
    return true;
  }

  /** Leaving at the end: each held partition's group offset at its position, naming the tables' lowest offset. */
  private void commitPositions() {
    Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
    for (Part part : parts.values()) {
      positions.put(part.partition, new OffsetAndMetadata(consumer.position(part.partition),
          String.valueOf(part.committed())));
    }
    try {
      consumer.commitSync(positions);
    } catch (KafkaException e) {
      LOG.warn("group offsets at the end not committed ({}): the partitions' next owner reads them to the end",
          e.getMessage());
    }
  }

  /** A checkpoint, when due, on its own thread: a slow one never holds up the next commit. */
  private void checkpointSoon(Sink sink) {
    if (!sink.checkpointable || sink.checkpoint != null && !sink.checkpoint.isDone()) {
      return;
    }
    sink.checkpoint = checkpoints.submit(() -> {
      try {
        Checkpoints.writeIfDue(sink.table, Versions.latest(sink.table));
      } catch (RuntimeException e) {
        LOG.warn("checkpoint of {} failed (the commits are in; the next one tries again): {}", sink.table,
            e.getMessage());
      }
    });
  }

  private void waitForCheckpoints() {
    for (Sink sink : sinks) {
      try {
        if (sink.checkpoint != null) {
          sink.checkpoint.get();
        }
      } catch (Exception e) {
        LOG.warn("checkpoint of {}: {}", sink.table, e.getMessage());
      }
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
    for (TopicPartition partition : parts.keySet()) {
      consumer.currentLag(partition).ifPresent(n -> lag.put(partition.toString(), n));
    }
    return new Report(messages, rows, dead, commits, files, lost, new TreeMap<>(offsets), lag, rate, tableRows());
  }

  private Map<String, Long> tableRows() {
    Map<String, Long> rowsOf = new LinkedHashMap<>();
    for (Sink sink : sinks) {
      rowsOf.put(sink.table.toString(), sink.rows);
    }
    return rowsOf;
  }

  private static void awaitQuietly(ExecutorService pool) {
    try {
      pool.awaitTermination(10, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void closeQuietly() {
    try {
      consumer.close(Duration.ofSeconds(5));
    } catch (KafkaException e) {
      LOG.warn("closing the Kafka consumer: {}", e.getMessage());
    }
  }

  /** Seeks assigned partitions to the tables' lowest offsets; revoked ones commit what they hold first. */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      assigned = true;
      if (partitions.isEmpty()) {
        return;
      }
      Background.join(opening); // batches need the tables' schemas
      List<Snapshot> snapshots = Arrays.stream(sinks).map(sink -> Versions.latest(sink.table)).toList();
      if (settings.exitAtEnd()) {
        ends.putAll(consumer.endOffsets(partitions));
      }
      for (TopicPartition partition : partitions) {
        long[] bases = snapshots.stream().mapToLong(snapshot -> snapshot.getLatestTransactionVersion(
            Kernel.engine(), appIdOf(partition)).orElse(-1L)).toArray();
        Part part = new Part(partition, bases);
        parts.put(partition, part);
        seek(partition, part.committed());
      }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      for (TopicPartition partition : partitions) {
        Part part = parts.get(partition);
        if (part != null && !failed) {
          for (Batch batch : part.batches) {
            cut(batch, batch.buffer.rows());
          }
        }
      }
      if (!failed) {
        settleAll(); // in before another worker reads the partitions from the tables
      }
      partitions.forEach(parts::remove);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      partitions.forEach(parts::remove); // another worker owns them now; the tables' offsets fence it
    }
  }
}
