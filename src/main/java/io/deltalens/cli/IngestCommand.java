package io.deltalens.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.deltalens.DeltaLens;
import io.deltalens.DeltaLensException;
import io.deltalens.KafkaIngest;
import io.deltalens.KafkaReport;
import io.deltalens.Landing;
import io.deltalens.LandingReport;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "ingest", description = "Turn a feed into table appends.",
    subcommands = {IngestCommand.Events.class, IngestCommand.Kafka.class})
final class IngestCommand {

  @Command(name = "events",
      description = "S3 event notifications (S3's JSON, or SQS-, SNS- or EventBridge-wrapped) become table"
          + " additions and removals, one commit per table: from files, or POSTed to --listen (a bucket's"
          + " webhook). The same events again change nothing.")
  static final class Events implements Runnable {
    @Parameters(arity = "0..*", paramLabel = "<event.json>",
        description = "Files of one event JSON document each ('-': standard input).")
    List<String> files = List.of();

    @Option(names = "--table", paramLabel = "<table>",
        description = "The table the objects belong to (default: inferred from each key, the path above its"
            + " first k=v folder, else its folder).")
    String table;

    @Option(names = "--listen", paramLabel = "<host:port>",
        description = "Serve POSTs of event JSON on this address until stopped; answers 200, or 500 (so the"
            + " sender delivers again) when a table's batch failed.")
    String listen;

    @Option(names = "--checkpoints", description = "Write due checkpoints after each batch (default: not, a"
        + " schedule does: 'deltalens checkpoint', or the Lambda handler's scheduled event).")
    boolean checkpoints;

    @Mixin
    LandingOptions options;

    @Mixin
    CommonOptions common;

    @Override
    public void run() {
      Output out = common.output();
      Landing landing = options.landing(table, out);
      if (listen != null) {
        serve(landing, out);
        return;
      }
      if (files.isEmpty()) {
        throw new DeltaLensException("name event files (or '-' for standard input), or --listen host:port");
      }
      boolean failed = false;
      for (String file : files) {
        LandingReport report = landing.handleEvents(read(file), checkpoints);
        LandingOptions.print(out, report, false);
        failed |= !report.ok();
      }
      if (failed) {
        throw new DeltaLensException("some tables' batches failed (said above); nothing was committed to them");
      }
    }

    private static String read(String file) {
      try (InputStream in = file.equals("-") ? System.in : Files.newInputStream(Path.of(file))) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new DeltaLensException("cannot read events from " + file + ": " + e.getMessage(), e);
      }
    }

    /** One batch at a time (a table's file set is kept between them), until the process is stopped. */
    private void serve(Landing landing, Output out) {
      int colon = listen.lastIndexOf(':');
      HttpServer server;
      try {
        server = HttpServer.create(new InetSocketAddress(listen.substring(0, colon),
            Integer.parseInt(listen.substring(colon + 1))), 16);
      } catch (IOException | RuntimeException e) {
        throw new DeltaLensException("cannot listen on " + listen + ": " + e.getMessage(), e);
      }
      server.setExecutor(Executors.newSingleThreadExecutor());
      server.createContext("/", exchange -> answer(exchange, landing, out));
      server.start();
      System.err.println("listening for S3 events on http://" + listen + "/");
      try {
        new CountDownLatch(1).await();
      } catch (InterruptedException e) {
        server.stop(0);
      }
    }

