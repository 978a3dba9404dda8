package io.deltalens.internal.parquet;

import io.delta.kernel.data.ArrayValue;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.MapValue;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.engine.ParquetHandler;
import io.delta.kernel.internal.util.ColumnMapping;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BinaryType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.ByteType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FieldMetadata;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.MapType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import io.delta.kernel.utils.FileStatus;
import io.deltalens.ParquetFiles;
import io.deltalens.S3Server;
import io.deltalens.internal.engine.Kernel;
import io.deltalens.internal.storage.Location;
import io.deltalens.internal.storage.Storage;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.NanoTime;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.internal.column.columnindex.OffsetIndex;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.api.Binary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The columnar reader gives exactly what Kernel's default reader gives, value for value, over real parquet
 * files of every flat type with nulls, in each encoding parquet-hadoop writes (dictionary, plain, the v2
 * delta encodings), over several pages and row groups; and hands everything else to Kernel's reader.
 * Its writer gives the parquet schema, values and footer statistics Kernel's writer gives, snappy-compressed.
 */
class ColumnarParquetHandlerTest {
  private static final String PARQUET_SCHEMA = """
      message t {
        required int64 id;
        optional int32 tiny (INTEGER(8,true)); optional int32 small (INTEGER(16,true)); optional int32 i;
        optional int64 l; optional float f; optional double d; optional boolean b;
        optional binary s (STRING); optional binary bin; optional int32 day (DATE);
        optional int64 ts (TIMESTAMP(MICROS,true)); optional int64 ms (TIMESTAMP(MILLIS,true));
        optional int64 ntz (TIMESTAMP(MICROS,false)); optional int96 legacy;
        optional int32 dec4 (DECIMAL(9,2)); optional int64 dec8 (DECIMAL(18,3));
        optional fixed_len_byte_array(16) dec16 (DECIMAL(38,4));
        optional fixed_len_byte_array(5) dec5 (DECIMAL(10,2));
      }""";
  private static final StructType SCHEMA = new StructType()
      .add("id", LongType.LONG, false).add("tiny", ByteType.BYTE).add("small", ShortType.SHORT)
      .add("i", IntegerType.INTEGER).add("l", LongType.LONG).add("f", FloatType.FLOAT)
      .add("d", DoubleType.DOUBLE).add("b", BooleanType.BOOLEAN).add("s", StringType.STRING)
      .add("bin", BinaryType.BINARY).add("day", DateType.DATE).add("ts", TimestampType.TIMESTAMP)
      .add("ms", TimestampType.TIMESTAMP).add("ntz", TimestampNTZType.TIMESTAMP_NTZ)
      .add("legacy", TimestampType.TIMESTAMP).add("dec4", new DecimalType(9, 2))
      .add("dec8", new DecimalType(18, 3)).add("dec16", new DecimalType(38, 4))
      .add("dec5", new DecimalType(10, 2))
      .add(StructField.DEFAULT_ROW_INDEX_COLUMN);
  /** More than a batch of the columnar reader (16,384 rows): pages continue across batches. */
  private static final int ROWS = 20_000;

