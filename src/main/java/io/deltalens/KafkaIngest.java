package io.deltalens;

import io.delta.kernel.types.StructType;
import io.deltalens.internal.kafka.KafkaWorker;
import io.deltalens.internal.kafka.Routes;
import io.deltalens.internal.kernel.Schemas;
import io.deltalens.internal.storage.Location;
import io.deltalens.internal.storage.Storage;
import io.deltalens.internal.write.RowsCommit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Kafka ingest: messages of Kafka topics become appends to a table, exactly once (what kafka-delta-ingest does).
 * Built, then run until stopped or, with {@link #exitAtEnd()}, until it has drained the topics:
 *
 * <pre>
 * KafkaReport r = DeltaLens.kafkaIngest("/data/events")
 *     .bootstrap("127.0.0.1:9092").topic("events")
 *     .createIfAbsent("id long, user string, ts timestamp, day date").partitionBy("day")
 *     .column("day = to_date(ts)").deadLetters("/data/events_dlq")
 *     .exitAtEnd().run();
 * </pre>
 *
 * <p>Each Kafka partition's batch is one commit holding its last offset as a transaction
 * ({@code <appId>-<topic>-<partition>}): a restarted or added worker reads on from the table's offsets, so no
 * message is lost or added twice, also when several workers of one {@link #group} share the partitions.
 * {@link #route} sends messages to several tables by a field's value, each table keeping its own offsets.
 */
public final class KafkaIngest {
  private final Location table;
  private final Map<String, String> storage;
  private final List<String> routes = new ArrayList<>();
  private String bootstrap = "127.0.0.1:9092";
  private final List<String> topics = new ArrayList<>();
  private String group;
  private String appId = "deltalens";
  private String format = "json";
  private Location avroSchema;
  private boolean createFromAvro;
  private final List<String> columns = new ArrayList<>();
  private Duration maxLatency = Duration.ofSeconds(60);
  private long maxRows = Long.MAX_VALUE;
  private long maxBytes = 128L << 20;
  private Location deadLetters;
  private boolean exitAtEnd;
  private StructType createSchema;
  private List<String> partitionBy = List.of();
  private final Map<String, String> consumer = new LinkedHashMap<>();
  private Consumer<String> progress = line -> {};
  private Consumer<KafkaReport> metrics = report -> {};
  private volatile KafkaWorker worker;

  KafkaIngest(Location table, Map<String, String> storage) {
    this.table = table;
    this.storage = storage;
  }

  /** The brokers, {@code host:port[,host:port]} (default {@code 127.0.0.1:9092}). */
  public KafkaIngest bootstrap(String servers) {
    this.bootstrap = servers;
    return this;
  }

  public KafkaIngest topic(String... names) {
    topics.addAll(List.of(names));
    return this;
  }

  /**
   * The consumer group the workers of this ingest share partitions in (default
   * {@code deltalens-<appId>-<table folder>-<hash of the table's location>}: the workers of one table and appId
   * share one, ingests into other tables never take their partitions).
   */
  public KafkaIngest group(String group) {
    this.group = group;
    return this;
  }

  /** Names the ingest's transactions in the table (default {@code deltalens}): one ingest, one appId. */
  public KafkaIngest appId(String appId) {
    this.appId = appId;
    return this;
  }

  /**
   * How payloads are read: {@code json} (one object per message, the default), {@code json-lines} (one per
   * line) or {@code raw} (not parsed: columns take {@code kafka.value}); Avro with {@link #avro(String)}.
   * Gzip-compressed JSON payloads are inflated.
   */
  public KafkaIngest format(String format) {
    this.format = format;
    return this;
  }

  /**
   * Avro payloads of the record schema in {@code schemaFile} (an .avsc; a path or an {@code s3://} URI): bare
   * binary datums or Avro's single-object encoding, whose schema fingerprint must be this schema's.
   */
  public KafkaIngest avro(String schemaFile) {
    this.format = "avro";
    this.avroSchema = Location.of(schemaFile);
    return this;
  }

  /**
   * Where a column's values come from, {@code "column = source"}: a field path ({@code user.id}),
   * {@code kafka.topic|partition|offset|timestamp|key|headers|value}, or {@code to_date(field)},
   * {@code to_timestamp(field)}. By default a column takes the message's field of its name.
   */
  public KafkaIngest column(String mapping) {
    columns.add(mapping);
    return this;
  }

  /**
   * Sends the messages whose {@code selector} (a field path or {@code kafka.<property>}, as {@link #column}
   * names one) has a value to a table of its own: {@code "type=click:/data/clicks"} (the value compared as text;
   * quoted, {@code "type='a:b':/data/t"}, it may hold a colon). Rules are tried in the order given; a message
   * none matches goes to the ingest's table or, with none ({@link DeltaLens#kafkaIngest()}), is a dead letter.
   * Every table keeps its own offsets; one that gets no messages for a while is moved on in a
   * transaction-only commit once its batch is {@link #maxLatency} old.
   */
  public KafkaIngest route(String rule) {
    routes.add(rule);
    return this;
  }

  /** Cuts a partition's batch this long after its first message (default 60 s). */
  public KafkaIngest maxLatency(Duration latency) {
    this.maxLatency = latency;
    return this;
  }

  /** Cuts a partition's batch at this many rows (default: no limit). */
  public KafkaIngest maxRows(long rows) {
    this.maxRows = rows;
    return this;
  }

  /**
   * Bounds what a worker holds: when its batches take about this much heap together (default 128 MiB), the
   * largest is committed (its file is much smaller: parquet compresses).
   */
  public KafkaIngest maxBytes(long bytes) {
    this.maxBytes = bytes;
    return this;
  }

  /** Keeps messages that cannot be rows in this table (created if absent) instead of stopping at the first. */
  public KafkaIngest deadLetters(String location) {
    this.deadLetters = Location.of(location);
    return this;
  }

  /**
   * Stops once the topics are drained: its partitions read to the end offsets they had when it got them, and every
   * other partition in the table up to the end it had at start (whichever worker of the group took it), all
   * committed. A worker of a group so leaves only when the whole group's work is done.
   */
  public KafkaIngest exitAtEnd() {
    this.exitAtEnd = true;
    return this;
  }

  /** Creates the table with these columns ({@code "id long not null, name string"}) when there is none. */
  public KafkaIngest createIfAbsent(String schema) {
    this.createSchema = Schemas.parse(schema);
    return this;
  }

  /** Creates the table when there is none with the columns of the Avro schema ({@link #avro(String)}). */
  public KafkaIngest createIfAbsent() {
    this.createFromAvro = true;
    return this;
  }

  /** Partition columns of a table {@link #createIfAbsent} creates. */
  public KafkaIngest partitionBy(String... columns) {
    this.partitionBy = List.of(columns);
    return this;
  }

  /** A Kafka consumer property (security, fetch sizes, ...), over deltalens' own. */
  public KafkaIngest consumerProperty(String key, String value) {
    consumer.put(key, value);
    return this;
  }

  /** Where the progress line goes, every 2 seconds (messages/s, rows, files, commits, lag per partition). */
  public KafkaIngest progress(Consumer<String> progress) {
    this.progress = progress;
    return this;
  }

  /** Where the metrics go, every 2 seconds: what the run has done so far, the lag per partition, the rate. */
  public KafkaIngest metrics(Consumer<KafkaReport> metrics) {
    this.metrics = metrics;
    return this;
  }

  /** Ingests until {@link #stop()} (or the end, with {@link #exitAtEnd()}); commits what it holds before it returns. */
  public KafkaReport run() {
    if (topics.isEmpty()) {
      throw new DeltaLensException("name the topics to ingest (topic(...), --topic)");
    }
    if (createFromAvro && avroSchema == null) {
      throw new DeltaLensException("a table made from the payloads' schema needs the Avro schema (avro(file),"
          + " --avro-schema); for JSON give the columns (createIfAbsent(\"id long, ...\"), --schema)");
    }
    StructType create = createFromAvro && createSchema == null
        ? io.deltalens.internal.kafka.AvroPayloads.of(avroSchema).deltaSchema() : createSchema;
    Routes tables = routes();
    worker = new KafkaWorker(new KafkaWorker.Settings(tables, bootstrap, List.copyOf(topics),
        group != null ? group : defaultGroup(tables), appId, format, avroSchema, List.copyOf(columns), maxLatency,
        maxRows, maxBytes, deadLetters, exitAtEnd, create, partitionBy, Map.copyOf(consumer), progress,
        r -> metrics.accept(report(r))));
    return report(worker.run());
  }

  /**
   * Sets where the ingest reads {@code topic}'s {@code partition} next ({@code offset}), in a transaction-only
   * commit to each of its tables; stop the workers first. Backwards only with {@code force}: the messages between
   * are added again. Returns each table's version afterwards.
   */
  public Map<String, Long> seek(String topic, int partition, long offset, boolean force) {
    Map<String, Long> versions = new LinkedHashMap<>();
    for (Location t : routes().tables()) {
      versions.put(t.toString(), RowsCommit.seek(t, appId + "-" + topic + "-" + partition, offset - 1, force));
    }
    return versions;
  }

  /** The routes' tables, with the storage options this ingest was given. */
  private Routes routes() {
    Routes parsed = Routes.of(routes, table);
    parsed.tables().forEach(t -> Storage.configure(t, storage));
    return parsed;
  }

  /** One group per set of tables and appId: ingests into other tables never take this one's partitions. */
  private String defaultGroup(Routes tables) {
    Location first = tables.tables().get(0);
    String uris = String.join(" ", tables.tables().stream().map(Location::uri).toList());
    return "deltalens-" + appId + "-" + first.name() + "-" + Integer.toHexString(uris.hashCode());
  }

  private static KafkaReport report(KafkaWorker.Report r) {
    return new KafkaReport(r.messages(), r.rows(), r.deadLetters(), r.commits(), r.files(), r.lostBatches(),
        r.offsets(), r.lag(), r.messagesPerSecond(), r.tableRows());
  }

  /** Makes a running {@link #run()} commit what it holds and return (from another thread, or a shutdown hook). */
  public void stop() {
    KafkaWorker w = worker;
    if (w != null) {
      w.stop();
    }
  }
}
