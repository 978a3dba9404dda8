package io.deltalens.internal.constraints;

import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.FieldMetadata;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import io.deltalens.DeltaLensException;
import io.deltalens.ParquetFiles;
import io.deltalens.internal.engine.Kernel;
import io.deltalens.internal.storage.Location;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Row rules over real parquet files read by Kernel: identity numbering across files (the same on every
 * read), generated values at the edges (before 1970, overflow), and refusals that name what is at fault.
 * Spark's agreement with these rules is checked in interop's SparkRowRulesTest.
 */
class RowRulesTest {
  @TempDir Path dir;

  static final String INPUT = "message m { optional int64 id; optional int64 ts (TIMESTAMP(MICROS,true)); }";

  static StructField generated(String name, io.delta.kernel.types.DataType type, String expression) {
    return new StructField(name, type, true,
        FieldMetadata.builder().putString("delta.generationExpression", expression).build());
  }

  static StructField identity(String name, long start, long step, Long highWaterMark) {
    FieldMetadata.Builder meta = FieldMetadata.builder().putLong("delta.identity.start", start)
        .putLong("delta.identity.step", step).putBoolean("delta.identity.allowExplicitInsert", false);
    if (highWaterMark != null) {
      meta.putLong("delta.identity.highWaterMark", highWaterMark);
    }
    return new StructField(name, LongType.LONG, true, meta.build());
  }

  Path input(String name, long... idsAndMicros) {
    List<java.util.function.Consumer<org.apache.parquet.example.data.Group>> rows = new ArrayList<>();
    for (int i = 0; i < idsAndMicros.length; i += 2) {
      long id = idsAndMicros[i];
      long ts = idsAndMicros[i + 1];
      rows.add(g -> g.append("id", id).append("ts", ts));
    }
    return ParquetFiles.write(dir.resolve(name), INPUT, rows);
  }

  static List<ColumnarBatch> read(Path file, StructType schema, RowRules rules) throws Exception {
    List<ColumnarBatch> batches = new ArrayList<>();
    FileStatus status = FileStatus.of(file.toString(), Files.size(file), 0);
    try (CloseableIterator<ColumnarBatch> data = Kernel.engine().getParquetHandler()
        .readParquetFiles(io.delta.kernel.internal.util.Utils.toCloseableIterator(List.of(status).iterator()),
            schema, Optional.empty()).map(r -> r.getData())) {
      var rows = rules.rowsOf(Location.local(file));
      data.forEachRemaining(b -> batches.add(rows.apply(b)));
    }
    return batches;
  }

  static RowRules.InputFile plain(Path file, long rows) {
    return new RowRules.InputFile(Location.local(file), Set.of("id", "ts"), rows);
  }

  @Test
  void identityValuesAreNumberedAcrossFilesTheSameOnEveryRead() throws Exception {
    StructType schema = new StructType().add("id", LongType.LONG).add("ts", TimestampType.TIMESTAMP)
        .add(identity("seq", 10, 5, 20L));
    RowRules rules = RowRules.of(Map.of(), schema, Location.local(dir));
    Path a = input("a.parquet", 1, 0, 2, 0);
    Path b = input("b.parquet", 3, 0);
    rules.plan(List.of(plain(a, 2), plain(b, 1)));
    for (int read = 0; read < 2; read++) {
      assertEquals(List.of(25L, 30L), column(read(a, schema, rules), 2));
      assertEquals(List.of(35L), column(read(b, schema, rules), 2));
    }
    StructType after = rules.schemaAfter(schema);
    assertEquals(35L, after.get("seq").getMetadata().getLong("delta.identity.highWaterMark"));
    RowRules none = RowRules.of(Map.of(), schema, Location.local(dir));
    none.plan(List.of());
    assertEquals(schema, none.schemaAfter(schema), "nothing numbered, nothing moved");
  }

  @Test
  void aGeneratedAlwaysIdentityColumnInAFileIsRefused() {
    StructType schema = new StructType().add("id", LongType.LONG).add(identity("seq", 1, 1, null));
    RowRules rules = RowRules.of(Map.of(), schema, Location.local(dir));
    Path file = dir.resolve("has-seq.parquet");
    DeltaLensException e = assertThrows(DeltaLensException.class,
        () -> rules.plan(List.of(new RowRules.InputFile(Location.local(file), Set.of("id", "seq"), 1))));
    assertTrue(e.getMessage().contains("has-seq.parquet") && e.getMessage().contains("'seq'")
        && e.getMessage().contains("from 1"), e.getMessage());
  }

