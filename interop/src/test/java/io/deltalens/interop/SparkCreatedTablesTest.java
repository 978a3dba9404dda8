package io.deltalens.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * deltalens appends to tables Spark created with the features a Databricks user gets. For each, the
 * append either lands correctly (Spark reads the table back with the new row, and the feature's rules
 * hold) or is refused with an error that names the feature, the table byte-for-byte untouched.
 * The outcome of each is written to target/support-matrix.md (the README's support matrix).
 */
class SparkCreatedTablesTest extends SparkTest {
  static Path work;
  static final List<String> MATRIX = new ArrayList<>();

  /**
   * A table feature: the DDL that creates it (with {@code %s} for the path), statements run after, the
   * query that makes the parquet to append, and — when deltalens must refuse — a word its error must hold.
   */
  record Feature(String name, String ddl, List<String> after, String input, String refusal) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Feature> features() {
    String plain = "CREATE TABLE delta.`%s` (id BIGINT, name STRING) USING delta";
    String row = "select 100L as id, 'ours' as name";
    return Stream.of(
        new Feature("partitioned", "CREATE TABLE delta.`%s` (id BIGINT, name STRING, day DATE) USING delta PARTITIONED BY (day)",
            List.of("INSERT INTO delta.`%s` VALUES (1, 'spark', date'2024-01-01')"),
            "select 100L as id, 'ours' as name, date'2024-01-02' as day", null),
        new Feature("appendOnly", plain + " TBLPROPERTIES ('delta.appendOnly' = 'true')",
            List.of("INSERT INTO delta.`%s` VALUES (1, 'spark')"), row, null),
        new Feature("CHECK constraints (comparisons, IN, IS NULL, AND/OR)", plain,
            List.of("INSERT INTO delta.`%s` VALUES (1, 'spark')",
                "ALTER TABLE delta.`%s` ADD CONSTRAINT positive CHECK (id > 0)",
                "ALTER TABLE delta.`%s` ADD CONSTRAINT known CHECK (name IN ('spark', 'ours') OR name IS NULL)"),
            row, null),
        new Feature("CHECK constraint with a function", plain,
            List.of("INSERT INTO delta.`%s` VALUES (1, 'spark')",
                "ALTER TABLE delta.`%s` ADD CONSTRAINT named CHECK (length(name) > 0)"), row, "check constraint 'named'"),
        new Feature("NOT NULL column", "CREATE TABLE delta.`%s` (id BIGINT NOT NULL, name STRING) USING delta",
            List.of("INSERT INTO delta.`%s` VALUES (1, 'spark')"), row, null),
        new Feature("generated columns (arithmetic, date of a timestamp, partitioned by it)",
            "CREATE TABLE delta.`%s` (id BIGINT, name STRING, at TIMESTAMP, twice BIGINT GENERATED ALWAYS AS "
            + "(id * 2), day DATE GENERATED ALWAYS AS (CAST(at AS DATE))) USING delta PARTITIONED BY (day)",
            List.of("INSERT INTO delta.`%s` (id, name, at) VALUES (1, 'spark', timestamp'2024-01-01 10:00:00')"),
            "select 100L as id, 'ours' as name, timestamp'2024-03-01 23:30:00' as at", null),
        new Feature("generated column with a function deltalens lacks",
            "CREATE TABLE delta.`%s` (id BIGINT, name STRING, loud STRING GENERATED ALWAYS AS (upper(name))) USING delta",
            List.of("INSERT INTO delta.`%s` (id, name) VALUES (1, 'spark')"), row, "generated column 'loud'"),
        new Feature("identity column", "CREATE TABLE delta.`%s` (id BIGINT GENERATED ALWAYS AS IDENTITY, "
            + "name STRING) USING delta",
            List.of("INSERT INTO delta.`%s` (name) VALUES ('spark')"), "select 'ours' as name", null),
        new Feature("column mapping (name)", plain + " TBLPROPERTIES ('delta.columnMapping.mode' = 'name')",
            List.of("INSERT INTO delta.`%s` VALUES (1, 'spark')",
                "ALTER TABLE delta.`%s` RENAME COLUMN name TO label"),
            "select 100L as id, 'ours' as label", null),
        new Feature("column mapping (id, dropped column)", "CREATE TABLE delta.`%s` (id BIGINT, name STRING, "
            + "gone STRING) USING delta TBLPROPERTIES ('delta.columnMapping.mode' = 'id')",
            List.of("INSERT INTO delta.`%s` VALUES (1, 'spark', 'x')", "ALTER TABLE delta.`%s` DROP COLUMN gone"),
            row, null),
        new Feature("deletion vectors", plain + " TBLPROPERTIES ('delta.enableDeletionVectors' = 'true')",
            List.of("INSERT INTO delta.`%s` VALUES (1, 'spark'), (2, 'gone'), (3, 'kept')",
                "DELETE FROM delta.`%s` WHERE id = 2"), row, null),
        new Feature("change data feed", plain + " TBLPROPERTIES ('delta.enableChangeDataFeed' = 'true')",
            List.of("INSERT INTO delta.`%s` VALUES (1, 'spark')"), row, null),
        new Feature("timestamp_ntz", "CREATE TABLE delta.`%s` (id BIGINT, name STRING, at TIMESTAMP_NTZ) USING delta",
            List.of("INSERT INTO delta.`%s` VALUES (1, 'spark', timestamp_ntz'2024-01-01 10:00:00')"),
            "select 100L as id, 'ours' as name, timestamp_ntz'2024-01-02 11:00:00.123456' as at", null),
        new Feature("in-commit timestamps", plain + " TBLPROPERTIES ('delta.enableInCommitTimestamps' = 'true')",
            List.of("INSERT INTO delta.`%s` VALUES (1, 'spark')"), row, null),
        new Feature("v2 checkpoints", plain + " TBLPROPERTIES ('delta.checkpointPolicy' = 'v2')",
            List.of("INSERT INTO delta.`%s` VALUES (1, 'spark')"), row, null),
        new Feature("row tracking", plain + " TBLPROPERTIES ('delta.enableRowTracking' = 'true')",
            List.of("INSERT INTO delta.`%s` VALUES (1, 'spark'), (2, 'spark')"), row, null),
        new Feature("liquid clustering", "CREATE TABLE delta.`%s` (id BIGINT, name STRING) USING delta CLUSTER BY (id)",
            List.of("INSERT INTO delta.`%s` VALUES (1, 'spark')"), row, null));
  }

  @BeforeAll
  static void workDir() throws IOException {
    work = Files.createTempDirectory("deltalens-features");
  }

  @AfterAll
  static void writeMatrix() throws IOException {
    Path out = Paths.get("target/support-matrix.md");
    Files.createDirectories(out.getParent());
    List<String> lines = new ArrayList<>(List.of("| Spark-created table | deltalens append |", "|---|---|"));
    lines.addAll(MATRIX);
    Files.write(out, lines);
  }

  @Test
  void schemaEvolutionOnAColumnMappingTableReadsBackInSpark() {
    Path table = work.resolve("cm-evolution");
    spark.sql(String.format("CREATE TABLE delta.`%s` (id BIGINT, name STRING, gone STRING) USING delta "
        + "TBLPROPERTIES ('delta.columnMapping.mode' = 'name')", table));
    spark.sql(String.format("INSERT INTO delta.`%s` VALUES (1, 'spark', 'old')", table));
    spark.sql(String.format("ALTER TABLE delta.`%s` DROP COLUMN gone", table));
    Path input = work.resolve("cm-evolution-input");
    // a new column named like the dropped one: the dropped column's data must not come back under it
    spark.sql("select 100L as id, 'ours' as name, 'new' as gone").coalesce(1).write().parquet(input.toString());
    Deltalens.ok("append", table.toString(), input.toString(), "--merge-schema");

    var rows = spark.read().format("delta").load(table.toString());
    assertEquals(List.of("1:null", "100:new"), rows.orderBy("id").collectAsList().stream()
        .map(r -> r.getLong(r.fieldIndex("id")) + ":" + r.getString(r.fieldIndex("gone"))).toList());
    // Spark goes on evolving the table: column ids deltalens assigned do not collide with its own
    spark.sql(String.format("ALTER TABLE delta.`%s` ADD COLUMN later INT", table));
    spark.sql(String.format("INSERT INTO delta.`%s` VALUES (2, 'spark', 'again', 7)", table));
    assertEquals(1, spark.read().format("delta").load(table.toString()).where("later = 7 and gone = 'again'").count());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("features")
  void appendsCorrectlyOrRefusesByName(Feature feature) throws Exception {
    Path table = work.resolve(feature.name().replaceAll("[^a-zA-Z0-9]+", "-"));
    spark.sql(String.format(feature.ddl(), table));
    for (String statement : feature.after()) {
      spark.sql(String.format(statement, table));
    }
    Path input = work.resolve(table.getFileName() + "-input");
    spark.sql(feature.input()).coalesce(1).write().parquet(input.toString());
    long before = spark.read().format("delta").load(table.toString()).count();
    Map<String, String> untouched = Deltalens.fingerprint(table);

    Deltalens.Run run = Deltalens.run("append", table.toString(), input.toString());
    // whatever the append did, deltalens reads the table as Spark does (deletion vectors, column mapping)
    long sparkRows = spark.read().format("delta").load(table.toString()).count();
    assertEquals(sparkRows, Deltalens.ok("read", table.toString(), "--format", "json").lines().count(),
        "deltalens and Spark read different row counts");
    if (run.exit() == 0) {
      var rows = spark.read().format("delta").load(table.toString());
      assertEquals(before + 1, rows.count(), "Spark reads the appended row: " + run.out());
      String nameColumn = List.of(rows.columns()).contains("label") ? "label" : "name";
      String ours = nameColumn + " = 'ours'" + (feature.input().contains(" as id") ? " and id = 100" : "");
      assertEquals(1, rows.where(ours).count(), "the appended row");
      assertEquals(before, rows.where("not (" + ours + ")").count(), "Spark's own rows are intact");
      if (feature.name().equals("row tracking")) {
        var ids = spark.sql("select _metadata.row_id from delta.`" + table + "`");
        assertEquals(ids.count(), ids.distinct().count(), "row ids stay unique");
      }
      MATRIX.add("| " + feature.name() + " | appends (Spark reads the result) |");
      if (feature.refusal() != null) {
        fail("expected a refusal naming '" + feature.refusal() + "', but the append landed and reads back");
      }
    } else {
      assertEquals(1, run.exit(), "exit code of a refusal: " + run.err());
      assertEquals(untouched, Deltalens.fingerprint(table), "a refused append changed the table");
      String message = run.err().strip();
      MATRIX.add("| " + feature.name() + " | refused: `" + message.replace("|", "\\|").replace(table.toString(), "<table>") + "` |");
      assertTrue(feature.refusal() != null && message.toLowerCase().contains(feature.refusal()),
          feature.name() + ": refused with '" + message + "'");
    }
  }
}
