package io.deltalens.internal.views;

import com.fasterxml.jackson.databind.JsonNode;
import io.deltalens.internal.frame.Words;
import io.deltalens.internal.read.LogFiles;
import io.deltalens.internal.read.Stats;
import io.deltalens.internal.read.Versions;
import io.deltalens.internal.storage.Location;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** The raw actions of one commit as rows: action type, its key field, a short summary, and the JSON. */
public final class CommitView {
  private CommitView() {}

  public static Table of(Location table, long version) {
    Versions.at(table, version); // names the latest version when out of range
    StringColumn action = StringColumn.create("action");
    StringColumn key = StringColumn.create("key");
    StringColumn summary = StringColumn.create("summary");
    StringColumn json = StringColumn.create("json");
    for (JsonNode line : LogFiles.actions(table, version)) {
      String type = LogFiles.type(line);
      JsonNode body = line.get(type);
      action.append(type);
      key.append(key(type, body));
      summary.append(summary(type, body));
      json.append(line.toString());
    }
    return Table.create("commit " + version + " of " + table.name(), action, key, summary, json);
  }

  private static String key(String type, JsonNode body) {
    return switch (type) {
      case "add", "remove", "cdc" -> body.path("path").asText();
      case "metaData" -> body.path("id").asText();
      case "protocol" -> body.path("minReaderVersion").asText() + "/" + body.path("minWriterVersion").asText();
      case "commitInfo" -> body.path("operation").asText();
      case "txn" -> body.path("appId").asText() + ":" + body.path("version").asText();
      case "domainMetadata" -> body.path("domain").asText();
      case "checkpointMetadata" -> body.path("version").asText();
      case "sidecar" -> body.path("path").asText();
      default -> "";
    };
  }

  private static String summary(String type, JsonNode body) {
    return switch (type) {
      case "add" -> Words.count(body.path("size").asLong(), "byte") + ", "
          + Words.count(Stats.numRecords(body.path("stats").asText(null)), "row")
          + (body.path("partitionValues").isEmpty() ? "" : ", " + body.path("partitionValues"));
      case "remove" -> "deleted at " + time(body.path("deletionTimestamp"));
      case "metaData" -> "partitionColumns " + body.path("partitionColumns") + ", configuration "
          + body.path("configuration");
      case "protocol" -> "readerFeatures " + features(body.path("readerFeatures")) + ", writerFeatures "
          + features(body.path("writerFeatures"));
      case "commitInfo" -> body.path("engineInfo").asText() + " at "
          + time(body.has("inCommitTimestamp") ? body.path("inCommitTimestamp") : body.path("timestamp"));
      default -> "";
    };
  }

  /** Epoch milliseconds as an ISO instant. */
  private static String time(JsonNode millis) {
    return millis.isNumber() ? java.time.Instant.ofEpochMilli(millis.asLong()).toString() : millis.asText();
  }

  /** A protocol's list of features as written, or "none" where it names none (protocol 1/2 tables). */
  private static String features(JsonNode list) {
    return list.isArray() && !list.isEmpty() ? list.toString() : "none";
  }
}
