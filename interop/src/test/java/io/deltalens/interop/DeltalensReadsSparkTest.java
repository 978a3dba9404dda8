package io.deltalens.interop;

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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  /** id → the JSON of column {@code v} as Spark's to_json writes it (JSON-compared, so key order does not matter). */
  static java.util.Map<Long, JsonNode> sparkJson(Path table) throws Exception {
    java.util.Map<Long, JsonNode> rows = new java.util.TreeMap<>();
    for (Row row : spark.sql("SELECT id, to_json(v) FROM delta.`" + table + "`").collectAsList()) {
      rows.put(row.getLong(0), row.isNullAt(1) ? null : JSON.readTree(row.getString(1)));
    }
    return rows;
  }

  static java.util.Map<Long, JsonNode> deltalensJson(Path table) throws Exception {
    java.util.Map<Long, JsonNode> rows = new java.util.TreeMap<>();
    for (String line : Deltalens.ok("read", table.toString(), "--format", "json").lines().toList()) {
      JsonNode row = JSON.readTree(line);
      rows.put(row.get("id").asLong(), row.get("v").isNull() ? null : JSON.readTree(row.get("v").asText()));
    }
    return rows;
  }

  static final String VARIANTS = "SELECT 1L AS id, parse_json('{\"a\": 1, \"b\": [true, null, \"x\"], "
      + "\"c\": {\"d\": 2.5, \"e\": \"é\"}}') AS v UNION ALL SELECT 2L, parse_json('\"text\"') "
      + "UNION ALL SELECT 3L, null UNION ALL SELECT 4L, parse_json('12345678901') "
      + "UNION ALL SELECT 5L, parse_json('{\"a\": \"not a number\", \"z\": [1, 2]}') "
      + "UNION ALL SELECT 6L, parse_json('[1.25, -3, {\"k\": null}]') "
      + "UNION ALL SELECT 7L, to_variant_object(named_struct('a', 7, 'day', DATE'2024-02-29'))";

  @Test
  void variantColumnsPlainAndShreddedReadAsSparkShowsThem() throws Exception {
    Path plain = dir.resolve("variant");
    sql("CREATE TABLE {t} (id BIGINT, v VARIANT) USING delta TBLPROPERTIES ('delta.checkpointInterval' = '2')",
        plain);
    sql("INSERT INTO {t} " + VARIANTS, plain);
    sql("INSERT INTO {t} SELECT 8L, parse_json('{\"late\": true}')", plain); // and a checkpoint
    assertEquals(sparkJson(plain), deltalensJson(plain));
    String describe = Deltalens.ok("describe", plain.toString(), "--format", "json");
    assertTrue(describe.contains("\"name\":\"v\",\"value\":\"variant"), describe);

    Path shredded = dir.resolve("shredded");
    sql("CREATE TABLE {t} (id BIGINT, v VARIANT) USING delta TBLPROPERTIES ('delta.enableVariantShredding' = 'true')",
        shredded);
    spark.conf().set("spark.sql.variant.writeShredding.enabled", "true");
    spark.conf().set("spark.sql.variant.allowReadingShredded", "true");
    spark.conf().set("spark.sql.variant.forceShreddingSchemaForTest", "a int, b array<boolean>, c struct<d double>");
    try {
      sql("INSERT INTO {t} " + VARIANTS, shredded);
    } finally {
      spark.conf().unset("spark.sql.variant.writeShredding.enabled");
      spark.conf().unset("spark.sql.variant.forceShreddingSchemaForTest");
    }
    try (var files = java.nio.file.Files.walk(shredded)) {
      // the footer's schema names the shredded column: Spark did shred
      assertTrue(files.filter(f -> f.toString().endsWith(".parquet")).anyMatch(f -> {
        try {
          return new String(java.nio.file.Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1)
              .contains("typed_value");
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }), "a shredded file");
    }
    assertEquals(sparkJson(shredded), deltalensJson(shredded), "shredded values put back together");
  }

  @Test
  void voidColumnsReadAsNulls() throws Exception {
    Path table = dir.resolve("void");
    sql("CREATE TABLE {t} USING delta AS SELECT id, NULL AS nothing, concat('n', id) AS name FROM range(0, 3)", table);
    String schema = spark.sql("DESCRIBE delta.`" + table + "`").collectAsList().toString();
    assertTrue(schema.contains("void"), "Spark made a void column: " + schema);
    assertEquals(List.of("0|null|n0", "1|null|n1", "2|null|n2"), Deltalens.rows(table, 0, "id", "nothing", "name"));
    String describe = Deltalens.ok("describe", table.toString(), "--format", "json");
    assertTrue(describe.contains("\"name\":\"nothing\",\"value\":\"void"), describe);
    Deltalens.Run append = Deltalens.run("append", table.toString(), dir.resolve("none.parquet").toString());
    assertEquals(1, append.exit());
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
