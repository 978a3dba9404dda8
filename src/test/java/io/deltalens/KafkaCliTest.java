package io.deltalens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code deltalens ingest kafka} as a user runs it: racing workers that create the table, --seek, SIGTERM. */
class KafkaCliTest {
  @TempDir Path dir;

  private static List<String> messages(int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> "{\"id\": " + i + ", \"name\": \"n" + i + "\"}").toList();
  }

  private static List<Long> ids(Path table) {
    List<Long> ids = new ArrayList<>(DeltaLens.open(table.toString()).toTable().longColumn("id").asList());
    ids.sort(null);
    return ids;
  }

  @Test
  void aWrongBootstrapIsOneLineAndCreatesNothing() throws Exception {
    int closed;
    try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort(); // free, and nobody listens once this closes
    }
    Path table = dir.resolve("t");
    Process p = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-cp",
        System.getProperty("java.class.path"), "io.deltalens.cli.Main", "ingest", "kafka",
        "--bootstrap", "127.0.0.1:" + closed, "--topic", "orders", "--table", table.toString(),
        "--create-if-absent", "--schema", "id long", "--consumer", "default.api.timeout.ms=2000")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(1, p.exitValue(), out);
    assertEquals(List.of("error: cannot reach Kafka at 127.0.0.1:" + closed + ": no answer about topic orders"
        + " within 2 s (is --bootstrap right, and the broker up?)"), out.lines().toList());
    assertTrue(Files.notExists(table), "no table was created");
  }

  @Test
  void avroPayloadsFromTheCommandLine() throws Exception {
    KafkaBroker broker = KafkaBroker.shared();
    String topic = broker.topic("cli-avro", 1);
    var schema = new org.apache.avro.Schema.Parser().parse(KafkaIngestTest.AVRO_SCHEMA);
    for (long id = 1; id <= 3; id++) {
      broker.send(topic, 0, null, KafkaIngestTest.avro(schema, id, id == 2));
    }
    Path avsc = Files.writeString(dir.resolve("order.avsc"), KafkaIngestTest.AVRO_SCHEMA);
    Path table = dir.resolve("orders");
    Process wrong = broker.ingest("--topic", topic, "--table", table.toString(), "--avro-schema", avsc.toString())
        .redirectErrorStream(true).start();
    String refused = new String(wrong.getInputStream().readAllBytes());
    assertEquals(1, wrong.waitFor(), refused);
    assertTrue(refused.contains("--avro-schema reads Avro payloads: add --payload avro"), refused);
    Process ok = broker.ingest("--topic", topic, "--table", table.toString(), "--payload", "avro", "--avro-schema",
        avsc.toString(), "--create-if-absent", "--exit-at-end").redirectErrorStream(true).start();
    String out = new String(ok.getInputStream().readAllBytes());
    assertEquals(0, ok.waitFor(), out);
    assertEquals(List.of(1L, 2L, 3L), ids(table));
    assertEquals("decimal(10,2)", DeltaLens.open(table.toString()).schema().column("amount").type());
  }

  @Test
  void twoWorkersCreateTheTableOnceShareTheTopicAndSeekMovesTheOffsets() throws Exception {
    KafkaBroker broker = KafkaBroker.shared();
    String topic = broker.topic("cli", 4);
    broker.send(topic, messages(0, 1000));
    Path table = dir.resolve("t");
    List<Process> workers = new ArrayList<>();
    for (int w = 0; w < 2; w++) {
      workers.add(broker.ingest("--topic", topic, "--table", table.toString(), "--create-if-absent", "--schema",
          "id long not null, name string", "--max-latency", "200ms", "--exit-at-end")
          .redirectErrorStream(true).redirectOutput(dir.resolve("worker" + w + ".log").toFile()).start());
    }
    for (Process worker : workers) {
      assertTrue(worker.waitFor(90, TimeUnit.SECONDS));
      assertEquals(0, worker.exitValue(), Files.readString(dir.resolve("worker" + workers.indexOf(worker) + ".log")));
    }
    assertEquals(IntStream.range(0, 1000).mapToObj(i -> (long) i).toList(), ids(table), "each message once");
    assertTrue(DeltaLens.open(table.toString()).history().stringColumn("operation").asList().stream()
        .filter(op -> op.contains("CREATE")).count() == 1, "one worker created the table");

    Process back = broker.ingest("--table", table.toString(), "--seek", topic + ":0=0").redirectErrorStream(true)
        .start();
    String refused = new String(back.getInputStream().readAllBytes());
    assertEquals(1, back.waitFor());
    assertTrue(refused.contains("would add the messages between again"), refused);

    Process forced = broker.ingest("--table", table.toString(), "--seek", topic + ":0=0", "--force").start();
    assertEquals(0, forced.waitFor());
    Process again = broker.ingest("--topic", topic, "--table", table.toString(), "--exit-at-end", "--format", "json")
        .start();
    List<String> json = new String(again.getInputStream().readAllBytes()).lines().toList();
    assertEquals(0, again.waitFor());
    var report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.get(json.size() - 1));
    assertTrue(report.get("rows").asLong() > 100 && report.has("offsets") && report.has("lag"), json.toString());
    List<Long> ids = ids(table);
    int partitionZero = ids.size() - 1000;
    assertTrue(partitionZero > 100 && partitionZero < 500, "partition 0's messages again: " + partitionZero);
    assertEquals(1000, new TreeSet<>(ids).size());
  }

  @Test
  void sigtermCommitsWhatTheWorkerHolds() throws Exception {
    KafkaBroker broker = KafkaBroker.shared();
    String topic = broker.topic("term", 2);
    Path table = dir.resolve("held");
    DeltaLens.create(table.toString()).schema("id long, name string").commit();
    Path log = dir.resolve("held.log");
    Process worker = broker.ingest("--topic", topic, "--table", table.toString(), "--max-latency", "10m")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    broker.send(topic, messages(0, 300));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.readString(log).contains("300 messages") && System.nanoTime() < deadline) {
      Thread.sleep(100); // its progress line: it holds them all, none committed (the latency is ten minutes)
    }
    assertEquals(0, DeltaLens.open(table.toString()).version(), Files.readString(log));
    worker.destroy(); // SIGTERM
    assertTrue(worker.waitFor(60, TimeUnit.SECONDS));
    assertEquals(IntStream.range(0, 300).mapToObj(i -> (long) i).toList(), ids(table), Files.readString(log));
  }
}
