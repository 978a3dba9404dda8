package io.deltalens.internal.parquet;

import io.delta.kernel.data.ColumnVector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
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
 * Reads one column of a row group page by page into its {@link ColumnSink}. Fixed-width PLAIN values
 * are taken straight from the page buffer, dictionary ids and levels are decoded a page at a time
 * ({@link HybridRuns}), and runs without nulls go to the sink in bulk; every other encoding goes through
 * parquet-mr's own decoders. The per-value layers of parquet-mr's {@code ColumnReader} (built for
 * nested records) are what this saves. A column in a struct reads as a flat one (a null struct is a null
 * value; {@link #levels} tell which); a repeated one (a map's keys or values, a list's elements) reads a
 * row group's entries at once ({@link #readEntries}).
 */
final class ColumnCursor {
  private final ColumnDescriptor column;
  private final PageReader pages;
  private final ColumnSink sink;
  private final PrimitiveTypeName type;
  private final int maxDefinition;
  private final int maxRepetition;
  /** Whether {@link #read} keeps each row's definition level: the column tells its struct's nulls. */
  private final boolean keepsLevels;
  /** The values the column chunk's dictionary holds; -1 where it has none. */
  private int dictionarySize = -1;
  private int pageValuesLeft;
  /** The page's definition levels, decoded at once (null where none is below the maximum). */
  private int[] levels;
  private int levelAt;
  /** The page's repetition levels (a repeated column's only). */
  private int[] repetitions;
  private int repetitionAt;
  /** The last batch's definition level per row, where {@link #keepsLevels} (null: every row at the maximum). */
  private int[] rowLevels;
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

  ColumnCursor(ColumnDescriptor column, PageReader pages, ColumnSink sink, boolean keepsLevels) {
    this.column = column;
    this.pages = pages;
    this.sink = sink;
    this.keepsLevels = keepsLevels;
    this.type = column.getPrimitiveType().getPrimitiveTypeName();
    this.maxDefinition = column.getMaxDefinitionLevel();
    this.maxRepetition = column.getMaxRepetitionLevel();
    this.width = column.getPrimitiveType().getTypeLength();
    DictionaryPage page = pages.readDictionaryPage();
    if (page != null) {
      try {
        sink.setDictionary(page, column);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      dictionarySize = page.getDictionarySize();
    }
  }

  /** The next {@code rows} values as a vector. */
  ColumnVector read(int rows) {
    sink.start(rows);
    rowLevels = null;
    int done = 0;
    while (done < rows) {
      if (pageValuesLeft == 0) {
        nextPage();
      }
      int n = Math.min(rows - done, pageValuesLeft);
      if (keepsLevels) {
        keepLevels(done, n, rows);
      }
      if (plain != null && allDefined(n)) {
        sink.addPlain(plain, type, n);
      } else if (bits != null && allDefined(n)) {
        sink.addBits(bits, bitAt, n);
        bitAt += n;
      } else if (ids != null && allDefined(n)) {
        requireInDictionary(idAt, n);
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

  /** The definition level of each row of the last {@link #read} (null: all at the maximum, no nulls). */
  int[] levels() {
    return rowLevels;
  }

  /** Keeps the levels of rows {@code [done, done + n)} of a batch of {@code rows}, before they are read. */
  private void keepLevels(int done, int n, int rows) {
    if (levels == null && rowLevels == null) {
      return; // every row so far at the maximum
    }
    if (rowLevels == null) {
      rowLevels = new int[rows];
      Arrays.fill(rowLevels, 0, done, maxDefinition);
    }
    if (levels == null) {
      Arrays.fill(rowLevels, done, done + n, maxDefinition);
    } else {
      System.arraycopy(levels, levelAt, rowLevels, done, n);
    }
  }

  /**
   * Reads the rest of the row group of a repeated column: {@code entries} pairs of levels (the chunk's
   * value count), handing the sink a value for each entry that exists (definition level at least
   * {@code entryLevel}; null where it exists without one). Each entry's levels go to {@code repetitionsOut}
   * and {@code definitionsOut} where given. The vector holds the elements only.
   */
  ColumnVector readEntries(int entries, int entryLevel, int[] repetitionsOut, int[] definitionsOut) {
    sink.start(entries);
    for (int e = 0; e < entries; e++) {
      if (pageValuesLeft == 0) {
        nextPage();
      }
      pageValuesLeft--;
      int definition = levels == null ? maxDefinition : levels[levelAt++];
      int repetition = repetitions[repetitionAt++];
      if (definitionsOut != null) {
        definitionsOut[e] = definition;
        repetitionsOut[e] = repetition;
      }
      if (definition == maxDefinition) {
        readValue();
      } else if (definition >= entryLevel) {
        sink.addNull();
      }
    }
    return sink.finish(sink.at);
  }

  /** Whether the next {@code n} values are all defined (no nulls), moving past their levels if so. */
  private boolean allDefined(int n) {
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
    return levels == null || levels[levelAt++] == maxDefinition;
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
      requireInDictionary(idAt, 1);
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
      repetitions = null;
      repetitionAt = 0;
      if (page instanceof DataPageV1 v1) {
        ByteBufferInputStream in = v1.getBytes().toInputStream();
        if (maxRepetition > 0) {
          repetitions = levelsV1(in, v1.getRlEncoding(), maxRepetition, ValuesType.REPETITION_LEVEL);
        }
        if (maxDefinition > 0) {
          levels = levelsV1(in, v1.getDlEncoding(), maxDefinition, ValuesType.DEFINITION_LEVEL);
        }
        startValues(v1.getValueEncoding(), in);
      } else {
        DataPageV2 v2 = (DataPageV2) page;
        if (maxRepetition > 0) {
          repetitions = HybridRuns.decode(v2.getRepetitionLevels().toByteBuffer(),
              BytesUtils.getWidthFromMaxInt(maxRepetition), pageValuesLeft);
        }
        if (maxDefinition > 0) {
          levels = definitionLevels(v2.getDefinitionLevels().toByteBuffer());
        }
        startValues(v2.getDataEncoding(), v2.getData().toInputStream());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A v1 page's levels of one kind (up to {@code max}), moving the stream past them: RLE ones, after their
   * length, decoded at once; the deprecated bit-packed ones through parquet-mr's reader. Definition levels
   * all at the maximum come back as null.
   */
  private int[] levelsV1(ByteBufferInputStream in, Encoding encoding, int max, ValuesType kind)
      throws IOException {
    if (encoding == Encoding.RLE) {
      ByteBuffer encoded = in.slice(BytesUtils.readIntLittleEndian(in));
      return kind == ValuesType.DEFINITION_LEVEL ? definitionLevels(encoded)
          : HybridRuns.decode(encoded, BytesUtils.getWidthFromMaxInt(max), pageValuesLeft);
    }
    ValuesReader reader = encoding.getValuesReader(column, kind);
    reader.initFromPage(pageValuesLeft, in);
    int[] decoded = new int[pageValuesLeft];
    for (int i = 0; i < decoded.length; i++) {
      decoded[i] = reader.readInteger();
    }
    return decoded;
  }

  /**
   * Fails where one of the {@code n} ids from {@code from} is not in the dictionary (a damaged page): taken
   * as it is, it failed later, far from the file. One pass over ids already in cache.
   */
  private void requireInDictionary(int from, int n) {
    int highest = 0;
    for (int i = from; i < from + n; i++) {
      highest = Integer.compareUnsigned(ids[i], highest) > 0 ? ids[i] : highest;
    }
    if (Integer.compareUnsigned(highest, dictionarySize) >= 0) {
      throw new IllegalStateException("column " + column + ": a data page names dictionary entry "
          + Integer.toUnsignedString(highest) + " of " + dictionarySize + " (the page is damaged)");
    }
  }

  /** The page's definition levels; null where all are the maximum (no nulls), as when there are none. */
  private int[] definitionLevels(ByteBuffer encoded) {
    int width = BytesUtils.getWidthFromMaxInt(maxDefinition);
    return HybridRuns.all(encoded, width, maxDefinition, pageValuesLeft) ? null
        : HybridRuns.decode(encoded, width, pageValuesLeft);
  }

  private void startValues(Encoding encoding, ByteBufferInputStream in) throws IOException {
    plain = null;
    bits = null;
    binaries = null;
    fixed = null;
    ids = null;
    values = null;
    if (encoding.usesDictionary()) {
      if (dictionarySize < 0) {
        throw new IOException("column " + column + " has dictionary-encoded values but no dictionary");
      }
      int bitWidth = in.read();
      if (bitWidth < 0 || bitWidth > 32) {
        throw new IOException("column " + column + ": a data page's dictionary ids are " + bitWidth + " bits wide");
      }
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
