package io.deltalens.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Spark reads a table deltalens ingested from a real Kafka broker: the same rows (nested, timestamp, decimal, date
 * partition values from to_date), and every file's statistics in the log agree with what Spark counts in it.
 */
class SparkReadsKafkaIngestTest extends SparkTest {
  static Path dir;
  static ProcessHandle broker;
  static String bootstrap;

  @BeforeAll
  static void startBroker() throws Exception {
    dir = Files.createTempDirectory("deltalens-kafka-interop");
    Process start = new ProcessBuilder(Deltalens.HOME.resolve("bin/kafka").toString(), "start",
        dir.resolve("broker").toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String[] started = new String(start.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip().split(" ");
    assertEquals(0, start.waitFor(), "bin/kafka start");
    bootstrap = started[0];
    broker = ProcessHandle.of(Long.parseLong(started[1])).orElseThrow();
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.destroy();
    }
  }

  @Test
  void sparkReadsTheIngestedRowsAndAgreesWithTheirStatistics() throws Exception {
    String topic = createTopic("orders", 3);
    int messages = 3000;
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < messages; i++) {
      String json = "{\"id\": " + i + ", \"ts\": \"2024-05-0" + (1 + i % 3) + "T0" + (i % 10) + ":30:00Z\","
          + " \"amount\": \"" + (i % 500) + "." + (i % 100 < 10 ? "0" : "") + (i % 100) + "\","
          + " \"customer\": {\"name\": \"c" + (i % 50) + "\", \"vip\": " + (i % 7 == 0) + "},"
          + " \"items\": [" + (i % 4) + ", " + (i % 9) + "]" + (i % 11 == 0 ? ", \"note\": null" : ", \"note\": \"n\"")
          + "}";
      records.add(new ProducerRecord<>(topic, String.valueOf(i).getBytes(), json.getBytes()));
    }
    send(records);
    Path table = dir.resolve("orders");
    Deltalens.ok("ingest", "kafka", "--bootstrap", bootstrap, "--topic", topic, "--table", table.toString(),
        "--create-if-absent", "--schema", "id long not null, ts timestamp, day date, amount decimal(10,2),"
            + " customer struct<name string, vip boolean>, items array<int>, note string, part int",
        "--partition-by", "day", "--column", "day = to_date(ts)", "--column", "part = kafka.partition",
        "--max-rows", "400", "--exit-at-end");

    var rows = spark.read().format("delta").load(table.toString());
    assertEquals(messages, rows.count());
    assertEquals(messages, rows.select("id").distinct().count());
    Row agg = rows.selectExpr("sum(id)", "sum(amount)", "count(distinct day)", "sum(cast(customer.vip as int))",
        "sum(element_at(items, 2))", "count(note)", "count(distinct part)",
        "sum(cast(to_date(ts) = day as int))").first();
    assertEquals((long) messages * (messages - 1) / 2, agg.getLong(0));
    assertEquals(3, agg.getLong(2));
    assertEquals(messages / 7 + 1, agg.getLong(3));
    assertEquals(messages - (messages / 11 + 1), agg.getLong(5));
    assertEquals(3, agg.getLong(6));
    assertEquals(messages, agg.getLong(7), "day is to_date(ts) in every row");
    // the same rows deltalens reads
    assertEquals(rows.selectExpr("concat_ws('|', id, coalesce(note, 'null'), day)").collectAsList().stream()
        .map(r -> r.getString(0)).sorted().toList(),
        Deltalens.rows(table, DeltalensLatest.version(table), "id", "note", "day"));

    // every add's statistics: numRecords, min/max of id, nulls of note, as Spark counts them in the file
    Map<String, Row> perFile = new HashMap<>();
    for (Row r : rows.groupBy("_metadata.file_name").agg(org.apache.spark.sql.functions.count("*"),
        org.apache.spark.sql.functions.min("id"), org.apache.spark.sql.functions.max("id"),
        org.apache.spark.sql.functions.expr("count(*) - count(note)")).collectAsList()) {
      perFile.put(r.getString(0), r);
    }
    ObjectMapper json = new ObjectMapper();
    int checked = 0;
    for (Path commit : Files.list(table.resolve("_delta_log")).filter(p -> p.toString().endsWith(".json")).toList()) {
      for (String line : Files.readAllLines(commit)) {
        JsonNode add = json.readTree(line).get("add");
        if (add == null) {
          continue;
        }
        String name = add.get("path").asText().substring(add.get("path").asText().lastIndexOf('/') + 1);
        JsonNode stats = json.readTree(add.get("stats").asText());
        Row counted = perFile.get(name);
        assertEquals(counted.getLong(1), stats.get("numRecords").asLong(), name);
        assertEquals(counted.getLong(2), stats.get("minValues").get("id").asLong(), name);
        assertEquals(counted.getLong(3), stats.get("maxValues").get("id").asLong(), name);
        assertEquals(counted.getLong(4), stats.get("nullCount").get("note").asLong(), name);
        checked++;
      }
    }
    assertEquals(perFile.size(), checked, "every file has an add with statistics");
    assertTrue(checked >= 9, "batches were cut at 400 rows per partition: " + checked + " files");
  }

