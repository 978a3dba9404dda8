package io.deltalens;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kafka ingest against a real broker: formats, coercions, metadata columns, dead letters, exactly once. */
class KafkaIngestTest {
  static KafkaBroker broker;
  @TempDir Path dir;

  @BeforeAll
  static void broker() throws Exception {
    broker = KafkaBroker.shared();
  }

  private KafkaIngest ingest(Path table, String topic) {
    return DeltaLens.kafkaIngest(table.toString()).bootstrap(broker.bootstrap).topic(topic).exitAtEnd()
        .maxLatency(Duration.ofSeconds(1));
  }

  @Test
  void jsonBecomesRowsWithCoercionsAndKafkaColumnsExactlyOnce() throws Exception {
    String topic = broker.topic("coerce", 2);
    broker.send(topic, List.of(
        "{\"id\": 1, \"n\": \"42\", \"ts\": \"2024-05-01T10:00:00Z\", \"user\": {\"name\": \"ann\", \"age\": 30},"
            + " \"tags\": [\"a\", \"b\"], \"price\": \"12.50\", \"extra\": true}",
        "{\"id\": \"2\", \"n\": 7, \"ts\": 1714557600000, \"user\": {\"name\": \"bob\"}, \"tags\": [],"
            + " \"price\": 3}",
        "{\"id\": 3, \"ts\": 1714557600, \"user\": null, \"price\": 0.5}",
        "{\"id\": 4, \"ts\": \"2024-05-01 10:00:00\", \"price\": \"1e1\"}"));
    Path table = dir.resolve("events");
    KafkaReport report = ingest(table, topic)
        .createIfAbsent("id long not null, n int, ts timestamp, day date, user struct<name: string, age: int>,"
            + " tags array<string>, price decimal(10,2), src string, part int, off long")
        .column("day = to_date(ts)").column("src = kafka.topic").column("part = kafka.partition")
        .column("off = kafka.offset").run();
    assertEquals(4, report.messages());
    assertEquals(4, report.rows());
    Table rows = DeltaLens.open(table.toString()).toTable().sortAscendingOn("id");
    assertEquals(List.of(1L, 2L, 3L, 4L), rows.longColumn("id").asList());
    assertEquals("42", rows.column("n").getString(0));
    assertEquals("", rows.column("n").getString(2), "missing field: null");
    for (int r = 0; r < 4; r++) { // ISO with Z, epoch millis, epoch seconds, no zone (UTC): one instant
      assertTrue(rows.column("ts").getString(r).startsWith("2024-05-01T10:00"), rows.column("ts").getString(r));
      assertEquals("2024-05-01", rows.column("day").getString(r));
      assertEquals(topic, rows.column("src").getString(r));
    }
    assertEquals(List.of("12.5", "3", "0.5", "10"), // decimal(10,2), in a Tablesaw number column
        IntStream.range(0, 4).mapToObj(r -> rows.column("price").getString(r)).toList());
    assertTrue(rows.column("user").getString(0).contains("ann"), rows.column("user").getString(0));
    assertTrue(rows.column("tags").getString(0).contains("b"), rows.column("tags").getString(0));
    Set<String> placed = new TreeSet<>();
    for (Row row : rows) {
      placed.add(row.getObject("part") + "@" + row.getObject("off"));
    }
    assertEquals(4, placed.size(), "each message's partition and offset: " + placed);

    KafkaReport again = ingest(table, topic).run();
    assertEquals(0, again.rows(), "a second run reads on from the table's offsets");
    broker.send(topic, List.of("{\"id\": 5, \"ts\": 0, \"price\": 1}"));
    assertEquals(1, ingest(table, topic).run().rows());
    assertEquals(5, DeltaLens.open(table.toString()).toTable().rowCount());
  }

