package io.deltalens.internal.parquet;

import io.delta.kernel.data.ColumnVector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.bytes.BytesUtils;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ValuesType;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.values.ValuesReader;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Reads one flat column of a row group page by page into its {@link ColumnSink}. Fixed-width PLAIN values
 * are taken straight from the page buffer, dictionary ids and definition levels are decoded a page at a
 * time ({@link HybridRuns}), and runs without nulls go to the sink in bulk; every other encoding goes
 * through parquet-mr's own decoders. The per-value layers of parquet-mr's {@code ColumnReader} (built for
 * nested records) are what this saves.
 */
final class ColumnCursor {
  private final ColumnDescriptor column;
  private final PageReader pages;
  private final ColumnSink sink;
  private final PrimitiveTypeName type;
  private final int maxDefinition;
  private boolean hasDictionary;
  private int pageValuesLeft;
  /** The page's definition levels, decoded at once (null where none is below the maximum); or a reader for the deprecated bit-packed ones. */
  private int[] levels;
  private int levelAt;
  private ValuesReader bitPackedLevels;
  private ByteBuffer plain;
  /** PLAIN byte arrays: each a little-endian length, then its bytes. */
  private ByteBuffer binaries;
  /** PLAIN fixed-length byte arrays (decimals): each {@code width} bytes. */
  private ByteBuffer fixed;
  private final int width;
  /** PLAIN booleans: one bit each, from the lowest bit of each byte; the next one's index. */
  private ByteBuffer bits;
  private int bitAt;
  private int[] ids;
  private int idAt;
  private ValuesReader values;

