package io.deltalens.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rules Spark enforces on every written row, honoured by deltalens copy appends to Spark-created
 * tables: CHECK constraints (a row that makes one false or NULL is refused, naming file, row, constraint
 * and values), generated columns (computed as Spark computes them, or checked when given) and identity
 * columns (values above the high-water mark, which the commit advances so Spark continues above them).
 */
class SparkRowRulesTest extends SparkTest {
  static Path work;

  @BeforeAll
  static void workDir() throws Exception {
    work = Files.createTempDirectory("deltalens-row-rules");
  }

  private static Path parquet(String name, String sql) {
    Path out = work.resolve(name);
    spark.sql(sql).coalesce(1).write().parquet(out.toString());
    return out;
  }

  private static Dataset<Row> sql(String statement, Path table) {
    return spark.sql(statement.replace("$t", "delta.`" + table + "`"));
  }

  /** A refused append: exit 1, the error names what it must, the table byte-for-byte as before. */
  private static void refused(Path table, Path input, String... mustName) {
    Map<String, String> before = Deltalens.fingerprint(table);
    Deltalens.Run run = Deltalens.run("append", table.toString(), input.toString());
    assertEquals(1, run.exit(), "expected a refusal: " + run.out() + run.err());
    for (String word : mustName) {
      assertTrue(run.err().contains(word), "the error names '" + word + "': " + run.err());
    }
    assertEquals(before, Deltalens.fingerprint(table), "a refused append changed the table");
  }

  @Test
  void checkConstraintsHoldForEveryRowAsInSpark() {
    Path table = work.resolve("checks");
    sql("CREATE TABLE $t (id BIGINT, lo INT, hi INT, name STRING) USING delta", table);
    sql("INSERT INTO $t VALUES (1, 1, 2, 'spark')", table);
    sql("ALTER TABLE $t ADD CONSTRAINT positive CHECK (id > 0)", table);
    sql("ALTER TABLE $t ADD CONSTRAINT ordered CHECK (hi >= lo AND NOT (lo = 99))", table);
    sql("ALTER TABLE $t ADD CONSTRAINT listed CHECK (name IN ('spark', 'ours') OR name IS NULL)", table);
    // Spark's own rule, which deltalens follows: NULL is a violation, not a pass
    assertThrows(Exception.class, () -> sql("INSERT INTO $t VALUES (NULL, 1, 2, 'spark')", table));

    Deltalens.ok("append", table.toString(), parquet("checks-ok",
        "select * from values (2L, 1, 1, 'ours'), (3L, 0, 5, null) as t(id, lo, hi, name)").toString());
    assertEquals(3, sql("select * from $t", table).count());
    assertEquals(0, sql("select * from $t where not (id > 0 and hi >= lo)", table).count());

    refused(table, parquet("checks-unordered",
        "select * from values (4L, 1, 2, 'ours'), (5L, 3, 2, 'ours') as t(id, lo, hi, name)"),
        "row 2", "'ordered'", "hi=2", "lo=3");
    refused(table, parquet("checks-null-id", "select cast(null as bigint) as id, 1 as lo, 2 as hi, 'ours' as name"),
        "row 1", "'positive'", "id=NULL");
    refused(table, parquet("checks-unlisted", "select 6L as id, 1 as lo, 2 as hi, 'other' as name"),
        "'listed'", "name='other'");
  }

