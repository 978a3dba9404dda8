package io.deltalens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Looks at a table on disk the way a test must: raw log files and every byte of the folder. */
public final class TableFiles {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TableFiles() {}

  /** Every file under {@code dir} with the SHA-256 of its bytes: equal maps mean an untouched table. */
  public static Map<String, String> fingerprint(Path dir) {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
        files.put(dir.relativize(file).toString(), HexFormat.of().formatHex(digest));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return files;
  }

  /** The actions of commit {@code version}, one JSON object each. */
  public static List<JsonNode> actions(Path table, long version) {
    Path commit = table.resolve("_delta_log").resolve(String.format("%020d.json", version));
    List<JsonNode> actions = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(commit)) {
        if (!line.isBlank()) {
          actions.add(JSON.readTree(line));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return actions;
  }

  /** The add actions of commit {@code version}. */
  public static List<JsonNode> adds(Path table, long version) {
    return actions(table, version).stream().filter(a -> a.has("add")).map(a -> a.get("add")).toList();
  }

  /** The metaData action of commit {@code version}. */
  public static JsonNode metadata(Path table, long version) {
    return actions(table, version).stream().filter(a -> a.has("metaData")).map(a -> a.get("metaData"))
        .findFirst().orElseThrow(() -> new AssertionError("no metaData in commit " + version));
  }

  /** The field {@code name} of a metaData action's schema. */
  public static JsonNode field(JsonNode metadata, String name) {
    try {
      for (JsonNode field : JSON.readTree(metadata.get("schemaString").asText()).get("fields")) {
        if (field.get("name").asText().equals(name)) {
          return field;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new AssertionError("no field " + name + " in " + metadata);
  }

  /** The parsed stats of an add action. */
  public static JsonNode stats(JsonNode add) {
    try {
      return JSON.readTree(add.get("stats").asText());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
