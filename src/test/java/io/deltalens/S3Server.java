package io.deltalens;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server for the tests: versitygw, installed and started by {@code bin/versitygw} on a
 * free loopback port over a temporary folder, stopped when the JVM ends.
 */
public final class S3Server {
  static final String ACCESS_KEY = "deltalens-test";
  static final String SECRET_KEY = "deltalens-test-secret";
  private static S3Server shared;
  private static final AtomicInteger BUCKETS = new AtomicInteger();

  final String endpoint;
  private final Path root;
  private final S3Client client;
  private final Map<String, String> settings;
  private ProcessHandle process;

  private S3Server(Path root, Map<String, String> settings, String endpoint)
      throws IOException, InterruptedException {
    this.root = root;
    this.settings = settings;
    this.endpoint = launch(endpoint);
    try {
      this.client = S3Client.builder().endpointOverride(URI.create(this.endpoint)).region(Region.US_EAST_1)
          .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
          .forcePathStyle(true).build();
    } catch (RuntimeException e) { // the shutdown hook is not registered yet: do not leave the server running
      stop();
      throw e;
    }
  }

  /** The server of this test JVM, started at first use. */
  public static synchronized S3Server shared() throws IOException, InterruptedException {
    if (shared == null) {
      shared = start();
    }
    return shared;
  }

  /** A server of its own, for a test that stops it; gone at JVM exit. */
  static S3Server start() throws IOException, InterruptedException {
    return start(Map.of(), null);
  }

  /**
   * A server of its own with versitygw {@code settings} (its {@code VGW_*} environment variables, such as
   * {@code VGW_EVENT_WEBHOOK_URL}), on {@code endpoint}'s port when given; gone at JVM exit.
   */
  static S3Server start(Map<String, String> settings, String endpoint) throws IOException, InterruptedException {
    S3Server server = new S3Server(Files.createTempDirectory("deltalens-s3"), settings, endpoint);
    Runtime.getRuntime().addShutdownHook(new Thread(server::remove));
    return server;
  }

  /** Starts the server (on {@code endpoint}'s port when given); returns its endpoint. */
  private String launch(String endpoint) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("bin/versitygw", "start", root.toString()));
    if (endpoint != null) {
      command.add(endpoint.substring(endpoint.lastIndexOf(':') + 1));
    }
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    builder.environment().put("ROOT_ACCESS_KEY", ACCESS_KEY);
    builder.environment().put("ROOT_SECRET_KEY", SECRET_KEY);
    builder.environment().putAll(settings);
    Process start = builder.start();
    String[] started = new String(start.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip().split(" ");
    if (start.waitFor() != 0 || started.length != 2) {
      throw new IOException("bin/versitygw could not start the S3 test server");
    }
    process = ProcessHandle.of(Long.parseLong(started[1])).orElseThrow();
    return started[0];
  }

  /** A new empty bucket; returns its s3:// URI. */
  public String bucket() {
    String name = "deltalens-" + ProcessHandle.current().pid() + "-" + BUCKETS.incrementAndGet();
    client.createBucket(b -> b.bucket(name));
    return "s3://" + name;
  }

  /** Uploads {@code file} to an s3:// location. */
  public void put(Path file, String location) {
    URI uri = URI.create(location.replace(" ", "%20"));
    client.putObject(b -> b.bucket(uri.getHost()).key(uri.getPath().substring(1)),
        software.amazon.awssdk.core.sync.RequestBody.fromFile(file));
  }

  /** The keys of every object under an s3:// location, relative to it, sorted. */
  public java.util.List<String> keys(String location) {
    URI uri = URI.create(location);
    String prefix = uri.getPath().substring(1) + "/";
    return client.listObjectsV2Paginator(b -> b.bucket(uri.getHost()).prefix(prefix)).contents().stream()
        .map(o -> o.key().substring(prefix.length())).sorted().toList();
  }

  /** How many multipart uploads into {@code bucket} (an s3:// URI) were begun and neither completed nor aborted. */
  public int uploadsInProgress(String bucket) {
    return client.listMultipartUploads(b -> b.bucket(URI.create(bucket).getHost())).uploads().size();
  }

  /** Storage options for a table on this server, as a user gives them. */
  public Map<String, String> options() {
    return Map.of("AWS_ENDPOINT_URL", endpoint, "AWS_ACCESS_KEY_ID", ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY", SECRET_KEY);
  }

  /** The same as environment variables, for writer processes (the way the AWS tools and delta-rs take them). */
  Map<String, String> environment() {
    return Map.of("AWS_ENDPOINT_URL", endpoint, "AWS_ACCESS_KEY_ID", ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY", SECRET_KEY, "AWS_REGION", "us-east-1");
  }

  /** Stops the server, its buckets kept: a server going away under a writer. */
  void stop() {
    process.destroy();
    try {
      process.onExit().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      process.destroyForcibly();
    }
  }

  /** Starts the stopped server again, on the same port with the same buckets. */
  void restart() throws IOException, InterruptedException {
    launch(endpoint);
  }

  private void remove() {
    stop();
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a temporary folder: the system cleans it up
    }
  }
}
