package io.deltalens.internal.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deltalens.DeltaLensException;
import io.deltalens.internal.engine.LogLines;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The files of a table's {@code _delta_log}, for views that show the log as it is written. */
public final class LogFiles {
  public static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern COMMIT = Pattern.compile("(\\d{20})\\.json");

  private LogFiles() {}

  public static Path log(Path table) {
    return table.resolve("_delta_log");
  }

  public static Path commit(Path table, long version) {
    return log(table).resolve(String.format("%020d.json", version));
  }

  /** The commit files present, by version. */
  public static TreeMap<Long, Path> commits(Path table) {
    TreeMap<Long, Path> commits = new TreeMap<>();
    for (Path file : list(log(table))) {
      Matcher m = COMMIT.matcher(file.getFileName().toString());
      if (m.matches()) {
        commits.put(Long.parseLong(m.group(1)), file);
      }
    }
    return commits;
  }

  public static List<Path> list(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The actions of a commit file, one JSON object per line. */
  public static List<JsonNode> actions(Path table, long version) {
    Path file = commit(table, version);
    if (!Files.exists(file)) {
      throw new DeltaLensException("the commit file of version " + version + " is gone: " + file
          + " (log cleanup keeps only commits after the last checkpoint)");
    }
    try {
      return LogLines.parse(file, LogLines.read(file));
    } catch (IOException e) {
      throw new DeltaLensException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** The action type of one log line: add, remove, metaData, protocol, commitInfo, txn, ... */
  public static String type(JsonNode action) {
    return action.fieldNames().hasNext() ? action.fieldNames().next() : "";
  }

  public static Optional<JsonNode> parse(String json) {
    if (json == null || json.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readTree(json));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
