package io.deltalens.internal.parquet;

import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.engine.ParquetHandler;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.types.MetadataColumnSpec;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import io.delta.kernel.utils.FileStatus;
import io.deltalens.internal.engine.Kernel;
import io.deltalens.internal.kernel.Iterators;
import io.deltalens.internal.kernel.KernelInternals;
import io.deltalens.internal.kernel.VoidTypes;
import io.deltalens.internal.storage.Location;
import io.deltalens.internal.storage.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Kernel's parquet handler with a faster read for the common case: files (local or objects) whose requested
 * columns are primitives, structs of them, and maps and lists of primitives (every action of a checkpoint).
 * Those are decoded column by column straight into primitive arrays (dictionaries decoded once) by
 * {@link FieldReader}s, instead of being assembled row by row through record converters as Kernel's default
 * reader does; a field a file lacks reads as nulls, as in Kernel's reader. Batches of primitives and
 * structs of them are written by {@link ColumnarParquetWriter}. Everything else — lists of structs and
 * nested lists when reading, arrays and maps when writing, widened types, row-group pruning by a
 * predicate, statistics collected while writing — goes to Kernel's default handler, so its rules and errors
 * stay the reference.
 */
public final class ColumnarParquetHandler implements ParquetHandler {
  /** The size files are cut at unless a caller gives its own: Kernel's default, 128 MB. */
  public static final long TARGET_FILE_SIZE = ColumnarParquetWriter.TARGET_FILE_SIZE;

  /**
   * Rows per batch: a batch's columns decode in parallel and join at its end, so a batch must be long enough
   * for that hand-off to vanish (at 4,096 rows the second core sat idle most of a read), and short enough to
   * keep reads lean (a batch of 8 long columns: 1 MB).
   */
  static final int BATCH_ROWS = 16384;
  private static final PlainParquetConfiguration CONFIGURATION = new PlainParquetConfiguration();

  private final ParquetHandler fallback;
  private final String writerName;

  /** In front of Kernel's {@code fallback}; {@code writer} names the writer in each file's metadata. */
  public ColumnarParquetHandler(ParquetHandler fallback, String writer) {
    this.fallback = fallback;
    this.writerName = writer;
  }

  @Override
  public CloseableIterator<FileReadResult> readParquetFiles(CloseableIterator<FileStatus> files,
      StructType schema, Optional<Predicate> predicate) throws IOException {
    if (predicate.isPresent()) {
      return fallback.readParquetFiles(files, schema, predicate);
    }
    if (schema.indexOf("metaData") >= 0) { // a checkpoint: void columns of its schema strings as in VoidTypes
      return files.flatMap(file -> read(file, schema))
          .map(result -> new FileReadResult(VoidTypes.rewrite(result.getData()), result.getFilePath()));
    }
    return files.flatMap(file -> read(file, schema));
  }

  /**
   * Row groups {@code [from, to)} of a file, read column by column; empty where this reader does
   * not take the file (see the class comment). Lets a copy split one large file between writers.
   */
  public static Optional<CloseableIterator<ColumnarBatch>> readRowGroups(
      FileStatus file, StructType schema, int from, int to) throws IOException {
    return FileColumns.open(file, schema, from, to).map(columns -> (CloseableIterator<ColumnarBatch>) columns);
  }

  private CloseableIterator<FileReadResult> read(FileStatus file, StructType schema) {
    try {
      if (VariantColumns.any(schema)) {
        MessageType fileSchema;
        try (ParquetFileReader footer = ParquetFileReader.open(Storage.parquet(entry(file)),
            ParquetReadOptions.builder(CONFIGURATION).build())) {
          fileSchema = footer.getFooter().getFileMetaData().getSchema();
        }
        return named(file, VariantColumns.read(fallback, file, schema, fileSchema));
      }
      Optional<FileColumns> columns = FileColumns.open(file, schema, 0, Integer.MAX_VALUE);
      if (columns.isPresent()) {
        return named(file, columns.get().map(batch -> new FileReadResult(batch, file.getPath())));
      }
      return named(file, fallback.readParquetFiles(singleton(file), schema, Optional.empty()));
    } catch (IOException | RuntimeException e) {
      throw failure(file.getPath(), e);
    }
  }