  @Test
  void generatedColumnsAreComputedAsSparkComputesThem() {
    Path table = work.resolve("generated");
    sql("CREATE TABLE $t (id BIGINT, at TIMESTAMP, twice BIGINT GENERATED ALWAYS AS (id * 2), "
        + "day DATE GENERATED ALWAYS AS (CAST(at AS DATE)), yr INT GENERATED ALWAYS AS (YEAR(at)), "
        + "hr INT GENERATED ALWAYS AS (HOUR(at))) USING delta PARTITIONED BY (day)", table);
    sql("INSERT INTO $t (id, at) VALUES (1, timestamp'2024-01-01 10:00:00')", table);

    Deltalens.ok("append", table.toString(), parquet("generated-ok", "select * from values "
        + "(2L, timestamp'2024-03-01 23:59:59.999999'), (3L, timestamp'1969-12-31 23:00:00'), "
        + "(4L, cast(null as timestamp)), (cast(null as bigint), timestamp'2024-03-02 00:00:00') as t(id, at)")
        .toString());
    assertEquals(5, sql("select * from $t", table).count());
    assertEquals(0, sql("select * from $t where not (twice <=> id * 2 and day <=> cast(at as date) "
        + "and yr <=> year(at) and hr <=> hour(at))", table).count(), "generated values as Spark computes them");
    assertEquals(List.of("1969-12-31", "2024-01-01", "2024-03-01", "2024-03-02"),
        sql("select distinct cast(day as string) d from $t where day is not null order by d", table)
            .as(org.apache.spark.sql.Encoders.STRING()).collectAsList(), "partitions by the generated day");

    // files may bring the generated columns themselves, as long as the values are right
    Deltalens.ok("append", table.toString(), parquet("generated-given",
        "select 5L as id, timestamp'2025-06-01 08:00:00' as at, 10L as twice, date'2025-06-01' as day, 2025 as yr, 8 as hr")
        .toString());
    refused(table, parquet("generated-wrong",
        "select 6L as id, timestamp'2025-06-01 08:00:00' as at, 13L as twice"), "row 1", "twice=13", "id * 2");
    assertEquals(6, sql("select * from $t", table).count());
  }

  @Test
  void identityValuesStayAboveTheHighWaterMarkAndSparkContinuesAboveOurs() {
    Path table = work.resolve("identity");
    sql("CREATE TABLE $t (id BIGINT GENERATED ALWAYS AS IDENTITY (START WITH 10 INCREMENT BY 5), name STRING) "
        + "USING delta", table);
    sql("INSERT INTO $t (name) VALUES ('spark'), ('spark')", table);
    long sparkMax = sql("select max(id) from $t", table).first().getLong(0);

    Deltalens.ok("append", table.toString(),
        parquet("identity-ok", "select * from values ('ours'), ('ours'), ('ours') as t(name)").toString());
    List<Long> ours = sql("select id from $t where name = 'ours' order by id", table)
        .as(org.apache.spark.sql.Encoders.LONG()).collectAsList();
    assertEquals(3, ours.size());
    assertTrue(ours.get(0) > sparkMax, "our ids " + ours + " are above Spark's " + sparkMax);
    assertTrue(ours.stream().allMatch(id -> (id - 10) % 5 == 0), "our ids follow START 10 STEP 5: " + ours);

    sql("INSERT INTO $t (name) VALUES ('later')", table);
    long later = sql("select id from $t where name = 'later'", table).first().getLong(0);
    assertTrue(later > ours.get(2), "Spark continues above the high-water mark we advanced: " + later);
    assertEquals(6, sql("select distinct id from $t", table).count(), "identity values are unique");

    refused(table, parquet("identity-given", "select 1000L as id, 'ours' as name"),
        "GENERATED ALWAYS AS IDENTITY", "'id'");
  }

  @Test
  void byDefaultIdentityTakesGivenValuesAndFillsMissingOnes() {
    Path table = work.resolve("identity-by-default");
    sql("CREATE TABLE $t (id BIGINT GENERATED BY DEFAULT AS IDENTITY, name STRING) USING delta", table);
    sql("INSERT INTO $t (name) VALUES ('spark')", table);
    Deltalens.ok("append", table.toString(), parquet("by-default-given", "select 500L as id, 'given' as name").toString(),
        parquet("by-default-missing", "select 'filled' as name").toString());
    assertEquals(500L, sql("select id from $t where name = 'given'", table).first().getLong(0));
    long filled = sql("select id from $t where name = 'filled'", table).first().getLong(0);
    long spark = sql("select id from $t where name = 'spark'", table).first().getLong(0);
    assertTrue(filled > spark, "a filled id is above Spark's: " + filled + " vs " + spark);
  }
}