  @Test
  void generatedColumnsAndChecksOfASparkTableHoldForIngestedRows() throws Exception {
    String topic = createTopic("readings", 1);
    Path table = dir.resolve("readings");
    spark.sql("CREATE TABLE delta.`" + table + "` (id BIGINT, ts TIMESTAMP,"
        + " day DATE GENERATED ALWAYS AS (CAST(ts AS DATE)), value DOUBLE) USING delta");
    spark.sql("ALTER TABLE delta.`" + table + "` ADD CONSTRAINT positive CHECK (value > 0)");
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      String json = "{\"id\": " + i + ", \"ts\": \"2024-07-0" + (1 + i % 2) + "T23:59:59Z\", \"value\": " + (i + 1) + "}";
      records.add(new ProducerRecord<>(topic, json.getBytes()));
    }
    send(records);
    Deltalens.ok("ingest", "kafka", "--bootstrap", bootstrap, "--topic", topic, "--table", table.toString(),
        "--exit-at-end");
    var rows = spark.read().format("delta").load(table.toString());
    assertEquals(100, rows.count());
    assertEquals(100, rows.where("day = CAST(ts AS DATE)").count(), "the generated column, computed by deltalens");

    send(List.of(new ProducerRecord<>(topic, "{\"id\": 100, \"ts\": 0, \"value\": -5}".getBytes())));
    Deltalens.Run refused = Deltalens.run("ingest", "kafka", "--bootstrap", bootstrap, "--topic", topic, "--table",
        table.toString(), "--exit-at-end");
    assertEquals(1, refused.exit());
    assertTrue(refused.err().contains("positive") && refused.err().contains("partition 0 offsets 100..100"),
        refused.err());
    assertEquals(100, spark.read().format("delta").load(table.toString()).count(), "nothing of the batch committed");

    // with a dead-letter table the refused message goes there and the ingest goes on past it
    send(List.of(new ProducerRecord<>(topic, "{\"id\": 101, \"ts\": 0, \"value\": 2}".getBytes())));
    Path dlq = dir.resolve("readings-dlq");
    Deltalens.ok("ingest", "kafka", "--bootstrap", bootstrap, "--topic", topic, "--table", table.toString(),
        "--dlq-table", dlq.toString(), "--exit-at-end");
    var after = spark.read().format("delta").load(table.toString());
    assertEquals(101, after.count());
    assertEquals(1, after.where("id = 101").count());
    assertEquals(0, after.where("value <= 0").count());
    var dead = spark.read().format("delta").load(dlq.toString()).collectAsList();
    assertEquals(1, dead.size());
    assertEquals(100L, dead.get(0).<Long>getAs("offset"));
    assertEquals("violates CHECK constraint 'positive' (value > 0) with value=-5.0", dead.get(0).getAs("error"));
  }

  /** Creates a topic and waits until each of its partitions has a leader (a send before that may fail). */
  private static String createTopic(String name, int partitions) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (admin.describeTopics(List.of(name)).allTopicNames().get(30, TimeUnit.SECONDS).get(name).partitions()
          .stream().anyMatch(p -> p.leader() == null || p.leader().isEmpty())) {
        assertTrue(System.nanoTime() < deadline, "topic " + name + " has partitions without a leader after 30 s");
        Thread.sleep(50);
      }
    }
    return name;
  }

  /**
   * Sends the records and waits until the broker has every one: a failed send fails the test with the broker's
   * error, rather than as rows missing from the table.
   */
  private static void send(List<ProducerRecord<byte[], byte[]>> records) throws Exception {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    props.put("acks", "all");
    props.put("linger.ms", 5);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (var record : records) {
        sent.add(producer.send(record));
      }
      for (var message : sent) {
        message.get(120, TimeUnit.SECONDS);
      }
    }
  }

  /** The table's latest version, as deltalens sees it. */
  private static final class DeltalensLatest {
    static long version(Path table) throws Exception {
      String out = Deltalens.ok("history", table.toString(), "--format", "json");
      return out.lines().mapToLong(l -> {
        try {
          return new ObjectMapper().readTree(l).get("version").asLong();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }).max().orElseThrow();
    }
  }
}
