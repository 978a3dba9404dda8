package io.deltalens.interop;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;

/**
 * Tests that talk to one local Spark + Delta session: small, quiet, in UTC. The session is shared by every class
 * of the run (Spark stops it when the JVM exits): starting and warming up one per class cost more than the tests.
 */
abstract class SparkTest {
  static SparkSession spark;

  @BeforeAll
  static synchronized void startSpark() {
    if (spark != null) {
      return;
    }
    spark = SparkSession.builder()
        .master("local[2]")
        .appName("deltalens-interop")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        // Delta reconstructs every snapshot in 50 tasks by default; on tables of a few files that is all overhead
        .config("spark.databricks.delta.snapshotPartitions", "2")
        // VACUUM lists a table's folders in this many tasks (10,000 by default): minutes on a table of ten files
        .config("spark.sql.sources.parallelPartitionDiscovery.parallelism", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .getOrCreate();
  }
}
