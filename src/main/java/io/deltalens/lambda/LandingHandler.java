package io.deltalens.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltalens.DeltaLens;
import io.deltalens.Landing;
import io.deltalens.LandingReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Landing ingest as an AWS Lambda function ({@code io.deltalens.lambda.LandingHandler::handleRequest}):
 * takes S3 event notifications, directly from S3 or through SQS, SNS or EventBridge, and commits each
 * table's objects once. Configured by environment variables:
 * <ul>
 *   <li>{@code DELTALENS_TABLE}: the table (default: each object's table is inferred from its key, the
 *       path above its first {@code k=v} folder, else its folder);
 *   <li>{@code DELTALENS_CREATE_IF_ABSENT=true}, {@code DELTALENS_SCHEMA_POLICY=reject|merge},
 *       {@code DELTALENS_PARTITION_TYPES="day date"}, {@code DELTALENS_APP_ID};
 *   <li>{@code DELTALENS_CHECKPOINTS=handler}: write a due checkpoint inside an invocation that has more
 *       than a minute left. By default the handler never does: a scheduled EventBridge rule invoking it
 *       (a {@code Scheduled Event}) writes the due checkpoints of the tables it knows, off the ingest path.
 * </ul>
 * The answer is SQS's partial batch response, {@code {"batchItemFailures":[{"itemIdentifier":...}]}}: only
 * the messages of a table that failed come back. Tables and their file sets stay loaded while the
 * function is warm.
 */
public final class LandingHandler implements RequestStreamHandler {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Landing landing;
  private final boolean checkpoints;

  public LandingHandler() {
    this(System.getenv());
  }

  /** A handler configured by these variables instead of the environment's. */
  public LandingHandler(Map<String, String> env) {
    String table = env.get("DELTALENS_TABLE");
    Landing configured = table == null || table.isBlank() ? DeltaLens.landing() : DeltaLens.landing(table);
    if (Boolean.parseBoolean(env.getOrDefault("DELTALENS_CREATE_IF_ABSENT", "false"))) {
      configured.createIfAbsent();
    }
    if ("merge".equalsIgnoreCase(env.get("DELTALENS_SCHEMA_POLICY"))) {
      configured.mergeSchema();
    }
    if (env.get("DELTALENS_PARTITION_TYPES") != null) {
      configured.partitionTypes(env.get("DELTALENS_PARTITION_TYPES"));
    }
    if (env.get("DELTALENS_APP_ID") != null) {
      configured.appId(env.get("DELTALENS_APP_ID"));
    }
    this.landing = configured;
    this.checkpoints = "handler".equalsIgnoreCase(env.get("DELTALENS_CHECKPOINTS"));
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
    boolean checkpoint = checkpoints && context.getRemainingTimeInMillis() > 60_000;
    LandingReport report = landing.handleEvents(event, checkpoint);
    context.getLogger().log(report.toString());
    ObjectNode answer = JSON.createObjectNode();
    var failures = answer.putArray("batchItemFailures");
    report.failedMessageIds().forEach(id -> failures.addObject().put("itemIdentifier", id));
    output.write(JSON.writeValueAsBytes(answer));
  }
}
