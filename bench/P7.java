// P7 for bench/DeltalensBench: produces the messages, and ingests them with N workers of one consumer group.
import io.deltalens.DeltaLens;
import io.deltalens.KafkaIngest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

final class P7 {
  static final String SCHEMA = "id long, user string, city string, ts timestamp, amount double, qty int, ok boolean,"
      + " device struct<os string, version int>";
  private static final String[] CITIES = {"Berlin", "Paris", "Lima", "Oslo", "Kyiv", "Quito", "Accra", "Seoul"};

  private P7() {}

  static void produce(String bootstrap, String topic, long messages) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topic, 4, (short) 1))).all().get();
    }
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    props.put("linger.ms", 20);
    props.put("batch.size", 1 << 20);
    props.put("compression.type", "lz4");
    java.util.concurrent.atomic.AtomicReference<Exception> failed = new java.util.concurrent.atomic.AtomicReference<>();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (long i = 0; i < messages; i++) {
        String json = "{\"id\":" + i + ",\"user\":\"user" + (i % 250_000) + "\",\"city\":\"" + CITIES[(int) (i % 8)]
            + "\",\"ts\":\"2024-05-01T" + String.format("%02d:%02d:%02d", (i / 3600) % 24, (i / 60) % 60, i % 60)
            + "Z\",\"amount\":" + (i % 1000) / 10.0 + ",\"qty\":" + (i % 17) + ",\"ok\":" + (i % 3 == 0)
            + ",\"device\":{\"os\":\"os" + (i % 5) + "\",\"version\":" + (i % 40) + "}}";
        producer.send(new ProducerRecord<>(topic, null, json.getBytes()), (sent, e) -> {
          if (e != null) {
            failed.compareAndSet(null, e);
          }
        });
      }
      producer.flush();
    }
    if (failed.get() != null) { // a message missing from the topic would show as a faster ingest
      throw new IllegalStateException("producing the P7 messages failed", failed.get());
    }
  }

  /** Ingests the topic into a new table with {@code workers} workers of one group; returns the rows committed. */
  static long ingest(String bootstrap, String topic, Path table, int workers) throws Exception {
    Timing.deleteTree(table);
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    List<Future<Long>> runs = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      KafkaIngest ingest = DeltaLens.kafkaIngest(table.toString()).bootstrap(bootstrap).topic(topic)
          .group("bench-" + table.getFileName()).createIfAbsent(SCHEMA).exitAtEnd();
      runs.add(pool.submit(() -> ingest.run().rows()));
    }
    long rows = 0;
    for (Future<Long> run : runs) {
      rows += run.get();
    }
    pool.shutdown();
    return rows;
  }
}