  ColumnCursor(ColumnDescriptor column, PageReader pages, ColumnSink sink) {
    this.column = column;
    this.pages = pages;
    this.sink = sink;
    this.type = column.getPrimitiveType().getPrimitiveTypeName();
    this.maxDefinition = column.getMaxDefinitionLevel();
    this.width = column.getPrimitiveType().getTypeLength();
    DictionaryPage page = pages.readDictionaryPage();
    if (page != null) {
      try {
        sink.setDictionary(page, column);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      hasDictionary = true;
    }
  }

  /** The next {@code rows} values as a vector. */
  ColumnVector read(int rows) {
    sink.start(rows);
    int done = 0;
    while (done < rows) {
      if (pageValuesLeft == 0) {
        nextPage();
      }
      int n = Math.min(rows - done, pageValuesLeft);
      if (plain != null && allDefined(n)) {
        sink.addPlain(plain, type, n);
      } else if (bits != null && allDefined(n)) {
        sink.addBits(bits, bitAt, n);
        bitAt += n;
      } else if (ids != null && allDefined(n)) {
        sink.addIds(ids, idAt, n);
        idAt += n;
      } else {
        for (int i = 0; i < n; i++) {
          if (defined()) {
            readValue();
          } else {
            sink.addNull();
          }
        }
      }
      done += n;
      pageValuesLeft -= n;
    }
    return sink.finish(rows);
  }

  /** Whether the next {@code n} values are all defined (no nulls), moving past their levels if so. */
  private boolean allDefined(int n) {
    if (bitPackedLevels != null) {
      return false;
    }
    if (levels != null) {
      for (int i = levelAt; i < levelAt + n; i++) {
        if (levels[i] != maxDefinition) {
          return false;
        }
      }
      levelAt += n;
    }
    return true;
  }

  private boolean defined() {
    if (levels != null) {
      return levels[levelAt++] == maxDefinition;
    }
    return bitPackedLevels == null || bitPackedLevels.readInteger() == maxDefinition;
  }

  private void readValue() {
    if (plain != null) {
      switch (type) {
        case INT32 -> sink.addInt(plain.getInt());
        case INT64 -> sink.addLong(plain.getLong());
        case FLOAT -> sink.addFloat(plain.getFloat());
        default -> sink.addDouble(plain.getDouble());
      }
    } else if (bits != null) {
      sink.addBits(bits, bitAt++, 1);
    } else if (binaries != null) {
      sink.addBytes(binaries, binaries.getInt());
    } else if (fixed != null) {
      sink.addBytes(fixed, width);
    } else if (ids != null) {
      sink.addValueFromDictionary(ids[idAt++]);
    } else {
      switch (type) {
        case BOOLEAN -> sink.addBoolean(values.readBoolean());
        case INT32 -> sink.addInt(values.readInteger());
        case INT64 -> sink.addLong(values.readLong());
        case FLOAT -> sink.addFloat(values.readFloat());
        case DOUBLE -> sink.addDouble(values.readDouble());
        default -> sink.addBinary(values.readBytes());
      }
    }
  }

  private void nextPage() {
    DataPage page = pages.readPage();
    if (page == null) {
      throw new IllegalStateException("column " + column + " ends before its row group");
    }
    try {
      pageValuesLeft = page.getValueCount();
      levels = null;
      levelAt = 0;
      bitPackedLevels = null;
      int levelWidth = BytesUtils.getWidthFromMaxInt(maxDefinition);
      if (page instanceof DataPageV1 v1) {
        ByteBufferInputStream in = v1.getBytes().toInputStream();
        if (maxDefinition > 0 && v1.getDlEncoding() == Encoding.RLE) {
          levels = definitionLevels(in.slice(BytesUtils.readIntLittleEndian(in)), levelWidth);
        } else if (maxDefinition > 0) {
          bitPackedLevels = v1.getDlEncoding().getValuesReader(column, ValuesType.DEFINITION_LEVEL);
          bitPackedLevels.initFromPage(pageValuesLeft, in);
        }
        startValues(v1.getValueEncoding(), in);
      } else {
        DataPageV2 v2 = (DataPageV2) page;
        if (maxDefinition > 0) {
          levels = definitionLevels(v2.getDefinitionLevels().toByteBuffer(), levelWidth);
        }
        startValues(v2.getDataEncoding(), v2.getData().toInputStream());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The page's definition levels; null where all are the maximum (no nulls), as when there are none. */
  private int[] definitionLevels(ByteBuffer encoded, int levelWidth) {
    return HybridRuns.all(encoded, levelWidth, maxDefinition, pageValuesLeft) ? null
        : HybridRuns.decode(encoded, levelWidth, pageValuesLeft);
  }

  private void startValues(Encoding encoding, ByteBufferInputStream in) throws IOException {
    plain = null;
    bits = null;
    binaries = null;
    fixed = null;
    ids = null;
    values = null;
    if (encoding.usesDictionary()) {
      if (!hasDictionary) {
        throw new IOException("column " + column + " has dictionary-encoded values but no dictionary");
      }
      int bitWidth = in.read();
      ids = HybridRuns.decode(in.slice(in.available()), bitWidth, pageValuesLeft);
      idAt = 0;
    } else if (encoding == Encoding.PLAIN && (type == PrimitiveTypeName.INT32 || type == PrimitiveTypeName.INT64
        || type == PrimitiveTypeName.FLOAT || type == PrimitiveTypeName.DOUBLE)) {
      plain = in.slice(in.available()).order(ByteOrder.LITTLE_ENDIAN);
    } else if (encoding == Encoding.PLAIN && type == PrimitiveTypeName.BINARY) {
      binaries = in.slice(in.available()).order(ByteOrder.LITTLE_ENDIAN);
    } else if (encoding == Encoding.PLAIN && type == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY) {
      fixed = in.slice(in.available());
    } else if (encoding == Encoding.PLAIN && type == PrimitiveTypeName.BOOLEAN) {
      bits = in.slice(in.available()).slice(); // from index 0 (the stream's slice is a duplicate at its position)
      bitAt = 0;
    } else {
      values = encoding.getValuesReader(column, ValuesType.VALUES);
      values.initFromPage(pageValuesLeft, in);
    }
  }
}
