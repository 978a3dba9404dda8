package io.deltalens;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A real Kafka broker for the tests (Apache Kafka, single-node KRaft), installed and started by {@code bin/kafka}
 * on a free loopback port over a temporary folder, shared by the test JVM and stopped when it ends.
 */
final class KafkaBroker {
  private static KafkaBroker shared;
  private static final AtomicInteger TOPICS = new AtomicInteger();

  final String bootstrap;
  private final Path root;
  private final ProcessHandle process;

  private KafkaBroker(Path root) throws IOException, InterruptedException {
    this.root = root;
    Process start = new ProcessBuilder(Path.of("bin/kafka").toAbsolutePath().toString(), "start", root.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String[] started = new String(start.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip().split(" ");
    if (start.waitFor() != 0 || started.length != 2) {
      throw new IllegalStateException("bin/kafka start failed: " + String.join(" ", started));
    }
    bootstrap = started[0];
    process = ProcessHandle.of(Long.parseLong(started[1])).orElseThrow();
    Runtime.getRuntime().addShutdownHook(new Thread(this::stop));
  }

  static synchronized KafkaBroker shared() throws IOException, InterruptedException {
    if (shared == null) {
      shared = new KafkaBroker(Files.createTempDirectory("deltalens-kafka"));
    }
    return shared;
  }

  /** A new topic of {@code partitions} partitions, named after {@code prefix}. */
  String topic(String prefix, int partitions) throws Exception {
    String name = prefix + "-" + TOPICS.incrementAndGet();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
      // a fresh topic's partitions get their leader a moment later; a send before that is retried, not failed
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (admin.describeTopics(List.of(name)).allTopicNames().get(30, TimeUnit.SECONDS).get(name).partitions()
          .stream().anyMatch(p -> p.leader() == null || p.leader().isEmpty())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("topic " + name + " has partitions without a leader after 30 s");
        }
        Thread.sleep(50);
      }
      // a leader the controller named may not lead yet: an idempotent producer's first batch then fails with
      // NOT_LEADER_OR_FOLLOWER and its retries with OUT_OF_ORDER_SEQUENCE_NUMBER until they expire (seen on
      // 2 cores); a listing of offsets goes to each leader, and is asked again while a leader does not host
      // its partition yet (the admin client gives that answer back instead of retrying it; seen on 2 cores)
      Map<TopicPartition, OffsetSpec> ends = new java.util.HashMap<>();
      for (int p = 0; p < partitions; p++) {
        ends.put(new TopicPartition(name, p), OffsetSpec.latest());
      }
      while (true) {
        try {
          admin.listOffsets(ends).all().get(30, TimeUnit.SECONDS);
          break;
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
            throw e;
          }
          Thread.sleep(50);
        }
      }
    }
    return name;
  }

  KafkaProducer<byte[], byte[]> producer() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /**
   * Sends {@code values} (UTF-8) to {@code topic}, keyed by {@code key(i)} so partitions spread, and waits until
   * every one is in (a send that failed fails the test, instead of a test missing its message).
   */
  void send(String topic, List<String> values) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (int i = 0; i < values.size(); i++) {
        sent.add(producer.send(new ProducerRecord<>(topic, ("k" + i).getBytes(StandardCharsets.UTF_8),
            values.get(i).getBytes(StandardCharsets.UTF_8))));
      }
      for (var message : sent) {
        message.get();
      }
    }
  }

  /** Sends to one partition. */
  void send(String topic, int partition, byte[] key, byte[] value) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      producer.send(new ProducerRecord<>(topic, partition, key, value)).get();
    }
  }

  /** {@code deltalens ingest kafka --bootstrap <this broker> args...} as a process of its own. */
  ProcessBuilder ingest(String... args) {
    List<String> command = new java.util.ArrayList<>(List.of(
        System.getProperty("java.home") + "/bin/java", "-cp", System.getProperty("java.class.path"),
        "-XX:TieredStopAtLevel=1", "io.deltalens.cli.Main", "ingest", "kafka", "--bootstrap", bootstrap));
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }

  private void stop() {
    process.destroy();
    try {
      process.onExit().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      process.destroyForcibly();
    }
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary folder
    }
  }
}