  @Test
  void generatedValuesAtTheEdges() throws Exception {
    StructType schema = new StructType().add("id", LongType.LONG).add("ts", TimestampType.TIMESTAMP)
        .add(generated("day", DateType.DATE, "CAST(ts AS DATE)"))
        .add(generated("label", StringType.STRING, "CAST(id AS STRING)"));
    RowRules rules = RowRules.of(Map.of(), schema, Location.local(dir));
    // one microsecond before 1970: still 1969-12-31 (floor, not truncation towards zero)
    Path file = input("edges.parquet", -7, -1, 42, 86_400_000_000L);
    rules.plan(List.of(plain(file, 2)));
    List<ColumnarBatch> batches = read(file, schema, rules);
    assertEquals(List.of(-1L, 1L), column(batches, 2));
    assertEquals(List.of("-7", "42"), column(batches, 3));
  }

  @Test
  void overflowAndViolationsNameFileRowAndRule() throws Exception {
    StructType schema = new StructType().add("id", LongType.LONG).add("ts", TimestampType.TIMESTAMP)
        .add(generated("twice", LongType.LONG, "id * 2"));
    Path file = input("big.parquet", 1, 0, Long.MAX_VALUE, 0);
    RowRules generatedRules = RowRules.of(Map.of(), schema, Location.local(dir));
    generatedRules.plan(List.of(plain(file, 2)));
    DeltaLensException overflow =
        assertThrows(DeltaLensException.class, () -> read(file, schema, generatedRules));
    assertTrue(overflow.getMessage().contains("big.parquet: row 2") && overflow.getMessage().contains("overflows"),
        overflow.getMessage());

    StructType plainSchema = new StructType().add("id", LongType.LONG).add("ts", TimestampType.TIMESTAMP);
    RowRules checks = RowRules.of(Map.of("delta.constraints.small", "id < 100"), plainSchema, Location.local(dir));
    checks.plan(List.of(plain(file, 2)));
    DeltaLensException violation = assertThrows(DeltaLensException.class, () -> read(file, plainSchema, checks));
    assertTrue(violation.getMessage().contains("row 2 violates CHECK constraint 'small' (id < 100) with id="
        + Long.MAX_VALUE), violation.getMessage());
  }

  /** An ingest's dead letters: each row's fault, or null, without refusing the batch; identity checks left out. */
  @Test
  void faultsNameEachRowsBrokenRuleAndPassTheRest() throws Exception {
    StructType schema = new StructType().add("id", LongType.LONG).add("ts", TimestampType.TIMESTAMP)
        .add(generated("twice", LongType.LONG, "id * 2")).add(identity("n", 1, 1, null));
    RowRules rules = RowRules.of(Map.of("delta.constraints.small", "id < 100",
        "delta.constraints.numbered", "n > 0"), schema, Location.local(dir));
    assertTrue(rules.checksRows());
    Path file = input("mixed.parquet", 1, 0, 500, 0, Long.MAX_VALUE, 0, 7, 0);
    List<String> faults = new ArrayList<>();
    FileStatus status = FileStatus.of(file.toString(), Files.size(file), 0);
    try (CloseableIterator<ColumnarBatch> data = Kernel.engine().getParquetHandler()
        .readParquetFiles(io.delta.kernel.internal.util.Utils.toCloseableIterator(List.of(status).iterator()),
            schema, Optional.empty()).map(r -> r.getData())) {
      data.forEachRemaining(b -> faults.addAll(java.util.Arrays.asList(rules.faults(b))));
    }
    assertEquals(4, faults.size());
    assertEquals(null, faults.get(0));
    assertEquals("violates CHECK constraint 'small' (id < 100) with id=500", faults.get(1));
    assertTrue(faults.get(2).startsWith("generated column 'twice' (id * 2) cannot be computed")
        && faults.get(2).contains("overflows"), faults.get(2));
    assertEquals(null, faults.get(3), "the identity column's check waits for its values");
    assertTrue(!RowRules.of(Map.of(), new StructType().add(identity("n", 1, 1, null)), Location.local(dir))
        .checksRows(), "identity columns alone refuse no row");
  }

  @Test
  void expressionsBeyondDeltalensAreRefusedByName() {
    StructType schema = new StructType().add("id", LongType.LONG)
        .add(generated("h", StringType.STRING, "sha2(CAST(id AS STRING), 256)"));
    DeltaLensException e = assertThrows(DeltaLensException.class, () -> RowRules.of(Map.of(), schema, Location.local(dir)));
    assertTrue(e.getMessage().contains("generated column 'h'") && e.getMessage().contains("SHA2"), e.getMessage());
  }

  static List<Object> column(List<ColumnarBatch> batches, int ordinal) {
    List<Object> values = new ArrayList<>();
    for (ColumnarBatch batch : batches) {
      for (int row = 0; row < batch.getSize(); row++) {
        values.add(Values.at(batch.getColumnVector(ordinal), row));
      }
    }
    return values;
  }
}
