package io.deltalens;

import static io.deltalens.S3EventJson.eventBridge;
import static io.deltalens.S3EventJson.message;
import static io.deltalens.S3EventJson.s3Event;
import static io.deltalens.S3EventJson.sns;
import static io.deltalens.S3EventJson.sqs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S3 event notifications into tables, on the test S3 server: AWS's documented event shapes (direct,
 * SQS-, SNS- and EventBridge-wrapped) become one commit per table; redelivered and reordered events change
 * nothing; a delete event removes the file; a table that fails names its SQS messages; and the server's own
 * webhook feeds {@code deltalens ingest events --listen} end to end.
 */
class LandingEventsTest {
  @TempDir Path work;

  @BeforeAll
  static void storage() throws Exception {
    DeltaLens.storage(S3Server.shared().options()); // as a Lambda's environment gives them
  }

  @Test
  void eventsBecomeOneCommitPerTableAndTheSameEventsAgainChangeNothing() throws Exception {
    S3Server s3 = S3Server.shared();
    String bucket = s3.bucket();
    String name = URI.create(bucket).getHost();
    List<String> salesKeys = List.of("sales/day=2024-01-01/part 0.parquet", "sales/day=2024-01-02/part-1.parquet");
    List<String> clickKeys = List.of("clicks/c0.parquet", "clicks/c1.parquet", "clicks/c2.parquet");
    long id = 0;
    for (String key : concat(salesKeys, clickKeys)) {
      s3.put(ParquetFiles.ids(work.resolve("f" + id + ".parquet"), id++), bucket + "/" + key);
    }
    String batch = sqs(
        message("m1", s3Event(name, "ObjectCreated:Put", salesKeys)),
        message("m2", sns(s3Event(name, "ObjectCreated:CompleteMultipartUpload", clickKeys.subList(0, 2)))),
        message("m3", eventBridge(name, "Object Created", clickKeys.get(2))));
    Landing landing = DeltaLens.landing().createIfAbsent();

    LandingReport report = landing.handleEvents(batch, false);
    assertTrue(report.ok(), report::toString);
    assertEquals(2, report.batches().size(), report::toString);
    assertEquals(List.of(2, 3), report.batches().stream().map(LandingReport.Batch::filesAdded).toList());
    assertEquals(List.of("day"), DeltaLens.open(bucket + "/sales").partitionColumns(), "root above k=v folders");
    assertEquals(3, DeltaLens.open(bucket + "/clicks").toTable().rowCount());

    LandingReport again = DeltaLens.landing().createIfAbsent().handleEvents(batch, false);
    assertTrue(again.batches().stream().noneMatch(LandingReport.Batch::committed), "redelivery: " + again);
    assertEquals(0, DeltaLens.open(bucket + "/clicks").version(), "created with its files, in one commit");

    // an object deleted: its event removes it; events out of order follow what the object is now
    URI c0 = URI.create(bucket + "/" + clickKeys.get(0));
    s3Client(s3).deleteObject(b -> b.bucket(name).key(c0.getPath().substring(1)));
    s3.put(ParquetFiles.ids(work.resolve("late.parquet"), 42), bucket + "/clicks/late.parquet");
    String mixed = s3Event(name, List.of(
        List.of("ObjectRemoved:Delete", "clicks/late.parquet"), // older than its creation: it exists, not removed
        List.of("ObjectCreated:Put", "clicks/late.parquet"),
        List.of("ObjectCreated:Put", clickKeys.get(0)), // older than its deletion: gone, not added
        List.of("ObjectRemoved:Delete", clickKeys.get(0))));
    LandingReport.Batch removed = landing.handleEvents(mixed, false).batches().get(0);
    assertEquals(1, removed.filesAdded(), removed::toString);
    assertEquals(1, removed.filesRemoved(), removed::toString);
    assertEquals(List.of(3L, 4L, 42L),
        DeltaLens.open(bucket + "/clicks").toTable().sortOn("id").longColumn("id").asList());
    assertFalse(landing.handleEvents(mixed, false).batches().get(0).committed(), "the same again: nothing");
  }

