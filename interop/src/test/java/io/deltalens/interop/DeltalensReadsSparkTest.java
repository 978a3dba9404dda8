package io.deltalens.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deltalens reads what Spark writes: every version equals Spark's VERSION AS OF; checkpoints of every kind. */
class DeltalensReadsSparkTest extends SparkTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;


  void sql(String statement, Path table) {
    spark.sql(statement.replace("{t}", "delta.`" + table + "`"));
  }

  /** Rows as sorted "id|name" strings: a multiset to compare. */
  static List<String> sparkRows(Path table, long version) {
    List<String> rows = new ArrayList<>();
    for (Row row : spark.read().format("delta").option("versionAsOf", version).load(table.toString())
        .select("id", "name").collectAsList()) {
      rows.add(row.get(0) + "|" + row.get(1));
    }
    rows.sort(null);
    return rows;
  }

  @Test
  void aHistoryOfEveryOperationReadsBackAtEveryVersion() throws Exception {
    Path table = dir.resolve("ops");
    spark.conf().set("spark.databricks.delta.checkpoint.partSize", "3"); // multi-part checkpoints
    try {
      sql("CREATE TABLE {t} (id BIGINT, name STRING) USING delta TBLPROPERTIES "
          + "('delta.enableDeletionVectors' = 'true', 'delta.checkpointInterval' = '4')", table);
      sql("INSERT INTO {t} SELECT id, concat('n', id) FROM range(0, 20)", table);
      sql("INSERT INTO {t} SELECT id, concat('n', id) FROM range(20, 30)", table);
      sql("DELETE FROM {t} WHERE id % 5 = 0", table);                       // deletion vectors
      sql("UPDATE {t} SET name = 'updated' WHERE id < 8", table);
      sql("MERGE INTO {t} t USING (SELECT id, 'merged' AS name FROM range(25, 35)) s ON t.id = s.id "
          + "WHEN MATCHED THEN UPDATE SET name = s.name WHEN NOT MATCHED THEN INSERT *", table);
      sql("ALTER TABLE {t} ADD COLUMNS (extra INT)", table);
      sql("OPTIMIZE {t}", table);
      sql("INSERT OVERWRITE {t} SELECT id, concat('o', id), 1 FROM range(100, 105)", table);
      sql("INSERT INTO {t} SELECT id, null, null FROM range(200, 203)", table);
    } finally {
      spark.conf().unset("spark.databricks.delta.checkpoint.partSize");
    }
    long latest = spark.sql("DESCRIBE HISTORY delta.`" + table + "`").count() - 1;
    for (long v = 0; v <= latest; v++) {
      assertEquals(sparkRows(table, v), Deltalens.rows(table, v, "id", "name"), "version " + v);
    }
    String checkpoints = Deltalens.ok("checkpoints", table.toString(), "--format", "json");
    assertTrue(checkpoints.contains("\"kind\":\"multi-part\""), checkpoints);
    viewsMatchSpark(table, latest);
  }

  @Test
  void copyOnWriteDeletesColumnMappingRenamesAndVacuum() throws Exception {
    Path table = dir.resolve("cow");
    sql("CREATE TABLE {t} (id BIGINT, name STRING) USING delta TBLPROPERTIES "
        + "('delta.columnMapping.mode' = 'name', 'delta.enableDeletionVectors' = 'false')", table);
    sql("INSERT INTO {t} SELECT id, concat('n', id) FROM range(0, 10)", table);
    sql("DELETE FROM {t} WHERE id % 3 = 0", table);                          // rewrites files, no DVs
    sql("ALTER TABLE {t} RENAME COLUMN name TO label", table);
    sql("INSERT INTO {t} SELECT id, concat('l', id) FROM range(10, 13)", table);
    sql("UPDATE {t} SET label = 'u' WHERE id = 11", table);
    spark.conf().set("spark.databricks.delta.retentionDurationCheck.enabled", "false");
    try {
      sql("VACUUM {t} RETAIN 0 HOURS", table);    // removes the files only old versions need
    } finally {
      spark.conf().unset("spark.databricks.delta.retentionDurationCheck.enabled");
    }
    long latest = spark.sql("DESCRIBE HISTORY delta.`" + table + "`").count() - 1;
    int vacuumed = 0;
    for (long v = 0; v <= latest; v++) {
      List<String> expected;
      String[] columns;
      try {
        var rows = spark.read().format("delta").option("versionAsOf", v).load(table.toString());
        columns = rows.columns();
        expected = rows.collectAsList().stream().map(r -> r.mkString("|")).sorted().toList();
      } catch (Exception sparkFails) {
        // the version's files are vacuumed: deltalens fails too, naming a missing file, never half-reads
        Deltalens.Run run = Deltalens.run("read", table.toString(), "--version", String.valueOf(v));
        assertEquals(1, run.exit(), "version " + v + " after vacuum: " + run.out());
        assertTrue(run.err().contains(".parquet"), "names the missing file: " + run.err());
        vacuumed++;
        continue;
      }
      assertEquals(expected, Deltalens.rows(table, v, columns), "version " + v);
    }
    assertTrue(vacuumed > 0, "vacuum made some old versions unreadable");
    viewsMatchSpark(table, latest);
  }

  /** deltalens' history equals DESCRIBE HISTORY, and its describe equals DESCRIBE DETAIL's counts. */
  static void viewsMatchSpark(Path table, long latest) throws Exception {
    List<String> sparkHistory = new ArrayList<>();
    for (Row row : spark.sql("DESCRIBE HISTORY delta.`" + table + "`")
        .selectExpr("version", "operation", "unix_millis(timestamp)").collectAsList()) {
      sparkHistory.add(row.get(0) + " " + row.get(1) + " " + row.get(2));
    }
    List<String> ours = new ArrayList<>();
    for (String line : Deltalens.ok("history", table.toString(), "--format", "json").lines().toList()) {
      JsonNode row = JSON.readTree(line);
      ours.add(row.get("version").asLong() + " " + row.get("operation").asText() + " "
          + java.time.Instant.parse(row.get("timestamp").asText()).toEpochMilli());
    }
    assertEquals(sparkHistory, ours, "history vs DESCRIBE HISTORY");
    assertEquals(latest + 1, ours.size());

    Row detail = spark.sql("DESCRIBE DETAIL delta.`" + table + "`").selectExpr("numFiles", "sizeInBytes").first();
    java.util.Map<String, String> describe = new java.util.HashMap<>();
    for (String line : Deltalens.ok("describe", table.toString(), "--format", "json").lines().toList()) {
      JsonNode row = JSON.readTree(line);
      describe.put(row.get("section").asText() + "." + row.get("name").asText(), row.get("value").asText());
    }
    assertEquals(String.valueOf(detail.getLong(0)), describe.get("size.files"), "numFiles");
    assertEquals(String.valueOf(detail.getLong(1)), describe.get("size.bytes"), "sizeInBytes");
  }

  @Test
  void aV2CheckpointHoldsTheLiveFiles() throws Exception {
    Path table = dir.resolve("v2");
    sql("CREATE TABLE {t} (id BIGINT, name STRING) USING delta TBLPROPERTIES "
        + "('delta.checkpointPolicy' = 'v2', 'delta.checkpointInterval' = '2')", table);
    for (int i = 0; i < 4; i++) {
      sql("INSERT INTO {t} SELECT id, concat('n', id) FROM range(" + (i * 10) + ", " + (i * 10 + 5) + ")", table);
    }
    JsonNode newest = null;
    for (String line : Deltalens.ok("checkpoints", table.toString(), "--format", "json").lines().toList()) {
      newest = JSON.readTree(line);
    }
    assertEquals("v2", newest.get("kind").asText());
    try (var sidecars = java.nio.file.Files.list(table.resolve("_delta_log/_sidecars"))) {
      assertTrue(sidecars.findAny().isPresent(), "Spark wrote its v2 checkpoint's file actions to sidecars");
    }
    long version = newest.get("version").asLong();
    Set<String> inCheckpoint = new TreeSet<>();
    for (String line : Deltalens.ok("show-checkpoint", table.toString(), "--format", "json").lines().toList()) {
      JsonNode row = JSON.readTree(line);
      if (row.hasNonNull("add.path")) {
        inCheckpoint.add(Paths.get(row.get("add.path").asText()).getFileName().toString());
      }
    }
    Set<String> live = new TreeSet<>();
    Arrays.stream(spark.read().format("delta").option("versionAsOf", version).load(table.toString()).inputFiles())
        .forEach(f -> live.add(Paths.get(java.net.URI.create(f)).getFileName().toString()));
    assertEquals(live, inCheckpoint);
    assertEquals(sparkRows(table, 4), Deltalens.rows(table, 4, "id", "name"));
    viewsMatchSpark(table, 4);
  }
}
