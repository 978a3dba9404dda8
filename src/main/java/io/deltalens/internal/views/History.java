package io.deltalens.internal.views;

import com.fasterxml.jackson.databind.JsonNode;
import io.deltalens.internal.read.LogFiles;
import io.deltalens.internal.read.Stats;
import io.deltalens.internal.read.Versions;
import io.deltalens.internal.storage.Location;
import io.deltalens.internal.storage.Storage;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * One row per version, as Spark's DESCRIBE HISTORY: version, timestamp, operation and its parameters,
 * files added and removed, rows added (rewritten rows not counted), the engine that wrote it and the operation's metrics. The timestamp is the in-commit
 * timestamp where the table has them, else the commit file's modification time (what time travel uses).
 */
public final class History {
  private History() {}

  public static Table of(Location table) {
    Versions.latest(table); // a clear error when it is no table
    LongColumn version = LongColumn.create("version");
    InstantColumn timestamp = InstantColumn.create("timestamp");
    StringColumn operation = StringColumn.create("operation");
    StringColumn parameters = StringColumn.create("parameters");
    IntColumn filesAdded = IntColumn.create("filesAdded");
    IntColumn filesRemoved = IntColumn.create("filesRemoved");
    LongColumn rowsAdded = LongColumn.create("rowsAdded");
    StringColumn engine = StringColumn.create("engine");
    StringColumn metrics = StringColumn.create("metrics");
    TreeMap<Long, Storage.Entry> commits = LogFiles.commits(table);
    for (Map.Entry<Long, Storage.Entry> commit : commits.descendingMap().entrySet()) {
      List<JsonNode> actions = LogFiles.actions(table, commit.getKey());
      JsonNode info = actions.stream().filter(a -> a.has("commitInfo")).map(a -> a.get("commitInfo"))
          .findFirst().orElse(LogFiles.JSON.createObjectNode());
      version.append(commit.getKey());
      timestamp.append(LogFiles.commitTime(actions, commit.getValue()));
      operation.append(info.path("operation").asText(""));
      parameters.append(info.has("operationParameters") ? info.get("operationParameters").toString() : "");
      filesAdded.append((int) actions.stream().filter(a -> a.has("add")).count());
      filesRemoved.append((int) actions.stream().filter(a -> a.has("remove")).count());
      // a rewrite's adds (dataChange false: a compaction) hold rows the table had already
      rowsAdded.append(actions.stream().filter(a -> a.has("add") && a.get("add").path("dataChange").asBoolean(true))
          .mapToLong(a -> Stats.numRecords(a.get("add").path("stats").asText(null))).sum());
      engine.append(info.path("engineInfo").asText(""));
      metrics.append(info.has("operationMetrics") ? info.get("operationMetrics").toString() : "");
    }
    String name = "history of " + table.name();
    if (!commits.isEmpty() && commits.firstKey() > 0) {
      name += " (commits before version " + commits.firstKey() + " were cleaned up after a checkpoint)";
    }
    return Table.create(name, version, timestamp, operation, parameters, filesAdded, filesRemoved,
        rowsAdded, engine, metrics);
  }

}