  @Test
  void aTableThatFailsNamesItsMessagesAndTheOthersCommit() throws Exception {
    S3Server s3 = S3Server.shared();
    String bucket = s3.bucket();
    String name = URI.create(bucket).getHost();
    DeltaLens.create(bucket + "/good").schema("id long, name string").commit();
    s3.put(ParquetFiles.ids(work.resolve("g.parquet"), 1), bucket + "/good/g.parquet");
    s3.put(ParquetFiles.ids(work.resolve("n.parquet"), 2), bucket + "/none/n.parquet");
    String batch = sqs(message("ok-1", s3Event(name, "ObjectCreated:Put", List.of("good/g.parquet"))),
        message("bad-1", s3Event(name, "ObjectCreated:Put", List.of("none/n.parquet"))));

    LandingReport report = DeltaLens.landing().handleEvents(batch, false); // no create-if-absent
    assertEquals(List.of("bad-1"), report.failedMessageIds(), report::toString);
    assertTrue(report.failures().get(bucket + "/none").contains("no Delta table"), report::toString);
    assertEquals(1, DeltaLens.open(bucket + "/good").toTable().rowCount());
  }

  @Test
  void theServersWebhookFeedsTheEventListener() throws Exception {
    // the server sends a test event when it starts, so the listener starts first, told the server's address
    int port = freePort();
    String endpoint = "http://127.0.0.1:" + freePort();
    List<String> command = new ArrayList<>(List.of(
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
        "-cp", System.getProperty("java.class.path"), "io.deltalens.cli.Main", "ingest", "events",
        "--listen", "127.0.0.1:" + port, "--create-if-absent"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(work.resolve("listener.log").toFile());
    builder.environment().putAll(Map.of("AWS_ENDPOINT_URL", endpoint, "AWS_ACCESS_KEY_ID", S3Server.ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY", S3Server.SECRET_KEY, "AWS_REGION", "us-east-1"));
    Process listener = builder.start();
    S3Server s3 = null;
    try {
      waitFor(() -> Files.readString(work.resolve("listener.log")).contains("listening"), "the listener");
      s3 = S3Server.start(Map.of("VGW_EVENT_WEBHOOK_URL", "http://127.0.0.1:" + port + "/"), endpoint);
      S3Server server = s3;
      String bucket = s3.bucket();
      for (int i = 0; i < 5; i++) {
        s3.put(ParquetFiles.ids(work.resolve("w" + i + ".parquet"), i), bucket + "/web/day=2024-06-0" + (i % 2 + 1)
            + "/w" + i + ".parquet");
      }
      String table = bucket + "/web";
      waitFor(() -> DeltaLens.exists(table, server.options())
          && DeltaLens.open(table, server.options()).toTable().rowCount() == 5, "five rows in " + table);
      s3Client(s3).deleteObject(b -> b.bucket(URI.create(bucket).getHost()).key("web/day=2024-06-01/w0.parquet"));
      waitFor(() -> DeltaLens.open(table, server.options()).toTable().rowCount() == 4, "the deleted file removed");
    } finally {
      listener.destroy();
      listener.waitFor(10, TimeUnit.SECONDS);
      if (s3 != null) {
        s3.stop();
      }
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return free.getLocalPort();
    }
  }

  private interface Check {
    boolean ok() throws Exception;
  }

  private void waitFor(Check check, String what) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!passes(check)) {
      if (System.nanoTime() > until) {
        throw new AssertionError("timed out waiting for " + what + "; listener said:\n"
            + Files.readString(work.resolve("listener.log")));
      }
      Thread.sleep(200);
    }
  }

  /** A table read between an object's deletion and the commit that removes it fails: not yet. */
  private static boolean passes(Check check) throws Exception {
    try {
      return check.ok();
    } catch (DeltaLensException notYet) {
      return false;
    }
  }

  private static software.amazon.awssdk.services.s3.S3Client s3Client(S3Server s3) {
    return software.amazon.awssdk.services.s3.S3Client.builder()
        .endpointOverride(URI.create(s3.endpoint)).region(software.amazon.awssdk.regions.Region.US_EAST_1)
        .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(S3Server.ACCESS_KEY,
                S3Server.SECRET_KEY)))
        .forcePathStyle(true).build();
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