  /** {@code batches}, with a failure while reading them told with the file's name. */
  private static <T> CloseableIterator<T> named(FileStatus file, CloseableIterator<T> batches) {
    return new CloseableIterator<>() {
      @Override
      public boolean hasNext() {
        try {
          return batches.hasNext();
        } catch (RuntimeException e) {
          throw failure(file.getPath(), e);
        }
      }

      @Override
      public T next() {
        try {
          return batches.next();
        } catch (RuntimeException e) {
          throw failure(file.getPath(), e);
        }
      }

      @Override
      public void close() throws IOException {
        batches.close();
      }
    };
  }

  private static RuntimeException failure(String path, Exception e) {
    if (e instanceof io.deltalens.DeltaLensException d) {
      return d;
    }
    return ParquetErrors.reading(Location.of(path), e);
  }

  /** A file Kernel names, as a listing would have found it (its size known: no look at the file first). */
  private static Storage.Entry entry(FileStatus file) {
    return new Storage.Entry(Location.of(file.getPath()), file.getSize(), file.getModificationTime());
  }

  private static CloseableIterator<FileStatus> singleton(FileStatus file) {
    return Iterators.of(List.of(file));
  }

  /**
   * Batches without arrays or maps, and without statistics columns (copy mode takes statistics from the written footers) go to
   * {@link ColumnarParquetWriter}; the rest to Kernel's writer.
   */
  @Override
  public CloseableIterator<DataFileStatus> writeParquetFiles(String directory,
      CloseableIterator<FilteredColumnarBatch> data, List<Column> statsColumns) throws IOException {
    if (!statsColumns.isEmpty()) {
      return fallback.writeParquetFiles(directory, data, statsColumns);
    }
    return writeParquetFiles(directory, data, TARGET_FILE_SIZE, null);
  }

  /**
   * Writes files of about {@code targetFileSize} bytes each (a compaction's target; Kernel's own writer,
   * for arrays and maps, rolls at its default 128 MB), for a commit to {@code forTable} (null: none), which
   * their footers name (see {@link Footers#WRITTEN_FOR}; Kernel's writer, for arrays and maps, cannot).
   */
  public CloseableIterator<DataFileStatus> writeParquetFiles(String directory,
      CloseableIterator<FilteredColumnarBatch> data, long targetFileSize, Location forTable) throws IOException {
    if (!data.hasNext()) {
      return fallback.writeParquetFiles(directory, data, List.of());
    }
    FilteredColumnarBatch first = data.next();
    Optional<ColumnarParquetWriter> writer =
        ColumnarParquetWriter.of(Location.of(directory), first, data, writerName, targetFileSize, forTable);
    if (writer.isPresent()) {
      return writer.get();
    }
    return fallback.writeParquetFiles(directory, Iterators.of(List.of(first)).combine(data), List.of());
  }

  @Override
  public void writeParquetFileAtomically(String path, CloseableIterator<FilteredColumnarBatch> data)
      throws IOException {
    fallback.writeParquetFileAtomically(path, data);
  }

  /** The batches of one file whose requested fields all have readers. */
  private static final class FileColumns implements CloseableIterator<ColumnarBatch> {
    private final ParquetFileReader reader;
    private final StructType schema;
    /** Per requested field: its reader, or null for the row-index column. */
    private final FieldReader[] fields;
    private final List<BlockMetaData> rowGroups;
    private final int endGroup;
    private int nextGroup;
    private long groupFirstRow;
    private long groupRowsLeft;

    private FileColumns(ParquetFileReader reader, StructType schema, MessageType projection,
        FieldReader[] fields, int from, int to) throws IOException {
      this.reader = reader;
      this.schema = schema;
      this.fields = fields;
      this.rowGroups = reader.getRowGroups();
      this.endGroup = Math.min(to, rowGroups.size());
      reader.setRequestedSchema(projection);
      for (; nextGroup < from && nextGroup < endGroup; nextGroup++) {
        reader.skipNextRowGroup();
      }
    }

