package io.deltalens.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.deltalens.DeltaLensException;
import io.deltalens.Landing;
import io.deltalens.LandingReport;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "ingest", description = "Turn a feed into table appends.",
    subcommands = {IngestCommand.Events.class})
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
}
