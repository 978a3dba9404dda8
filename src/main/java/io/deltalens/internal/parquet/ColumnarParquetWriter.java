package io.deltalens.internal.parquet;

import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.types.ByteType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import io.deltalens.internal.engine.Kernel;
import io.deltalens.internal.kernel.Utf8Vector;
import io.deltalens.internal.storage.Location;
import io.deltalens.internal.storage.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;

/**
 * Writes batches of primitive columns and structs of them into parquet files inside a folder or under a key
 * prefix, as Kernel's default writer
 * does — the same parquet schema (field ids included), the same value encodings, parquet-mr's default
 * page and row-group settings, files rolled at 128 MB — but hands each value straight to its column's
 * writer instead of assembling a record per row, and checks sizes per row group instead of per row.
 * Files are compressed with snappy, as Spark writes them; an object is one multipart upload (S3A's). A failed
 * write deletes its file.
 */
final class ColumnarParquetWriter implements CloseableIterator<DataFileStatus> {
  /** Kernel's default target file size, the size appends write. */
  static final long TARGET_FILE_SIZE = 128L * 1024 * 1024;
  private static final ParquetProperties PROPERTIES = ParquetProperties.builder().build();
  /**
   * parquet-mr's 128 MB, or an eighth of the heap where that is less: a writer buffers a whole row group,
   * so a small heap (a 512 MB container) still copies files of any size.
   */
  static final long ROW_GROUP_SIZE =
      Math.min(ParquetWriter.DEFAULT_BLOCK_SIZE, Runtime.getRuntime().maxMemory() / 8);

  private final Location directory;
  private final String writerName;
  private final Location forTable; // the table whose commit will add the files (null: none)
  private final CloseableIterator<FilteredColumnarBatch> data;
  private final StructType schema;
  private final MessageType parquetSchema;
  private final List<ColumnDescriptor> columns;
  private final long targetFileSize;
  private int fileNumber;
  private final Leaf[] leaves; // per parquet column: where it is in the schema
  private ColumnVector[][] vectors; // per parquet column, the current batch's vectors from the top field down to it
  private final StringBytes[] strings; // per string column (null for others)
  private int[] rows = new int[0];
  private int nextRow;

  private ColumnarParquetWriter(Location directory, FilteredColumnarBatch first,
      CloseableIterator<FilteredColumnarBatch> rest, String writer, long targetFileSize, Location forTable) {
    this.directory = directory;
    this.forTable = forTable;
    this.targetFileSize = targetFileSize;
    this.writerName = writer;
    this.data = rest;
    this.schema = first.getData().getSchema();
    this.parquetSchema = ParquetSchemas.toParquet(schema).orElseThrow();
    this.columns = parquetSchema.getColumns();
    List<Leaf> found = new ArrayList<>();
    Leaf.find(schema, new int[0], new boolean[0], found);
    this.leaves = found.toArray(Leaf[]::new);
    this.strings = found.stream().map(leaf -> leaf.type() instanceof StringType ? new StringBytes() : null)
        .toArray(StringBytes[]::new);
    take(first);
  }

  /**
   * A parquet column: the field indexes from the top of the schema down to its primitive field (structs on the
   * way), which of them are nullable, and its type. Parquet lists them depth first, as this finds them.
   */
  private record Leaf(int[] path, boolean[] nullable, DataType type) {
    static void find(StructType struct, int[] path, boolean[] nullable, List<Leaf> leaves) {
      for (int i = 0; i < struct.length(); i++) {
        int[] at = Arrays.copyOf(path, path.length + 1);
        at[path.length] = i;
        boolean[] optional = Arrays.copyOf(nullable, nullable.length + 1);
        optional[nullable.length] = struct.at(i).isNullable();
        if (struct.at(i).getDataType() instanceof StructType child) {
          find(child, at, optional, leaves);
        } else {
          leaves.add(new Leaf(at, optional, struct.at(i).getDataType()));
        }
      }
    }

    /** The batch's vectors from the top field down to this column. */
    ColumnVector[] vectors(ColumnarBatch batch) {
      ColumnVector[] chain = new ColumnVector[path.length];
      chain[0] = batch.getColumnVector(path[0]);
      for (int i = 1; i < path.length; i++) {
        chain[i] = chain[i - 1].getChild(path[i]);
      }
      return chain;
    }
  }

  /**
   * A writer of {@code rest} (after its {@code first} batch), or empty where a column holds an array or a map; its
   * footers name {@code forTable} (when given) as the table whose commit will add the files.
   */
  static Optional<ColumnarParquetWriter> of(Location directory, FilteredColumnarBatch first,
      CloseableIterator<FilteredColumnarBatch> rest, String writer, long targetFileSize, Location forTable) {
    return ParquetSchemas.toParquet(first.getData().getSchema())
        .map(unused -> new ColumnarParquetWriter(directory, first, rest, writer, targetFileSize, forTable));
  }