    private void answer(HttpExchange exchange, Landing landing, Output out) throws IOException {
      int status;
      String body;
      try (InputStream in = exchange.getRequestBody()) {
        LandingReport report = landing.handleEvents(new String(in.readAllBytes(), StandardCharsets.UTF_8),
            checkpoints);
        synchronized (System.out) {
          LandingOptions.print(out, report, true);
          System.out.flush();
        }
        status = report.ok() ? 200 : 500;
        body = report.toString();
      } catch (RuntimeException e) { // a bad event (400) or a failure outside any table's batch (500)
        System.err.println("error: " + e.getMessage());
        status = e instanceof DeltaLensException ? 400 : 500;
        body = String.valueOf(e.getMessage());
      }
      byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    }
  }

  @Command(name = "kafka",
      description = "Kafka messages become table appends, exactly once: one commit per partition's batch, its last"
          + " offset kept in the table (a txn per partition). Workers of one --group share the partitions."
          + " SIGTERM (Ctrl-C) commits what is held, then stops. --format json prints the metrics (counts, lag per"
          + " partition, messages/s) as a JSON line every 2 s, then the report.")
  static final class Kafka implements Runnable {
    @Option(names = "--bootstrap", paramLabel = "<host:port>", description = "The brokers.")
    String bootstrap;

    @Option(names = "--topic", paramLabel = "<topic>", description = "A topic to read (repeatable).")
    List<String> topics = List.of();

    @Option(names = "--seek", paramLabel = "<topic:partition=offset>",
        description = "Instead of ingesting: make the ingest read a partition next from this offset, in a"
            + " transaction-only commit (repeatable; stop the workers first).")
    List<String> seeks = List.of();

    @Option(names = "--force", description = "With --seek: also backwards (the messages between are added again).")
    boolean force;

    @Option(names = "--table", paramLabel = "<table>",
        description = "Table folder or s3:// URI (with --route: the table of messages no route takes).")
    String table;

    @Option(names = "--route", paramLabel = "<selector=value:table>",
        description = "Messages whose field (or kafka.<property>) has the value go to that table: type=click:"
            + "/data/clicks (repeatable, the first match wins; quote a value with a colon: type='a:b':t). Each"
            + " table keeps its own offsets.")
    List<String> routes = List.of();

    @Option(names = "--group", paramLabel = "<group>",
        description = "Consumer group (default: one per table and app id, deltalens-<app-id>-<table folder>-<hash"
            + " of its location>).")
    String group;

    @Option(names = "--app-id", defaultValue = "deltalens", paramLabel = "<appId>",
        description = "Names the ingest's transactions: <app-id>-<topic>-<partition> (default ${DEFAULT-VALUE}).")
    String appId;

    @Option(names = "--payload", defaultValue = "json", paramLabel = "json|json-lines|raw|avro",
        description = "Payloads: one JSON object, one per line, raw bytes (for kafka.value), or Avro records"
            + " (--avro-schema); gzipped JSON is inflated.")
    String format;

    @Option(names = "--avro-schema", paramLabel = "<file.avsc>",
        description = "The record schema of --payload avro: bare binary datums or single-object encoding"
            + " (its fingerprint must match); also the columns of a table --create-if-absent creates.")
    String avroSchema;

    @Option(names = "--column", paramLabel = "<column = source>",
        description = "Where a column's values come from: a field path, kafka.topic|partition|offset|timestamp|key"
            + "|headers|value, to_date(field), to_timestamp(field) (repeatable; default: the field of its name).")
    List<String> columns = List.of();

    @Option(names = "--max-latency", defaultValue = "60s", paramLabel = "<duration>",
        converter = LandingOptions.DurationConverter.class,
        description = "Commit a partition's batch this long after its first message (default ${DEFAULT-VALUE}).")
    Duration maxLatency;

    @Option(names = "--max-rows", paramLabel = "<N>", description = "Commit a partition's batch at N rows.")
    Long maxRows;

    @Option(names = "--max-bytes", defaultValue = "128MiB", paramLabel = "<size>", converter = Sizes.class,
        description = "Bound what the worker holds: when its batches take about this much heap together, commit"
            + " the largest (default ${DEFAULT-VALUE}).")
    long maxBytes;

    @Option(names = "--dlq-table", paramLabel = "<table>",
        description = "Keep messages that cannot be rows here (raw bytes, error, topic, partition, offset) and go"
            + " on; without it the first such message stops the ingest, naming it.")
    String deadLetters;

    @Option(names = "--exit-at-end", description = "Stop once the topics are read to their end offsets, committed.")
    boolean exitAtEnd;

    @Option(names = "--create-if-absent",
        description = "Create the table from --schema (or the Avro schema) when there is none.")
    boolean createIfAbsent;

    @Option(names = "--schema", paramLabel = "<columns>",
        description = "Columns of a table --create-if-absent creates: \"id long not null, name string, ts timestamp\".")
    String schema;

    @Option(names = "--partition-by", split = ",", paramLabel = "<columns>",
        description = "Partition columns of a table --create-if-absent creates.")
    List<String> partitionBy = List.of();

    @Option(names = "--consumer", paramLabel = "<key=value>",
        description = "A Kafka consumer property (security, fetch sizes; repeatable).")
    Map<String, String> consumer = Map.of();

    @Mixin
    CommonOptions common;

    @Override
    public void run() {
      Output out = common.output();
      KafkaIngest ingest = (table == null ? DeltaLens.kafkaIngest() : DeltaLens.kafkaIngest(table)).appId(appId);
      routes.forEach(ingest::route);
      if (!seeks.isEmpty()) {
        seek(ingest);
        return;
      }
      if (bootstrap == null || topics.isEmpty()) {
        throw new DeltaLensException("ingest kafka needs --bootstrap host:port and --topic (or --seek)");
      }
      ingest.bootstrap(bootstrap).topic(topics.toArray(String[]::new)).format(format).maxLatency(maxLatency)
          .maxBytes(maxBytes).progress(out::progress);
      if (!out.isText()) { // --format json: the metrics as a JSON line every 2 s, then the report
        ingest.metrics(Kafka::printJson);
      }
      columns.forEach(ingest::column);
      consumer.forEach(ingest::consumerProperty);
      if (group != null) {
        ingest.group(group);
      }
      if (maxRows != null) {
        ingest.maxRows(maxRows);
      }
      if (deadLetters != null) {
        ingest.deadLetters(deadLetters);
      }
      if (exitAtEnd) {
        ingest.exitAtEnd();
      }
      if (avroSchema != null) {
        if (!format.equalsIgnoreCase("avro")) {
          throw new DeltaLensException("--avro-schema reads Avro payloads: add --payload avro");
        }
        ingest.avro(avroSchema);
      }
      if (createIfAbsent) {
        if (schema == null && avroSchema == null) {
          throw new DeltaLensException("--create-if-absent needs --schema \"id long, name string, ...\""
              + " (or --avro-schema for Avro payloads)");
        }
        (schema != null ? ingest.createIfAbsent(schema) : ingest.createIfAbsent())
            .partitionBy(partitionBy.toArray(String[]::new));
      }
      CountDownLatch done = new CountDownLatch(1);
      Thread hook = new Thread(() -> {
        ingest.stop();
        try {
          done.await(); // the JVM exits once what was held is committed
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      Runtime.getRuntime().addShutdownHook(hook);
      KafkaReport report;
      try {
        report = ingest.run();
      } finally {
        done.countDown();
      }
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // a signal stopped the run: the hook is running
      }
      if (out.isText()) {
        System.out.println(report);
      } else {
        printJson(report);
      }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
        new com.fasterxml.jackson.databind.ObjectMapper();

    private static void printJson(KafkaReport report) {
      try {
        synchronized (System.out) {
          System.out.println(JSON.writeValueAsString(report));
          System.out.flush();
        }
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }

    private void seek(KafkaIngest ingest) {
      for (String seek : seeks) {
        var m = java.util.regex.Pattern.compile("(.+):(\\d+)=(\\d+)").matcher(seek.trim());
        if (!m.matches()) {
          throw new DeltaLensException("--seek takes topic:partition=offset, e.g. events:0=1234; got '" + seek + "'");
        }
        Map<String, Long> versions = ingest.seek(m.group(1), Integer.parseInt(m.group(2)),
            Long.parseLong(m.group(3)), force);
        versions.forEach((t, version) -> System.out.println(m.group(1) + ":" + m.group(2) + " reads on from offset "
            + m.group(3) + " (version " + version + (versions.size() > 1 ? " of " + t : "") + ")"));
      }
    }
  }
}
