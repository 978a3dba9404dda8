package io.deltalens.internal.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deltalens.DeltaLensException;
import io.deltalens.internal.engine.Background;
import io.deltalens.internal.engine.LogLines;
import io.deltalens.internal.storage.Location;
import io.deltalens.internal.storage.Storage;
import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The files of a table's {@code _delta_log}, for views that show the log as it is written. */
public final class LogFiles {
  public static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern COMMIT = Pattern.compile("(\\d{20})\\.json");

  private LogFiles() {}

  public static Location log(Location table) {
    return table.resolve("_delta_log");
  }

  public static Location commit(Location table, long version) {
    return log(table).resolve(String.format("%020d.json", version));
  }

  /** The commit files present, by version. */
  public static TreeMap<Long, Storage.Entry> commits(Location table) {
    TreeMap<Long, Storage.Entry> commits = new TreeMap<>();
    for (Storage.Entry file : Storage.list(log(table))) {
      Matcher m = COMMIT.matcher(file.name());
      if (m.matches()) {
        commits.put(Long.parseLong(m.group(1)), file);
      }
    }
    return commits;
  }

  /**
   * The paths the commits still in the log, up to {@code version}, remove. Kernel's checkpoints keep only
   * the tombstones of the commits since the checkpoint before, so the commits are read, line by line: a blind
   * append (its commitInfo, the first line, says so) is left after that line, and only remove lines are parsed.
   * The log keeps commits (30 days by default) longer than a vacuum leaves removed files (7 days).
   */
  public static Set<String> removedPaths(Location table, long version) {
    List<Storage.Entry> commits = List.copyOf(commits(table).headMap(version, true).values());
    Set<String> paths = new HashSet<>();
    // objects are read 16 at a time (each a request); local files one after another
    Background.map(commits, table.isLocal() ? 1 : 16, LogFiles::removedPaths).forEach(paths::addAll);
    return paths;
  }

  private static List<String> removedPaths(Storage.Entry commit) {
    List<String> paths = new ArrayList<>();
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(Storage.open(commit.location()), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.startsWith("{\"commitInfo\"") && line.contains("\"isBlindAppend\":true")) {
          break;
        }
        if (line.startsWith("{\"remove\"")) {
          paths.add(JSON.readTree(line).get("remove").get("path").asText());
        }
      }
    } catch (FileNotFoundException | NoSuchFileException e) {
      // cleaned up since the listing: its files are older than any vacuum keeps
    } catch (IOException e) {
      throw new DeltaLensException("cannot read " + commit.location() + ": " + e.getMessage(), e);
    }
    return paths;
  }

  /**
   * The version a commit's txn action for {@code appId} sets, if it has one; only txn lines are parsed (a
   * commit of 10,000 adds costs a look at each line's start). Empty too when the commit is gone.
   */
  public static OptionalLong txnVersion(Location table, long version, String appId) {
    try {
      for (String line : LogLines.lines(Storage.readAll(commit(table, version)))) {
        if (line.startsWith("{\"txn\"")) {
          JsonNode txn = JSON.readTree(line).get("txn");
          if (appId.equals(txn.path("appId").asText())) {
            return OptionalLong.of(txn.path("version").asLong());
          }
        }
      }
      return OptionalLong.empty();
    } catch (FileNotFoundException | NoSuchFileException e) {
      return OptionalLong.empty();
    } catch (IOException e) {
      throw new DeltaLensException("cannot read " + commit(table, version) + ": " + e.getMessage(), e);
    }
  }

  /** The actions of a commit file, one JSON object per line. */
  public static List<JsonNode> actions(Location table, long version) {
    Location file = commit(table, version);
    List<String> lines;
    try {
      lines = LogLines.lines(Storage.readAll(file));
    } catch (FileNotFoundException | NoSuchFileException e) {
      throw new DeltaLensException("the commit file of version " + version + " is gone: " + file
          + " (log cleanup keeps only commits after the last checkpoint)");
    } catch (IOException e) {
      throw new DeltaLensException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return LogLines.parse(file, lines);
  }

  /**
   * When a commit was made, as the protocol defines it: its in-commit timestamp where the table keeps
   * them, else its commit file's modification time.
   */
  public static Instant commitTime(List<JsonNode> actions, Storage.Entry file) {
    return actions.stream().filter(a -> a.has("commitInfo")).map(a -> a.get("commitInfo"))
        .filter(info -> info.has("inCommitTimestamp")).findFirst()
        .map(info -> Instant.ofEpochMilli(info.get("inCommitTimestamp").asLong()))
        .orElse(Instant.ofEpochMilli(file.modificationTime()));
  }

  /** The action type of one log line: add, remove, metaData, protocol, commitInfo, txn, ... */
  public static String type(JsonNode action) {
    return action.fieldNames().hasNext() ? action.fieldNames().next() : "";
  }
}