  @Override
  public boolean hasNext() {
    while (nextRow == rows.length && data.hasNext()) {
      FilteredColumnarBatch next = data.next();
      if (!next.getData().getSchema().equals(schema)) {
        throw new IllegalArgumentException("batches to write differ in schema: " + schema + " and "
            + next.getData().getSchema());
      }
      take(next);
    }
    return nextRow < rows.length;
  }

  private void take(FilteredColumnarBatch next) {
    ColumnarBatch batch = next.getData();
    vectors = new ColumnVector[leaves.length][];
    for (int c = 0; c < vectors.length; c++) {
      vectors[c] = leaves[c].vectors(batch);
    }
    nextRow = 0;
    Optional<ColumnVector> selection = next.getSelectionVector();
    int size = batch.getSize();
    int[] selected = new int[size];
    int n = 0;
    for (int row = 0; row < size; row++) {
      if (selection.isEmpty() || (!selection.get().isNullAt(row) && selection.get().getBoolean(row))) {
        selected[n++] = row;
      }
    }
    rows = n == size ? selected : Arrays.copyOf(selected, n);
  }

  /** Writes the next file, up to the target size. */
  @Override
  public DataFileStatus next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Location file = directory.resolve(String.format("%s-%03d.parquet", UUID.randomUUID(), fileNumber++));
    CodecFactory codecs = new CodecFactory(new PlainParquetConfiguration(), PROPERTIES.getPageSizeThreshold());
    Storage.ParquetOutput output = Storage.parquetOutput(file);
    try {
      ParquetFileWriter writer = new ParquetFileWriter(output, parquetSchema,
          ParquetFileWriter.Mode.CREATE, ROW_GROUP_SIZE, ParquetWriter.MAX_PADDING_SIZE_DEFAULT,
          PROPERTIES.getColumnIndexTruncateLength(), PROPERTIES.getStatisticsTruncateLength(),
          PROPERTIES.getPageWriteChecksumEnabled());
      writer.start();
      do {
        writeRowGroup(writer, codecs.getCompressor(CompressionCodecName.SNAPPY));
      } while (hasNext() && writer.getPos() < targetFileSize);
      writer.end(forTable == null ? Map.of("io.deltalens.parquet-writer", writerName)
          : Map.of("io.deltalens.parquet-writer", writerName, Footers.WRITTEN_FOR, Footers.tableKey(forTable)));
      Storage.Entry written = Storage.stat(file).orElseThrow(() -> new IOException("not found after writing"));
      return new DataFileStatus(written.location().hadoopPath().toUri().toString(), written.size(),
          written.modificationTime(), Optional.empty());
    } catch (IOException | RuntimeException | Error e) { // out of memory too: no half-written file stays
      output.abort(e);
      if (e instanceof Error error) {
        throw error;
      }
      throw e instanceof IOException io ? new UncheckedIOException("cannot write " + file + ": " + io.getMessage(), io)
          : (RuntimeException) e;
    } finally {
      codecs.release();
    }
  }

  /**
   * Rows written a column at a time: a run of one column's values goes to its writer before the next
   * column's, so each writer's code and data stay hot and every branch on the column's type goes one way
   * (row by row, the nine columns of a Kafka batch took turns through one method the JIT compiled again as
   * each type's path got hot). A page still ends on a row: parquet-mr counts a page's rows by its values
   * (no repeated fields here), not by {@code endRecord}, which only says when to look at the sizes.
   */
  private static final int RUN = 1024;

  /**
   * One row group: rows until the buffered pages reach the row-group size (or the file its target), with
   * the size looked at now and then as parquet-mr's record writer does (a run ends where it looks).
   */
  private void writeRowGroup(ParquetFileWriter writer, CodecFactory.BytesCompressor compressor)
      throws IOException {
    ColumnChunkPageWriteStore pages = new ColumnChunkPageWriteStore(compressor, parquetSchema,
        PROPERTIES.getAllocator(), PROPERTIES.getColumnIndexTruncateLength(),
        PROPERTIES.getPageWriteChecksumEnabled());
    ColumnWriteStore store = PROPERTIES.newColumnWriteStore(parquetSchema, pages, pages);
    ColumnWriter[] writers = columns.stream().map(store::getColumnWriter).toArray(ColumnWriter[]::new);
    long limit = Math.min(ROW_GROUP_SIZE, Math.max(targetFileSize - writer.getPos(), 1));
    long count = 0;
    long nextCheck = PROPERTIES.getMinRowCountForPageSizeCheck();
    while (hasNext()) {
      int from = nextRow;
      int to = (int) Math.min(rows.length, from + Math.min(RUN, nextCheck - count));
      for (int c = 0; c < writers.length; c++) {
        ColumnWriter column = writers[c];
        ColumnDescriptor descriptor = columns.get(c);
        for (int i = from; i < to; i++) {
          write(column, descriptor, leaves[c], vectors[c], rows[i], strings[c]);
        }
      }
      for (int i = from; i < to; i++) {
        store.endRecord();
      }
      nextRow = to;
      count += to - from;
      if (count >= nextCheck) {
        long buffered = store.getBufferedSize();
        if (buffered >= limit - 2 * buffered / count) {
          break;
        }
        nextCheck = count + Math.max(100, Math.min(10_000, (long) ((limit - buffered) / ((double) buffered / count)) / 2));
      }
    }
    writer.startBlock(count);
    store.flush();
    pages.flushToFileWriter(writer);
    writer.endBlock();
    store.close();
    pages.close();
  }

  /**
   * One value of a column: a null where it or a struct above it is null, at the definition level of the nullable
   * fields above it that are not.
   */
  private static void write(ColumnWriter writer, ColumnDescriptor column, Leaf leaf, ColumnVector[] chain, int row,
      StringBytes strings) {
    int defined = 0;
    for (int i = 0; i < chain.length; i++) {
      if (chain[i].isNullAt(row)) {
        if (!leaf.nullable()[i]) {
          throw new IllegalArgumentException("null in non-nullable column "
              + String.join(".", Arrays.copyOf(column.getPath(), i + 1)));
        }
        writer.writeNull(0, defined);
        return;
      }
      defined += leaf.nullable()[i] ? 1 : 0;
    }
    ColumnVector vector = chain[chain.length - 1];
    DataType type = leaf.type();
    switch (column.getPrimitiveType().getPrimitiveTypeName()) {
      case BOOLEAN -> writer.write(vector.getBoolean(row), 0, defined);
      case INT32 -> writer.write(int32(vector, row, type), 0, defined);
      case INT64 -> writer.write(type instanceof DecimalType d
          ? vector.getDecimal(row).movePointRight(d.getScale()).longValue() : vector.getLong(row), 0, defined);
      case FLOAT -> writer.write(vector.getFloat(row), 0, defined);
      case DOUBLE -> writer.write(vector.getDouble(row), 0, defined);
      case FIXED_LEN_BYTE_ARRAY -> writer.write(Binary.fromConstantByteArray(
          fixedLength(vector.getDecimal(row).unscaledValue().toByteArray(), column.getPrimitiveType().getTypeLength())),
          0, defined);
      default -> writer.write(vector instanceof Utf8Vector utf8
          ? Binary.fromConstantByteArray(utf8.bytes(), utf8.start(row), utf8.length(row))
          : strings != null ? strings.of(vector.getString(row))
          : Binary.fromConstantByteArray(vector.getBinary(row)), 0, defined);
    }
  }

  /**
   * A string's bytes as parquet's value, the same {@code Binary} again for a string seen recently: parquet's
   * dictionary writer compares a value it holds by identity before byte by byte (that comparison was 12% of
   * a compaction's time). Slots go by the string's own hash (cached in it), not its identity: the columnar
   * reader shares one object per dictionary entry, but a Kafka batch's strings are each their own object,
   * and an identity hash costs a fresh object more than hashing its characters. Array-backed, not
   * {@code Binary.fromString}'s buffer, whose hashing and equality go byte by byte through it.
   */
  private static final class StringBytes {
    private final String[] keys = new String[4096];
    private final Binary[] values = new Binary[4096];

    Binary of(String value) {
      int hash = value.hashCode();
      int slot = (hash ^ (hash >>> 16)) & (keys.length - 1);
      if (!value.equals(keys[slot])) {
        keys[slot] = value;
        values[slot] = Binary.fromConstantByteArray(value.getBytes(StandardCharsets.UTF_8));
      }
      return values[slot];
    }
  }

  private static int int32(ColumnVector vector, int row, DataType type) {
    if (type instanceof ByteType) {
      return vector.getByte(row);
    } else if (type instanceof ShortType) {
      return vector.getShort(row);
    } else if (type instanceof DecimalType d) {
      return vector.getDecimal(row).movePointRight(d.getScale()).intValue();
    }
    return vector.getInt(row);
  }

  /** Big-endian two's complement bytes sign-extended to {@code length}. */
  private static byte[] fixedLength(byte[] bytes, int length) {
    if (bytes.length == length) {
      return bytes;
    }
    byte[] out = new byte[length];
    Arrays.fill(out, 0, length - bytes.length, bytes[0] < 0 ? (byte) -1 : 0);
    System.arraycopy(bytes, 0, out, length - bytes.length, bytes.length);
    return out;
  }

  @Override
  public void close() throws IOException {
    data.close();
  }
}