  private static final Engine ENGINE = DefaultEngine.create(new Configuration());
  private final ParquetHandler kernel = ENGINE.getParquetHandler();
  private final ColumnarParquetHandler columnar = new ColumnarParquetHandler(kernel, "deltalens-test");

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"dictionary", "dictionary overflow", "plain", "v2", "small row groups", "snappy", "snappy v2", "gzip"})
  void readsWhatKernelReads(String layout) throws IOException {
    Path file = ParquetFiles.write(dir.resolve(layout + ".parquet"), PARQUET_SCHEMA, rows(), settings(layout));
    assertTrue(columnarTakes(status(file), SCHEMA),
        "the columnar reader takes every column of " + layout);
    List<List<String>> expected = values(kernel, file, SCHEMA);
    assertEquals(ROWS, expected.size());
    assertEquals(expected, values(columnar, file, SCHEMA));
  }

  @Test
  void rowGroupRangesCarryTheirRowIndexes() throws IOException {
    Path file = ParquetFiles.write(dir.resolve("groups.parquet"), PARQUET_SCHEMA, rows(), settings("small row groups"));
    List<List<String>> all = values(kernel, file, SCHEMA);
    int groups = org.apache.parquet.hadoop.ParquetFileReader.open(
        new org.apache.parquet.io.LocalInputFile(file)).getRowGroups().size();
    assertTrue(groups >= 4, "the file has several row groups: " + groups);
    List<List<String>> pieces = new ArrayList<>();
    for (int from = 0; from < groups; from += 3) {
      pieces.addAll(rows(ColumnarParquetHandler.readRowGroups(status(file), SCHEMA, from, from + 3).get(), SCHEMA));
    }
    assertEquals(all, pieces);
  }

  /** Structs (nested, null at each level), maps and lists (null, empty, null values) and fields the file lacks. */
  private static final String NESTED_PARQUET = """
      message t {
        required int64 id;
        optional group point { optional int32 x; required binary label (STRING);
          optional group inner { optional double d; optional int64 n; } }
        optional group tags (MAP) { repeated group key_value { required binary key (STRING); optional binary value (STRING); } }
        required group names (LIST) { repeated group list { optional binary element (STRING); } }
        optional group nums (LIST) { repeated group list { required int64 element; } }
        optional group req { required int32 a;
          optional group m (MAP) { repeated group key_value { required binary key (STRING); required int32 value; } } }
      }""";
  private static final StructType NESTED = new StructType()
      .add("id", LongType.LONG, false)
      .add("point", new StructType().add("x", IntegerType.INTEGER).add("label", StringType.STRING)
          .add("inner", new StructType().add("d", DoubleType.DOUBLE).add("n", LongType.LONG))
          .add("absent", StringType.STRING))
      .add("tags", new MapType(StringType.STRING, StringType.STRING, true))
      .add("names", new ArrayType(StringType.STRING, true))
      .add("nums", new ArrayType(LongType.LONG, false))
      // fields in another order than the file's
      .add("req", new StructType().add("m", new MapType(StringType.STRING, IntegerType.INTEGER, false))
          .add("a", IntegerType.INTEGER))
      .add("absentTop", new StructType().add("q", IntegerType.INTEGER))
      .add(StructField.DEFAULT_ROW_INDEX_COLUMN);

  @ParameterizedTest
  @ValueSource(strings = {"dictionary", "plain", "v2", "small row groups", "snappy v2"})
  void readsNestedColumnsAsKernelReadsThem(String layout) throws IOException {
    Path file = ParquetFiles.write(dir.resolve(layout + ".parquet"), NESTED_PARQUET, nestedRows(), settings(layout));
    assertTrue(columnarTakes(status(file), NESTED), "the columnar reader takes the nested columns of " + layout);
    List<List<String>> expected = values(kernel, file, NESTED);
    assertEquals(ROWS, expected.size());
    assertEquals(expected, values(columnar, file, NESTED));
  }

  private static List<Consumer<Group>> nestedRows() {
    return IntStream.range(0, ROWS).<Consumer<Group>>mapToObj(i -> g -> {
      g.append("id", (long) i);
      if (i % 5 != 0) {
        Group point = g.addGroup("point").append("label", "p" + i % 40);
        if (i % 7 != 0) {
          point.append("x", i);
        }
        if (i % 3 != 0) {
          Group inner = point.addGroup("inner").append("d", i / 4.0);
          if (i % 2 == 0) {
            inner.append("n", -i * 1_000_000_007L);
          }
        }
      }
      if (i % 4 != 0) {
        Group tags = g.addGroup("tags"); // every sixth row's map empty
        for (int k = 0; k < (i % 6 == 0 ? 0 : i % 3 + 1); k++) {
          Group entry = tags.addGroup("key_value").append("key", "k" + k);
          if ((i + k) % 5 != 0) {
            entry.append("value", "v" + (i * 7 + k) % 300);
          }
        }
      }
      Group names = g.addGroup("names");
      for (int k = 0; k < i % 4; k++) {
        Group element = names.addGroup("list");
        if ((i + k) % 9 != 0) {
          element.append("element", "name " + (i + k) % 1000);
        }
      }
      if (i % 9 != 0) {
        Group nums = g.addGroup("nums");
        for (int k = 0; k < i % 3; k++) {
          nums.addGroup("list").append("element", (long) i * k);
        }
      }
      if (i % 11 != 0) {
        Group req = g.addGroup("req").append("a", i % 1000);
        if (i % 2 == 0) {
          Group m = req.addGroup("m");
          for (int k = 0; k < i % 4; k++) {
            m.addGroup("key_value").append("key", "m" + k).append("value", i + k);
          }
        }
      }
    }).toList();
  }

  /** Every action of a checkpoint Spark wrote (stats_parsed and all), as Kernel's log replay asks for them. */
  @Test
  void readsSparksCheckpointsAsKernelReadsThem() throws IOException {
    StructType actions = io.delta.kernel.internal.replay.LogReplay.withSidecarFileSchema(
        io.delta.kernel.internal.actions.SingleAction.CHECKPOINT_SCHEMA);
    try (var checkpoints = Files.list(Path.of("notebooks/data/spark-orders/_delta_log"))) {
      List<Path> files = checkpoints.filter(p -> p.toString().endsWith(".checkpoint.parquet")).sorted().toList();
      assertFalse(files.isEmpty());
      for (Path file : files) {
        assertTrue(columnarTakes(status(file), actions), "the columnar reader takes " + file);
        List<List<String>> expected = values(kernel, file, actions);
        assertTrue(expected.size() > 2, file + " has actions");
        assertEquals(expected, values(columnar, file, actions), file.toString());
      }
    }
  }

  /** String columns of nulls only (a null struct's, a top-level one) have no dictionary page: a frame still takes them. */
  @Test
  void chunksOfNullStringsReachAFrame() throws IOException {
    Path file = ParquetFiles.write(dir.resolve("nulls.parquet"),
        "message t { required int64 id; optional binary s (STRING); optional group g { optional binary t (STRING); } }",
        IntStream.range(0, 100).<Consumer<Group>>mapToObj(i -> g -> g.append("id", (long) i)).toList());
    StructType schema = new StructType().add("id", LongType.LONG).add("s", StringType.STRING)
        .add("g", new StructType().add("t", StringType.STRING));
    io.deltalens.internal.frame.FrameBuilder frame = io.deltalens.internal.frame.FrameBuilder.flattened(schema);
    try (CloseableIterator<ColumnarBatch> batches =
        ColumnarParquetHandler.readRowGroups(status(file), schema, 0, 1).orElseThrow()) {
      batches.forEachRemaining(b -> frame.append(new FilteredColumnarBatch(b, Optional.empty()), b.getSize()));
    }
    tech.tablesaw.api.Table table = frame.build("nulls");
    assertEquals(100, table.rowCount());
    assertEquals(100, table.column("s").countMissing());
    assertEquals(100, table.column("g.t").countMissing());
  }

  @Test
  void leavesListsOfStructsToKernel() throws IOException {
    Path file = ParquetFiles.write(dir.resolve("nested.parquet"),
        "message t { optional int64 id; optional group points (LIST) { repeated group list {"
            + " optional group element { optional int32 x; } } } }",
        IntStream.range(0, 10).<Consumer<Group>>mapToObj(i -> g -> {
          g.append("id", (long) i);
          g.addGroup("points").addGroup("list").addGroup("element").append("x", i);
        }).toList());
    StructType schema = new StructType().add("id", LongType.LONG)
        .add("points", new ArrayType(new StructType().add("x", IntegerType.INTEGER), true));
    assertFalse(ColumnarParquetHandler.readRowGroups(status(file), schema, 0, 1).isPresent());
    assertEquals(values(kernel, file, schema), values(columnar, file, schema));
  }

  @Test
  void writesWhatKernelWritesCompressed() throws IOException {
    Path source = ParquetFiles.write(dir.resolve("source.parquet"), PARQUET_SCHEMA, rows(), settings("dictionary"));
    // the data columns with field ids, as on a column-mapping table
    List<StructField> fields = SCHEMA.fields().stream().filter(f -> !f.isMetadataColumn()).toList();
    StructType schema = new StructType(IntStream.range(0, fields.size()).mapToObj(i -> fields.get(i).withNewMetadata(
        FieldMetadata.builder().putLong(ColumnMapping.PARQUET_FIELD_ID_KEY, i + 3).build())).toList());
    Path byKernel = Path.of(URI.create(written(kernel, source, schema, dir.resolve("kernel").toString())));
    Path byColumnar = Path.of(URI.create(written(columnar, source, schema, dir.resolve("columnar").toString())));

    ParquetMetadata expected = Footers.read(byKernel).metadata();
    ParquetMetadata actual = Footers.read(byColumnar).metadata();
    assertEquals(expected.getFileMetaData().getSchema(), actual.getFileMetaData().getSchema());
    assertEquals(7, actual.getFileMetaData().getSchema().getType("l").getId().intValue());
    assertTrue(Files.size(byColumnar) < Files.size(byKernel) * 0.9, "compressed");
    List<List<String>> rows = values(kernel, byKernel, schema);
    assertEquals(ROWS - ROWS / 5, rows.size(), "rows left out by the selection vector stay out");
    assertEquals(rows, values(kernel, byColumnar, schema));
    for (int c = 0; c < schema.length(); c++) {
      assertEquals(expected.getBlocks().get(0).getColumns().get(c).getStatistics().toString(),
          actual.getBlocks().get(0).getColumns().get(c).getStatistics().toString(), schema.at(c).getName());
      assertEquals(CompressionCodecName.SNAPPY, actual.getBlocks().get(0).getColumns().get(c).getCodec());
    }
  }

  @Test
  void writesStructsAsKernelWritesThem() throws IOException {
    // nulls at every level: a whole struct, a field of it, a struct inside it; a required struct; field ids
    Path source = ParquetFiles.write(dir.resolve("structs.parquet"), """
        message t {
          required int64 id;
          optional group point { optional int32 x; required binary name (STRING);
            optional group inner { optional double z; optional binary tag (STRING); } }
          required group always { optional int64 a; }
        }""", IntStream.range(0, ROWS).<Consumer<Group>>mapToObj(i -> g -> {
          g.append("id", (long) i);
          if (i % 6 != 0) {
            Group point = g.addGroup("point");
            if (i % 4 != 0) {
              point.append("x", i * 31);
            }
            point.append("name", "p" + i % 40);
            if (i % 5 != 0) {
              Group inner = point.addGroup("inner");
              if (i % 3 != 0) {
                inner.append("z", i / 7.0);
              }
              inner.append("tag", "t" + i % 3);
            }
          }
          Group always = g.addGroup("always");
          if (i % 9 != 0) {
            always.append("a", (long) i * -3);
          }
        }).toList(), settings("dictionary"));
    StructType inner = new StructType().add(id(new StructField("z", DoubleType.DOUBLE, true), 5))
        .add(id(new StructField("tag", StringType.STRING, true), 6));
    StructType point = new StructType().add(id(new StructField("x", IntegerType.INTEGER, true), 2))
        .add(id(new StructField("name", StringType.STRING, false), 3)).add(id(new StructField("inner", inner, true), 4));
    StructType schema = new StructType().add(id(new StructField("id", LongType.LONG, false), 1))
        .add(id(new StructField("point", point, true), 7))
        .add(id(new StructField("always", new StructType().add(id(new StructField("a", LongType.LONG, true), 9)), false), 8));
    Path byKernel = Path.of(URI.create(written(kernel, source, schema, dir.resolve("kernel").toString())));
    Path byColumnar = Path.of(URI.create(written(columnar, source, schema, dir.resolve("columnar").toString())));

    ParquetMetadata expected = Footers.read(byKernel).metadata();
    ParquetMetadata actual = Footers.read(byColumnar).metadata();
    assertEquals("deltalens-test", actual.getFileMetaData().getKeyValueMetaData().get("io.deltalens.parquet-writer"),
        "written by the columnar writer, not Kernel's");
    assertEquals(expected.getFileMetaData().getSchema(), actual.getFileMetaData().getSchema());
    List<List<String>> rows = values(kernel, byKernel, schema);
    assertEquals(ROWS - ROWS / 5, rows.size());
    assertTrue(rows.stream().anyMatch(r -> r.get(1).equals("null")) && rows.stream().anyMatch(
        r -> r.get(1).contains(":[null, string:p")), "whole structs and their fields are null in places");
    assertEquals(rows, values(kernel, byColumnar, schema));
    int columns = actual.getFileMetaData().getSchema().getColumns().size();
    assertEquals(6, columns);
    for (int c = 0; c < columns; c++) {
      assertEquals(expected.getBlocks().get(0).getColumns().get(c).getStatistics().toString(),
          actual.getBlocks().get(0).getColumns().get(c).getStatistics().toString(),
          actual.getBlocks().get(0).getColumns().get(c).getPath().toDotString());
    }
  }

  @Test
  void pagesEndOnRowsAsTheOffsetIndexSays() throws IOException {
    // the writer hands a column a run of rows before the next column's: every page must still hold whole rows
    // and the offset index name each page's first row, as readers that skip pages by it rely on
    Path source = ParquetFiles.write(dir.resolve("pages.parquet"), """
        message t { required int64 id; optional binary name (STRING); optional group point { optional int32 x; } }""",
        IntStream.range(0, 120_000).<Consumer<Group>>mapToObj(i -> g -> {
          g.append("id", (long) i);
          if (i % 7 != 0) {
            g.append("name", "n" + i % 5000);
          }
          if (i % 11 != 0) {
            Group point = g.addGroup("point");
            if (i % 3 != 0) {
              point.append("x", i);
            }
          }
        }).toList(), settings("plain"));
    StructType schema = new StructType().add("id", LongType.LONG, false).add("name", StringType.STRING)
        .add("point", new StructType().add("x", IntegerType.INTEGER));
    Path written = Path.of(URI.create(written(columnar, source, schema, dir.resolve("columnar").toString())));
    assertEquals(96_000, values(kernel, written, schema).size(), "a fifth left out by the selection vectors");
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(written))) {
      for (BlockMetaData block : reader.getFooter().getBlocks()) {
        List<List<Long>> spans = new ArrayList<>();
        for (ColumnChunkMetaData chunk : block.getColumns()) {
          OffsetIndex index = reader.readOffsetIndex(chunk);
          List<Long> rows = new ArrayList<>();
          for (int page = 0; page < index.getPageCount(); page++) {
            rows.add((page + 1 < index.getPageCount() ? index.getFirstRowIndex(page + 1) : block.getRowCount())
                - index.getFirstRowIndex(page));
          }
          spans.add(rows);
        }
        PageReadStore pages = reader.readNextRowGroup();
        List<ColumnDescriptor> columns = reader.getFooter().getFileMetaData().getSchema().getColumns();
        for (int c = 0; c < columns.size(); c++) {
          PageReader pageReader = pages.getPageReader(columns.get(c));
          List<Long> values = new ArrayList<>();
          for (DataPage page = pageReader.readPage(); page != null; page = pageReader.readPage()) {
            values.add((long) page.getValueCount());
          }
          assertEquals(spans.get(c), values, "rows per page of " + columns.get(c));
          assertTrue(values.size() >= 3, "several pages: " + values);
        }
      }
    }
  }

  private static StructField id(StructField field, long id) {
    return field.withNewMetadata(FieldMetadata.builder().putLong(ColumnMapping.PARQUET_FIELD_ID_KEY, id).build());
  }

  @Test
  void readsAndWritesObjectsInABucket() throws Exception {
    S3Server s3 = S3Server.shared();
    String bucket = s3.bucket();
    Storage.configure(Location.of(bucket), s3.options());
    Path local = ParquetFiles.write(dir.resolve("groups.parquet"), PARQUET_SCHEMA, rows(), settings("small row groups"));
    String object = bucket + "/in/small groups.parquet";
    s3.put(local, object);
    FileStatus remote = FileStatus.of(object, Files.size(local), 0);
    assertTrue(columnarTakes(remote, SCHEMA),
        "the columnar reader takes an object's columns");
    List<List<String>> expected = values(kernel, local, SCHEMA);
    assertEquals(expected, values(columnar, remote, SCHEMA));

    StructType data = new StructType(SCHEMA.fields().stream().filter(f -> !f.isMetadataColumn()).toList());
    String written = written(columnar, local, data, bucket + "/out");
    assertTrue(written.startsWith(bucket + "/out/"), written);
    ParquetMetadata footer = Footers.read(Location.of(written)).metadata();
    assertEquals("deltalens-test", footer.getFileMetaData().getKeyValueMetaData().get("io.deltalens.parquet-writer"),
        "written by the columnar writer, not Kernel's");
    assertEquals(CompressionCodecName.SNAPPY, footer.getBlocks().get(0).getColumns().get(0).getCodec());
    FileStatus out = FileStatus.of(written, Storage.stat(Location.of(written)).orElseThrow().size(), 0);
    assertEquals(values(kernel, local, data).stream().filter(row -> Long.parseLong(row.get(0).substring(row.get(0).indexOf(':') + 1)) % 5 != 4).toList(), values(columnar, out, data));
  }

  @Test
  void aFailedWriteLeavesNoObjectAndNoOpenUpload() throws Exception {
    S3Server s3 = S3Server.shared();
    String bucket = s3.bucket();
    Storage.configure(Location.of(bucket), s3.options());
    StructType schema = new StructType().add("id", LongType.LONG).add("blob", BinaryType.BINARY);
    java.util.Random random = new java.util.Random(7);
    int[] batches = {0};
    // 12 MB of incompressible rows into the object's upload, then the source fails mid-file
    CloseableIterator<FilteredColumnarBatch> data = Utils.toCloseableIterator(new java.util.Iterator<>() {
      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public FilteredColumnarBatch next() {
        if (batches[0]++ == 3) {
          throw new IllegalStateException("the source broke off");
        }
        Object[] ids = new Object[64];
        Object[] blobs = new Object[64];
        for (int r = 0; r < 64; r++) {
          ids[r] = (long) r;
          byte[] blob = new byte[64 * 1024];
          random.nextBytes(blob);
          blobs[r] = blob;
        }
        return new FilteredColumnarBatch(io.deltalens.internal.kernel.KernelInternals.batch(64, schema,
            new ColumnVector[] {new io.deltalens.internal.kernel.ArrayVector(LongType.LONG, 64, ids),
                new io.deltalens.internal.kernel.ArrayVector(BinaryType.BINARY, 64, blobs)}), Optional.empty());
      }
    });
    IllegalStateException failed = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> {
      try (CloseableIterator<DataFileStatus> files = columnar.writeParquetFiles(bucket + "/out", data, List.of())) {
        files.forEachRemaining(f -> { });
      }
    });
    assertEquals("the source broke off", failed.getMessage());
    assertEquals(List.of(), s3.keys(bucket + "/out"), "no object");
    assertEquals(0, s3.uploadsInProgress(bucket), "no upload left open");
  }

  /** The one file {@code handler} writes from {@code source}'s rows, every fifth row deselected: its path. */
  private String written(ParquetHandler handler, Path source, StructType schema, String folder) throws IOException {
    CloseableIterator<FilteredColumnarBatch> batches = kernel.readParquetFiles(
        Utils.toCloseableIterator(List.of(status(source)).iterator()), schema, Optional.empty())
        .map(result -> {
          ColumnarBatch batch = result.getData();
          boolean[] keep = new boolean[batch.getSize()];
          for (int r = 0; r < keep.length; r++) {
            keep[r] = batch.getColumnVector(0).getLong(r) % 5 != 4;
          }
          return new FilteredColumnarBatch(batch, Optional.of(
              ENGINE.getExpressionHandler().createSelectionVector(keep, 0, keep.length)));
        });
    List<String> files = new ArrayList<>();
    try (CloseableIterator<DataFileStatus> statuses = handler.writeParquetFiles(folder, batches, List.of())) {
      statuses.forEachRemaining(status -> files.add(status.getPath()));
    }
    assertEquals(1, files.size(), "one file: " + files);
    return files.get(0);
  }

  private static UnaryOperator<ExampleParquetWriter.Builder> settings(String layout) {
    return switch (layout) {
      case "plain" -> b -> b.withDictionaryEncoding(false);
      // a dictionary page full after a few hundred values: the rest of each chunk PLAIN, batches mixing both
      case "dictionary overflow" -> b -> b.withPageSize(8192).withDictionaryPageSize(2048);
      case "v2" -> b -> b.withWriterVersion(WriterVersion.PARQUET_2_0).withPageSize(4096);
      case "small row groups" -> b -> b.withRowGroupSize(16 * 1024L).withPageSize(1024).withPageRowCountLimit(300);
      // compressed pages: local files are read mapped, so each codec's path gets pages outside the heap
      case "snappy" -> b -> b.withPageSize(8192).withCompressionCodec(CompressionCodecName.SNAPPY);
      case "snappy v2" -> b -> b.withWriterVersion(WriterVersion.PARQUET_2_0).withPageSize(4096)
          .withCompressionCodec(CompressionCodecName.SNAPPY);
      case "gzip" -> b -> b.withRowGroupSize(16 * 1024L).withCompressionCodec(CompressionCodecName.GZIP);
      default -> b -> b.withPageSize(8192);
    };
  }

  /** Every seventh row null in each optional column; strings repeat (dictionaries), the rest mostly not. */
  private static List<Consumer<Group>> rows() {
    return IntStream.range(0, ROWS).<Consumer<Group>>mapToObj(i -> g -> {
      g.append("id", (long) i);
      int k = i % 5000; // the values' ranges fit their types (small, dec16)
      if (k % 7 == 3) {
        return;
      }
      g.append("tiny", k % 256 - 128).append("small", k * 7 - 20000).append("i", k * 1_000_003)
          .append("l", (long) k * -123_456_789_011L).append("f", k / 3f).append("d", Math.PI * k)
          .append("b", k % 3 == 0).append("s", "v" + k % 50 + (k % 11 == 0 ? " ünïcode" : ""))
          .append("bin", Binary.fromConstantByteArray(new byte[] {(byte) k, (byte) (k >> 8), -1}))
          .append("day", k - 2500).append("ts", (k - 2500) * 86_400_000_123L)
          .append("ms", (k - 2500) * 3_600_001L).append("ntz", k * 1_000_000_007L)
          .append("legacy", int96((k - 2500) * 3_600_000_000_123L))
          .append("dec4", k * 997 - 2_000_000).append("dec8", (long) k * 1_000_000_007L)
          .append("dec16", Binary.fromConstantByteArray(fixedBytes(BigInteger.valueOf(k).pow(9).negate(), 16)))
          .append("dec5", Binary.fromConstantByteArray(fixedBytes(BigInteger.valueOf((k - 2500L) * 2_999_999), 5)));
    }).toList();
  }

  private static Binary int96(long micros) {
    long day = Math.floorDiv(micros, 86_400_000_000L);
    long nanos = Math.floorMod(micros, 86_400_000_000L) * 1000;
    return new NanoTime((int) (day + 2_440_588), nanos).toBinary();
  }

  private static byte[] fixedBytes(BigInteger value, int length) {
    byte[] raw = value.toByteArray();
    byte[] out = new byte[length];
    Arrays.fill(out, value.signum() < 0 ? (byte) -1 : 0);
    System.arraycopy(raw, 0, out, length - raw.length, raw.length);
    return out;
  }

  /** The file as Kernel's scan names it: a Hadoop path string, "file:/a b/c.parquet" (not URI-encoded). */
  private static FileStatus status(Path file) throws IOException {
    return FileStatus.of(new org.apache.hadoop.fs.Path(file.toUri()).toString(), Files.size(file), 0);
  }

  /** Whether the columnar reader takes {@code file}'s columns; the reader it opens is closed again. */
  private static boolean columnarTakes(FileStatus file, StructType schema) throws IOException {
    Optional<CloseableIterator<ColumnarBatch>> read =
        ColumnarParquetHandler.readRowGroups(file, schema, 0, Integer.MAX_VALUE);
    if (read.isPresent()) {
      read.get().close();
    }
    return read.isPresent();
  }

  private static List<List<String>> values(ParquetHandler handler, Path file, StructType schema)
      throws IOException {
    return values(handler, status(file), schema);
  }

  private static List<List<String>> values(ParquetHandler handler, FileStatus file, StructType schema)
      throws IOException {
    CloseableIterator<FileReadResult> results = handler.readParquetFiles(
        Utils.toCloseableIterator(List.of(file).iterator()), schema, Optional.empty());
    return rows(results.map(FileReadResult::getData), schema);
  }

  private static List<List<String>> rows(CloseableIterator<ColumnarBatch> batches, StructType schema)
      throws IOException {
    List<List<String>> rows = new ArrayList<>();
    try (batches) {
      while (batches.hasNext()) {
        ColumnarBatch batch = batches.next();
        for (int r = 0; r < batch.getSize(); r++) {
          List<String> row = new ArrayList<>();
          for (int c = 0; c < schema.length(); c++) {
            row.add(text(batch.getColumnVector(c), r, schema.at(c).getDataType()));
          }
          rows.add(row);
        }
      }
    }
    return rows;
  }

  private static String text(ColumnVector v, int r, DataType type) {
    if (v.isNullAt(r)) {
      return "null";
    }
    Object value;
    if (type instanceof StructType struct) {
      value = IntStream.range(0, struct.length())
          .mapToObj(i -> text(v.getChild(i), r, struct.at(i).getDataType())).toList();
    } else if (type instanceof MapType map) {
      MapValue entries = v.getMap(r);
      value = IntStream.range(0, entries.getSize()).mapToObj(i -> text(entries.getKeys(), i, map.getKeyType())
          + "=" + text(entries.getValues(), i, map.getValueType())).toList();
    } else if (type instanceof ArrayType array) {
      ArrayValue elements = v.getArray(r);
      value = IntStream.range(0, elements.getSize())
          .mapToObj(i -> text(elements.getElements(), i, array.getElementType())).toList();
    } else if (type instanceof BooleanType) {
      value = v.getBoolean(r);
    } else if (type instanceof ByteType) {
      value = v.getByte(r);
    } else if (type instanceof ShortType) {
      value = v.getShort(r);
    } else if (type instanceof IntegerType || type instanceof DateType) {
      value = v.getInt(r);
    } else if (type instanceof FloatType) {
      value = v.getFloat(r);
    } else if (type instanceof DoubleType) {
      value = v.getDouble(r);
    } else if (type instanceof StringType) {
      value = v.getString(r);
    } else if (type instanceof BinaryType) {
      value = Arrays.toString(v.getBinary(r));
    } else if (type instanceof DecimalType) {
      value = v.getDecimal(r).toPlainString();
    } else {
      value = v.getLong(r);
    }
    return type + ":" + value;
  }
}