  @Test
  void badMessagesGoToTheDeadLetterTableOrStopTheIngestNamingThem() throws Exception {
    String topic = broker.topic("bad", 1);
    broker.send(topic, List.of("{\"id\": 1}", "not json", "{\"id\": \"x\"}", "[1]", "{\"id\": 5}"));
    Path table = dir.resolve("t");
    DeltaLens.create(table.toString()).schema("id long not null").commit();
    DeltaLensException stopped = assertThrows(DeltaLensException.class, () -> ingest(table, topic).run());
    assertTrue(stopped.getMessage().contains("topic " + topic + " partition 0 offset 1: not JSON"),
        stopped.getMessage());
    // what came before the bad message may be in (an earlier batch), nothing from it on
    assertTrue(DeltaLens.open(table.toString()).toTable().longColumn("id").asList().stream().allMatch(id -> id == 1));

    Path dlq = dir.resolve("dlq");
    KafkaReport report = ingest(table, topic).deadLetters(dlq.toString()).run();
    assertEquals(3, report.deadLetters());
    assertEquals(List.of(1L, 5L), DeltaLens.open(table.toString()).toTable().sortAscendingOn("id").longColumn("id")
        .asList());
    Table dead = DeltaLens.open(dlq.toString()).toTable().sortAscendingOn("offset");
    assertEquals(List.of(1L, 2L, 3L), dead.longColumn("offset").asList());
    assertTrue(dead.column("error").getString(1).contains("\"x\" is not a number"), dead.column("error").getString(1));
    assertEquals(1, new TreeSet<>(dead.stringColumn("topic").asList()).size());
    // a replay (the table's offsets moved back by hand would be one) adds neither rows nor dead letters twice
    assertEquals(0, ingest(table, topic).deadLetters(dlq.toString()).run().messages());
    assertEquals(3, DeltaLens.open(dlq.toString()).toTable().rowCount());
  }

  @Test
  void aJsonLinesMessageWithABadLineIsADeadLetterWhole() throws Exception {
    // a message is all or nothing: the rows of its good lines, and the half-added row of the bad one, are taken
    // back; the messages around it go on into the same batch
    String topic = broker.topic("badlines", 1);
    broker.send(topic, List.of("{\"id\": 1, \"n\": 10}\n{\"id\": 2, \"n\": 20}",
        "{\"id\": 3, \"n\": 30}\n{\"id\": 4, \"n\": \"x\"}\n{\"id\": 5, \"n\": 50}",
        "{\"id\": 6, \"n\": 60}"));
    Path table = dir.resolve("badlines");
    Path dlq = dir.resolve("badlines-dlq");
    KafkaReport report = ingest(table, topic).format("json-lines").createIfAbsent("id long, n long")
        .deadLetters(dlq.toString()).run();
    assertEquals(3, report.messages());
    assertEquals(1, report.deadLetters());
    Table rows = DeltaLens.open(table.toString()).toTable().sortAscendingOn("id");
    assertEquals(List.of(1L, 2L, 6L), rows.longColumn("id").asList());
    assertEquals(List.of(10L, 20L, 60L), rows.longColumn("n").asList(), "each row's values stay together");
    Table dead = DeltaLens.open(dlq.toString()).toTable();
    assertEquals(List.of(1L), dead.longColumn("offset").asList());
    assertTrue(dead.column("error").getString(0).contains("\"x\" is not a number"), dead.column("error").getString(0));
  }

  @Test
  void jsonLinesGzipAndRawPayloads() throws Exception {
    String topic = broker.topic("lines", 1);
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
      gz.write("{\"id\": 1}\n{\"id\": 2}\n\n{\"id\": 3}\n".getBytes(StandardCharsets.UTF_8));
    }
    broker.send(topic, 0, "a".getBytes(StandardCharsets.UTF_8), zipped.toByteArray());
    broker.send(topic, 0, null, "{\"id\": 4}".getBytes(StandardCharsets.UTF_8));
    Path table = dir.resolve("lines");
    KafkaReport report = ingest(table, topic).format("json-lines").createIfAbsent("id long, k string")
        .column("k = kafka.key").run();
    assertEquals(2, report.messages());
    assertEquals(4, report.rows());
    Table rows = DeltaLens.open(table.toString()).toTable().sortAscendingOn("id");
    assertEquals(List.of(1L, 2L, 3L, 4L), rows.longColumn("id").asList());
    assertEquals("a", rows.stringColumn("k").get(0));

