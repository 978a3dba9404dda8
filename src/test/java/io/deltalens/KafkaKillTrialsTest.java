package io.deltalens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a Kafka ingest worker at random moments while messages are produced, 20 times, each time restarted:
 * every commit whole and no message in the tables twice after each kill; once a worker drains the topic
 * ({@code --exit-at-end}), every produced message is in the tables exactly once. The worker routes every third
 * message to a second table ({@code --route}), so a kill also falls between the two tables' commits.
 */
class KafkaKillTrialsTest {
  static final int TRIALS = 20;
  @TempDir Path dir;

  @Test
  void aKilledWorkerLosesNothingAndAddsNothingTwice() throws Exception {
    KafkaBroker broker = KafkaBroker.shared();
    String topic = broker.topic("kills", 4);
    Path table = dir.resolve("ingested");
    Path audits = dir.resolve("audits");
    DeltaLens.create(table.toString()).schema("id long not null, name string").commit();
    AtomicBoolean producing = new AtomicBoolean(true);
    AtomicLong produced = new AtomicLong();
    Thread producer = new Thread(() -> produce(broker, topic, producing, produced));
    producer.start();
    Random random = new Random(20261201);
    try {
      for (int trial = 0; trial < TRIALS; trial++) {
        long before = DeltaLens.open(table.toString()).version();
        Process worker = worker(broker, topic, table, audits, trial, false).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (DeltaLens.open(table.toString()).version() == before && System.nanoTime() < deadline) {
          Thread.sleep(20); // until its first commit: the JVM is up and consuming
        }
        Thread.sleep(random.nextInt(1200)); // then anywhere in a batch, a write, a commit
        worker.destroyForcibly(); // SIGKILL
        assertTrue(worker.waitFor(30, TimeUnit.SECONDS));
        assertTrue(DeltaLens.open(table.toString()).version() > before,
            "trial " + trial + ": the worker committed before it was killed");
        List<Long> ids = new ArrayList<>();
        for (Path routed : List.of(table, audits)) {
          if (DeltaLens.exists(routed)) {
            DeltaTable t = DeltaLens.open(routed.toString());
            for (long v = 1; v <= t.version(); v++) {
              t.commit(v); // parses: no half-written commit
            }
            ids.addAll(t.toTable().longColumn("id").asList());
          }
        }
        assertEquals(ids.size(), new HashSet<>(ids).size(), "trial " + trial + ": no message twice");
      }
    } finally {
      producing.set(false);
      producer.join();
    }
    Process last = worker(broker, topic, table, audits, TRIALS, true).start();
    assertTrue(last.waitFor(120, TimeUnit.SECONDS), "the draining worker exits at the end");
    assertEquals(0, last.exitValue());
    List<Long> ids = new ArrayList<>(DeltaLens.open(table.toString()).toTable().longColumn("id").asList());
    List<Long> audited = DeltaLens.open(audits.toString()).toTable().longColumn("id").asList();
    assertTrue(audited.stream().allMatch(id -> id % 3 == 0) && ids.stream().noneMatch(id -> id % 3 == 0),
        "each message in the table its route names");
    ids.addAll(audited);
    assertEquals(produced.get(), ids.size(), "every produced message, once");
    TreeSet<Long> distinct = new TreeSet<>(ids);
    assertEquals(produced.get(), distinct.size());
    assertEquals(produced.get() - 1, distinct.last());
    assertTrue(DeltaLens.open(table.toString()).checkpoints().rowCount() > 0,
        "checkpoints were written (off the commit path) along the way");
  }

  /** A worker process; static group membership, so a restarted one takes the killed one's place at once. */
  private ProcessBuilder worker(KafkaBroker broker, String topic, Path table, Path audits, int trial,
      boolean drain) {
    List<String> command = new ArrayList<>(List.of("--topic", topic, "--table", table.toString(),
        "--route", "kind=audit:" + audits, "--create-if-absent", "--schema", "id long not null, name string",
        "--max-latency", "100ms", "--max-rows", "400", "--consumer", "group.instance.id=kill-trials",
        "--consumer", "session.timeout.ms=6000"));
    if (drain) {
      command.add("--exit-at-end");
    }
    return broker.ingest(command.toArray(String[]::new)).redirectErrorStream(true)
        .redirectOutput(dir.resolve("worker" + trial + ".log").toFile());
  }

  private static void produce(KafkaBroker broker, String topic, AtomicBoolean producing, AtomicLong produced) {
    try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
      while (producing.get()) {
        for (int i = 0; i < 50; i++) {
          long id = produced.getAndIncrement();
          producer.send(new ProducerRecord<>(topic, String.valueOf(id).getBytes(StandardCharsets.UTF_8),
              ("{\"id\": " + id + ", \"name\": \"n" + id + "\", \"kind\": \"" + (id % 3 == 0 ? "audit" : "sale")
                  + "\"}").getBytes(StandardCharsets.UTF_8))).get();
        }
        Thread.sleep(10);
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
