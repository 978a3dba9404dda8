package io.deltalens;

import static io.deltalens.S3EventJson.message;
import static io.deltalens.S3EventJson.s3Event;
import static io.deltalens.S3EventJson.sqs;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Lambda handler run as Lambda runs it: on the deployment package's class path (without Tablesaw,
 * XChart and picocli), through AWS's runtime interface client for Java under the runtime interface emulator
 * ({@code bin/lambda-rie}), invoked over the emulator's HTTP API with an SQS batch of S3
 * events. The answer is SQS's partial batch response: only the failing table's message comes back, and
 * the same batch again commits nothing.
 */
class LambdaRuntimeTest {
  @TempDir Path work;

  @Test
  void theHandlerUnderTheLambdaRuntimeCommitsAndReportsPartialBatchFailures() throws Exception {
    S3Server s3 = S3Server.shared();
    String bucket = s3.bucket();
    String name = URI.create(bucket).getHost();
    s3.put(ParquetFiles.ids(work.resolve("a.parquet"), 1, 2), bucket + "/orders/day=2024-03-01/a.parquet");
    s3.put(ParquetFiles.ids(work.resolve("b.parquet"), 3), bucket + "/orders/day=2024-03-02/b.parquet");
    Files.writeString(work.resolve("bad.parquet"), "not parquet at all");
    s3.put(work.resolve("bad.parquet"), bucket + "/broken/x.parquet");
    String batch = sqs(message("orders-1", s3Event(name, "ObjectCreated:Put",
            List.of("orders/day=2024-03-01/a.parquet", "orders/day=2024-03-02/b.parquet"))),
        message("broken-1", s3Event(name, "ObjectCreated:Put", List.of("broken/x.parquet"))));

    int port;
    try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    ProcessBuilder rie = new ProcessBuilder(emulator(), "--log-level", "error",
        "--runtime-interface-emulator-address", "127.0.0.1:" + port,
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
        "-cp", lambdaClassPath(),
        "com.amazonaws.services.lambda.runtime.api.client.AWSLambda",
        "io.deltalens.lambda.LandingHandler::handleRequest")
        .redirectErrorStream(true).redirectOutput(work.resolve("lambda.log").toFile());
    rie.environment().putAll(s3.environment());
    rie.environment().put("DELTALENS_CREATE_IF_ABSENT", "true");
    Process lambda = rie.start();
    try {
      JsonNode first = invoke(port, batch);
      assertEquals("broken-1", first.path("batchItemFailures").path(0).path("itemIdentifier").asText(),
          first + "\n" + log());
      assertEquals(1, first.path("batchItemFailures").size());
      DeltaTable orders = DeltaLens.open(bucket + "/orders", s3.options());
      assertEquals(List.of(1L, 2L, 3L), orders.toTable().sortOn("id").longColumn("id").asList());
      assertEquals(List.of("day"), orders.partitionColumns());

      JsonNode again = invoke(port, batch); // SQS delivers the batch again: the orders are there already
      assertEquals(1, again.path("batchItemFailures").size(), again::toString);
      assertEquals(0, DeltaLens.open(bucket + "/orders", s3.options()).version(),
          "created with the orders in one commit, and no second");
    } finally {
      lambda.destroy();
      lambda.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /**
   * What the function has under Lambda: deltalens' classes and the deployment package's libraries
   * ({@code target/lambda/lib}, which {@code bin/lambda-package} zips), plus the runtime's own client.
   */
  private static String lambdaClassPath() {
    List<String> path = new java.util.ArrayList<>(List.of("target/classes", "target/lambda/lib/*"));
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entry.contains("aws-lambda-java-runtime-interface-client") || entry.contains("aws-lambda-java-serialization")
          || entry.contains("utils-lite")) {
        path.add(entry);
      }
    }
    return String.join(File.pathSeparator, path);
  }

  private String log() throws Exception {
    return Files.readString(work.resolve("lambda.log"));
  }

  /** Invokes the function through the emulator (retrying while it starts). */
  private JsonNode invoke(int port, String event) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + "/2015-03-31/functions/function/invocations"))
        .timeout(Duration.ofSeconds(120)).POST(HttpRequest.BodyPublishers.ofString(event)).build();
    for (int attempt = 0; ; attempt++) {
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new ObjectMapper().readTree(response.body());
      } catch (java.net.ConnectException notYet) {
        if (attempt == 100) {
          throw new AssertionError("the emulator did not answer: " + log(), notYet);
        }
        Thread.sleep(100);
      }
    }
  }

  private static String emulator() throws Exception {
    Process which = new ProcessBuilder("bin/lambda-rie").redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String path = new String(which.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (which.waitFor() != 0) {
      throw new IllegalStateException("bin/lambda-rie could not install the Lambda runtime interface emulator");
    }
    return path;
  }
}
