package io.deltalens;

import io.deltalens.internal.storage.Location;
import io.deltalens.internal.storage.Storage;
import io.deltalens.internal.views.CheckpointFiles;
import java.nio.file.Path;
import java.util.Map;
import tech.tablesaw.api.Table;

/**
 * The entry point: one line from a jshell session or notebook to a table, in a local folder or on S3.
 *
 * <pre>
 * var t = DeltaLens.create("/data/sales").schemaFromParquet(Path.of("feed_1.parquet")).commit();
 * t.newAppend().appendFile("feed_2.parquet").commit();
 * DeltaLens.append("/data/landed").appendFile("/data/landed").register().createIfAbsent().commit();
 * var same = DeltaLens.open("/data/sales");
 * var remote = DeltaLens.open("s3://bucket/sales", Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:7070"));
 * </pre>
 *
 * <p>A location is a local path or an {@code s3://} / {@code s3a://} URI. Storage options name the way to
 * an object store as delta-rs does ({@code AWS_ENDPOINT_URL}, {@code AWS_ACCESS_KEY_ID},
 * {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN}, {@code AWS_REGION}, {@code AWS_ALLOW_HTTP}) or
 * as S3A's {@code fs.s3a.*} keys; without them the environment's AWS settings apply.
 */
public final class DeltaLens {
  private DeltaLens() {}

  /** Opens the table at {@code location}; an error names it when it holds no table. */
  public static DeltaTable open(String location) {
    return open(location, Map.of());
  }

  /** Opens the table at {@code location}, reaching its object store with {@code storage} options. */
  public static DeltaTable open(String location, Map<String, String> storage) {
    return DeltaTable.open(located(Location.of(location), storage));
  }

  public static DeltaTable open(Path dir) {
    return DeltaTable.open(Location.local(dir));
  }

  /** Starts creating a table at {@code location}: give a schema, optionally partitions and properties. */
  public static CreateTable create(String location) {
    return create(location, Map.of());
  }

  public static CreateTable create(String location, Map<String, String> storage) {
    return new CreateTable(located(Location.of(location), storage));
  }

  public static CreateTable create(Path dir) {
    return new CreateTable(Location.local(dir));
  }

  /**
   * Starts an append to the table at {@code location}: {@code DeltaLens.append(path).appendFile(f).commit()}.
   * The table need not exist yet when the append says {@link Append#createIfAbsent()}.
   */
  public static Append append(String location) {
    return append(location, Map.of());
  }

  public static Append append(String location, Map<String, String> storage) {
    return new Append(located(Location.of(location), storage));
  }

  public static Append append(Path dir) {
    return new Append(Location.local(dir));
  }

  /** Whether {@code location} holds a Delta table. */
  public static boolean exists(String location) {
    return exists(location, Map.of());
  }

  public static boolean exists(String location, Map<String, String> storage) {
    return DeltaTable.exists(located(Location.of(location), storage));
  }

  public static boolean exists(Path dir) {
    return DeltaTable.exists(Location.local(dir));
  }

  /** Landing ingest into the table at {@code location}: files that land under it become additions. */
  public static Landing landing(String location) {
    return landing(location, Map.of());
  }

  public static Landing landing(String location, Map<String, String> storage) {
    return new Landing(located(Location.of(location), storage));
  }

  /** Landing ingest fed S3 events, each object's table inferred from its key. */
  public static Landing landing() {
    return new Landing(null);
  }

  /** Kafka ingest into the table at {@code location}: messages of topics become appends, exactly once. */
  public static KafkaIngest kafkaIngest(String location) {
    return kafkaIngest(location, Map.of());
  }

  public static KafkaIngest kafkaIngest(String location, Map<String, String> storage) {
    return new KafkaIngest(located(Location.of(location), storage), storage);
  }

  /** Kafka ingest into the tables its {@link KafkaIngest#route routes} name, and no default table. */
  public static KafkaIngest kafkaIngest() {
    return new KafkaIngest(null, Map.of());
  }

  /**
   * Storage options for every bucket this process reaches (those given to one table's {@code open} or
   * {@code create} win for its bucket): the command line's {@code --storage}.
   */
  public static void storage(Map<String, String> options) {
    Storage.configureAll(options);
  }

  /** The actions of one checkpoint file (a part of a multi-part one, a v2 sidecar), as a table's checkpoint shows. */
  public static Table showCheckpointFile(Path file) {
    return CheckpointFiles.load(file);
  }

  private static Location located(Location location, Map<String, String> storage) {
    Storage.configure(location, storage);
    return location;
  }
}