    Path raw = dir.resolve("raw");
    ingest(raw, topic).format("raw").createIfAbsent("payload binary, at timestamp")
        .column("payload = kafka.value").column("at = kafka.timestamp").run();
    assertEquals(2, DeltaLens.open(raw.toString()).toTable().rowCount());
    DeltaLensException fields = assertThrows(DeltaLensException.class,
        () -> ingest(dir.resolve("raw2"), topic).format("raw").createIfAbsent("id long").run());
    assertTrue(fields.getMessage().contains("raw payloads have no fields"), fields.getMessage());
  }

  static final String AVRO_SCHEMA = """
      {"type": "record", "name": "Order", "fields": [
        {"name": "id", "type": "long"},
        {"name": "customer", "type": ["null", "string"], "default": null},
        {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2}},
        {"name": "placed", "type": {"type": "long", "logicalType": "timestamp-millis"}},
        {"name": "day", "type": {"type": "int", "logicalType": "date"}},
        {"name": "address", "type": ["null", {"type": "record", "name": "Address", "fields": [
          {"name": "city", "type": "string"}, {"name": "zip", "type": "int"}]}], "default": null},
        {"name": "tags", "type": {"type": "array", "items": "string"}}
      ]}""";

  static byte[] avro(org.apache.avro.Schema schema, long id, boolean singleObject) throws Exception {
    var record = new org.apache.avro.generic.GenericData.Record(schema);
    record.put("id", id);
    record.put("customer", id % 2 == 0 ? null : "c" + id);
    record.put("amount", java.nio.ByteBuffer.wrap(java.math.BigDecimal.valueOf(id * 125, 2).unscaledValue().toByteArray()));
    record.put("placed", 1714557600000L + id);
    record.put("day", (int) java.time.LocalDate.parse("2024-05-01").toEpochDay());
    var address = new org.apache.avro.generic.GenericData.Record(schema.getField("address").schema().getTypes().get(1));
    address.put("city", "city" + id);
    address.put("zip", (int) id);
    record.put("address", id % 3 == 0 ? null : address);
    record.put("tags", List.of("t" + id));
    if (singleObject) {
      return new org.apache.avro.message.BinaryMessageEncoder<org.apache.avro.generic.GenericRecord>(
          org.apache.avro.generic.GenericData.get(), schema).encode(record).array();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    var encoder = org.apache.avro.io.EncoderFactory.get().binaryEncoder(out, null);
    new org.apache.avro.generic.GenericDatumWriter<org.apache.avro.generic.GenericRecord>(schema).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  @Test
  void avroDatumsAndSingleObjectsMakeTheirTableAndRows() throws Exception {
    var schema = new org.apache.avro.Schema.Parser().parse(AVRO_SCHEMA);
    Path avsc = java.nio.file.Files.writeString(dir.resolve("order.avsc"), AVRO_SCHEMA);
    String topic = broker.topic("avro", 1);
    for (long id = 1; id <= 6; id++) {
      broker.send(topic, 0, null, avro(schema, id, id > 3));
    }
    var other = new org.apache.avro.Schema.Parser().parse(AVRO_SCHEMA.replace("\"Order\"", "\"Other\""));
    broker.send(topic, 0, null, avro(other, 7, true)); // another schema's single object: a dead letter
    broker.send(topic, 0, null, "{\"id\": 8}".getBytes(StandardCharsets.UTF_8)); // not Avro: a dead letter
    Path table = dir.resolve("orders");
    KafkaReport report = ingest(table, topic).avro(avsc.toString()).createIfAbsent()
        .deadLetters(dir.resolve("dlq").toString()).run();
    assertEquals(6, report.rows());
    assertEquals(2, report.deadLetters());
    DeltaTable orders = DeltaLens.open(table.toString());
    assertEquals("id long not null, customer string, amount decimal(10,2) not null, placed timestamp not null,"
        + " day date not null, address struct<city string, zip integer>, tags array<string> not null",
        orders.schema().toString(), "the table's columns from the Avro schema");
    Table rows = orders.toTable().sortAscendingOn("id");
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), rows.longColumn("id").asList());
    assertEquals("c1", rows.getString(0, "customer"));
    assertTrue(rows.column("customer").isMissing(1), "a null union branch is a null");
    assertEquals("1.25", rows.getString(0, "amount"));
    assertEquals("2024-05-01T10:00:00.001Z", rows.getString(0, "placed"));
    assertEquals("2024-05-01", rows.getString(0, "day"));
    assertTrue(rows.getString(0, "address").contains("city1"), rows.getString(0, "address"));
    assertTrue(rows.column("address").isMissing(2), "id 3 has no address");
    Table dead = DeltaLens.open(dir.resolve("dlq").toString()).toTable().sortAscendingOn("offset");
    assertTrue(dead.getString(0, "error").contains("written with the Avro schema of fingerprint"),
        dead.getString(0, "error"));
    assertTrue(dead.getString(1, "error").contains("not an Avro record of the given schema"),
        dead.getString(1, "error"));
  }

  @Test
  void routesSendMessagesToTablesOfTheirOwnEachKeepingItsOffsets() throws Exception {
    String topic = broker.topic("routes", 2);
    List<String> messages = new ArrayList<>();
    for (int i = 0; i < 300; i++) { // clicks, views, and every seventh of another kind (to the default table)
      String type = i % 7 == 0 ? "other" : i % 2 == 0 ? "click" : "view";
      messages.add("{\"id\": " + i + ", \"type\": \"" + type + "\"}");
    }
    broker.send(topic, messages);
    Path clicks = dir.resolve("clicks");
    Path views = dir.resolve("views");
    Path rest = dir.resolve("rest");
    KafkaReport report = ingest(rest, topic).createIfAbsent("id long, type string")
        .route("type=click:" + clicks).route("type = view : " + views).maxRows(40).run();
    assertEquals(300, report.messages());
    assertEquals(300, report.rows());
    assertEquals(List.of(clicks.toString(), views.toString(), rest.toString()),
        List.copyOf(report.tableRows().keySet()), "the routes' tables, then the default one");
    assertEquals(idsOf(messages, "click"), ids(clicks));
    assertEquals(idsOf(messages, "view"), ids(views));
    assertEquals(idsOf(messages, "other"), ids(rest));
    // each table holds each partition's offset: a table's own can be moved back, and only it reads again
    long viewsVersion = DeltaLens.open(views.toString()).version();
    DeltaLens.kafkaIngest(clicks.toString()).seek(topic, 0, 0, true);
    KafkaReport again = ingest(rest, topic).route("type=click:" + clicks).route("type=view:" + views).run();
    assertEquals(again.rows(), again.tableRows().get(clicks.toString()), "only the clicks table read again");
    assertEquals(viewsVersion, DeltaLens.open(views.toString()).version(), "views committed nothing");
    List<Long> twice = ids(clicks);
    assertEquals(idsOf(messages, "click").size() + again.rows(), twice.size());
    assertEquals(idsOf(messages, "click"), new ArrayList<>(new TreeSet<>(twice)));
  }

  @Test
  void aMessageNoRouteTakesIsADeadLetterOrStopsTheIngest() throws Exception {
    String topic = broker.topic("unrouted", 1);
    broker.send(topic, List.of("{\"id\": 1, \"type\": \"a:b\"}", "{\"id\": 2, \"type\": \"c\"}",
        "{\"id\": 3}", "{\"id\": 4, \"type\": \"a:b\"}"));
    Path ab = dir.resolve("ab");
    DeltaLens.create(ab.toString()).schema("id long, type string").commit();
    DeltaLensException stopped = assertThrows(DeltaLensException.class, () -> DeltaLens.kafkaIngest()
        .bootstrap(broker.bootstrap).topic(topic).exitAtEnd().route("type='a:b':" + ab).run());
    assertEquals("topic " + topic + " partition 0 offset 1: no route takes this message (type = 'c') and there is"
        + " no default table (--table) (nothing of this batch was committed; give --dlq-table to keep such"
        + " messages aside and go on)", stopped.getMessage());
    Path dlq = dir.resolve("dlq");
    KafkaReport report = DeltaLens.kafkaIngest().bootstrap(broker.bootstrap).topic(topic).exitAtEnd()
        .route("type='a:b':" + ab).deadLetters(dlq.toString()).run();
    assertEquals(2, report.deadLetters());
    assertEquals(List.of(1L, 4L), ids(ab));
    Table dead = DeltaLens.open(dlq.toString()).toTable().sortAscendingOn("offset");
    assertEquals(List.of(1L, 2L), dead.longColumn("offset").asList());
    assertTrue(dead.getString(1, "error").contains("(type is absent)"), dead.getString(1, "error"));
    DeltaLensException bad = assertThrows(DeltaLensException.class,
        () -> DeltaLens.kafkaIngest().topic(topic).route("type:" + ab).run());
    assertEquals("route 'type:" + ab + "': expected selector=value:table, e.g. type=click:/data/clicks",
        bad.getMessage());
    bad = assertThrows(DeltaLensException.class, () -> DeltaLens.kafkaIngest().topic(topic)
        .route("kafka.size=1:" + ab).run());
    assertTrue(bad.getMessage().startsWith("route 'kafka.size': kafka.size is none of kafka.topic"), bad.getMessage());
  }

  private static List<Long> ids(Path table) {
    List<Long> ids = new ArrayList<>(DeltaLens.open(table.toString()).toTable().longColumn("id").asList());
    ids.sort(null);
    return ids;
  }

  private static List<Long> idsOf(List<String> messages, String type) {
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      if (messages.get(i).contains("\"" + type + "\"")) {
        ids.add((long) i);
      }
    }
    return ids;
  }

  @Test
  void workersOfOneGroupShareThePartitionsAndAddEveryMessageOnce() throws Exception {
    String topic = broker.topic("group", 4);
    Path table = dir.resolve("shared");
    DeltaLens.create(table.toString()).schema("id long").commit();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    List<KafkaIngest> workers = new ArrayList<>();
    List<Future<KafkaReport>> runs = new ArrayList<>();
    try {
      for (int w = 0; w < 3; w++) {
        KafkaIngest worker = DeltaLens.kafkaIngest(table.toString()).bootstrap(broker.bootstrap).topic(topic)
            .group("g-" + topic).maxRows(50).maxLatency(Duration.ofMillis(300));
        workers.add(worker);
        runs.add(pool.submit(worker::run));
        for (int batch = 0; batch < 5; batch++) {
          int from = (w * 5 + batch) * 100;
          broker.send(topic, IntStream.range(from, from + 100).mapToObj(i -> "{\"id\": " + i + "}").toList());
          Thread.sleep(150);
        }
      }
      workers.get(0).stop(); // a rebalance mid-stream: its partitions go to the others
      runs.get(0).get();
      broker.send(topic, IntStream.range(1500, 1600).mapToObj(i -> "{\"id\": " + i + "}").toList());
      Thread.sleep(1500);
      for (int w = 1; w < 3; w++) {
        workers.get(w).stop();
        runs.get(w).get();
      }
    } finally {
      pool.shutdownNow();
    }
    ingest(table, topic).group("g-" + topic).run(); // whatever is left
    List<Long> ids = new ArrayList<>(DeltaLens.open(table.toString()).toTable().longColumn("id").asList());
    ids.sort(null);
    assertEquals(IntStream.range(0, 1600).mapToObj(i -> (long) i).toList(), ids, "every message exactly once");
  }
  @Test
  void workersThatExitAtTheEndCommitTheirShareAtOnceInsteadOfWaitingOutTheLatency() throws Exception {
    String topic = broker.topic("drain", 4);
    Path table = dir.resolve("drain");
    DeltaLens.create(table.toString()).schema("id long").commit();
    broker.send(topic, IntStream.range(0, 400).mapToObj(i -> "{\"id\": " + i + "}").toList());
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<KafkaReport>> runs = new ArrayList<>();
      for (int w = 0; w < 2; w++) { // each waits for the other's share: a ten-minute latency must not hold it
        runs.add(pool.submit(DeltaLens.kafkaIngest(table.toString()).bootstrap(broker.bootstrap).topic(topic)
            .group("g-" + topic).maxLatency(Duration.ofMinutes(10)).exitAtEnd()::run));
      }
      for (Future<KafkaReport> run : runs) {
        run.get(2, java.util.concurrent.TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(IntStream.range(0, 400).mapToObj(i -> (long) i).toList(), ids(table), "every message exactly once");
  }

  @Test
  void aWorkerThatExitsAtTheEndWaitsForThePartitionsAnotherWorkerStillHolds() throws Exception {
    String topic = broker.topic("handover", 4);
    Path table = dir.resolve("handover");
    DeltaLens.create(table.toString()).schema("id long").commit();
    broker.send(topic, IntStream.range(0, 400).mapToObj(i -> "{\"id\": " + i + "}").toList());
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      java.util.concurrent.atomic.AtomicLong read = new java.util.concurrent.atomic.AtomicLong();
      KafkaIngest holder = DeltaLens.kafkaIngest(table.toString()).bootstrap(broker.bootstrap).topic(topic)
          .group("g-" + topic).maxLatency(Duration.ofMinutes(10)).metrics(r -> read.set(r.messages()));
      Future<KafkaReport> holding = pool.submit(holder::run);
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
      while (read.get() < 400 && System.nanoTime() < deadline) {
        Thread.sleep(100); // it holds all four partitions' messages, none committed (the latency is ten minutes)
      }
      assertEquals(400, read.get());
      // joining takes two cooperative rounds: an empty share first, then two partitions the holder hands over
      Future<KafkaReport> draining = pool.submit(ingest(table, topic).group("g-" + topic)::run);
      Thread.sleep(8_000);
      assertFalse(draining.isDone(), "it left while the holder's partitions were not in the table");
      holder.stop();
      holding.get();
      draining.get(60, java.util.concurrent.TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    List<Long> ids = new ArrayList<>(DeltaLens.open(table.toString()).toTable().longColumn("id").asList());
    ids.sort(null);
    assertEquals(IntStream.range(0, 400).mapToObj(i -> (long) i).toList(), ids, "every message exactly once");
  }
}