    /** The columnar read of row groups [from, to), or empty where a requested field has no reader. */
    static Optional<FileColumns> open(FileStatus file, StructType schema, int from, int to)
        throws IOException {
      // pages with a checksum are checked (a damaged page fails naming the file; ~3% of P3's read).
      // Decompressors several threads may use: a row group's columns decode in parallel. A row group's
      // column chunks come in buffers of 256 KB: ordinary objects to G1 (from half a region, 512 KB in a small
      // heap, an array is "humongous" and takes whole regions: a 1 MB buffer took two), so a small heap finds
      // room for them where parquet-mr's default pieces of 8 MB fail
      Storage.Entry entry = entry(file);
      InputFile input = entry.location().isLocal() ? new MappedFile(entry.location().local().orElseThrow())
          : Storage.parquet(entry);
      ParquetFileReader reader = ParquetFileReader.open(input,
          ParquetReadOptions.builder(CONFIGURATION).withCodecFactory(new Decompressors())
              .withMaxAllocationInBytes(256 << 10).usePageChecksumVerification(true).build());
      MessageType fileSchema = reader.getFooter().getFileMetaData().getSchema();
      List<Type> columns = new ArrayList<>();
      FieldReader[] fields = new FieldReader[schema.length()];
      for (int i = 0; i < schema.length(); i++) {
        StructField field = schema.at(i);
        if (field.isMetadataColumn() && field.getMetadataColumnSpec() == MetadataColumnSpec.ROW_INDEX) {
          continue;
        }
        Optional<Type> column = FieldReader.fileColumn(fileSchema, field);
        Optional<FieldReader> read = FieldReader.of(field.getDataType(), column.orElse(null), fileSchema,
            column.map(c -> new String[] {c.getName()}).orElse(new String[0]));
        Optional<Type> requested = read.flatMap(FieldReader::requested);
        if (read.isEmpty() || requested.isPresent() && columns.stream()
            .anyMatch(c -> c.getName().equals(requested.get().getName()))) {
          reader.close();
          return Optional.empty();
        }
        requested.ifPresent(columns::add);
        fields[i] = read.get();
      }
      if (columns.isEmpty()) { // none of the fields in the file: Kernel's reader counts the rows
        reader.close();
        return Optional.empty();
      }
      return Optional.of(
          new FileColumns(reader, schema, new MessageType(fileSchema.getName(), columns), fields, from, to));
    }

    @Override
    public boolean hasNext() {
      try {
        if (groupRowsLeft == 0) {
          nextRowGroup();
        }
        return groupRowsLeft > 0;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read parquet file " + reader.getFile(), e);
      }
    }

    private void nextRowGroup() throws IOException {
      for (FieldReader field : fields) { // the last row group's pages go before the next one's are read
        if (field != null) {
          field.endRowGroup();
        }
      }
      PageReadStore pages;
      do {
        if (nextGroup == endGroup) {
          return;
        }
        groupFirstRow = rowGroups.get(nextGroup++).getRowIndexOffset();
        pages = reader.readNextRowGroup();
      } while (pages.getRowCount() == 0);
      groupRowsLeft = pages.getRowCount();
      for (FieldReader field : fields) {
        if (field != null) {
          field.rowGroup(pages);
        }
      }
    }

    @Override
    public ColumnarBatch next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      int rows = (int) Math.min(BATCH_ROWS, groupRowsLeft);
      long firstRow = groupFirstRow + rowGroups.get(nextGroup - 1).getRowCount() - groupRowsLeft;
      ColumnVector[] vectors = new ColumnVector[fields.length];
      // fields decode independently (each its own pages and sinks): on every core
      java.util.stream.IntStream.range(0, fields.length).parallel().forEach(i ->
          vectors[i] = fields[i] == null ? ColumnSink.rowIndexes(firstRow, rows) : fields[i].read(rows));
      groupRowsLeft -= rows;
      return KernelInternals.batch(rows, schema, vectors);
    }

    @Override
    public void close() throws IOException {
      reader.close();
    }
  }
}
