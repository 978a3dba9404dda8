package io.deltalens.internal.parquet;

import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.types.BinaryType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.ByteType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import io.deltalens.internal.engine.Kernel;
import io.deltalens.internal.kernel.ArrayVector;
import io.deltalens.internal.kernel.DictionaryVector;
import io.deltalens.internal.kernel.PrimitiveVector;
import io.deltalens.internal.kernel.Utf8Vector;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.IntFunction;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Receives the values of one primitive parquet column, a batch at a time (a repeated column's row group at
 * once), into a primitive array, and hands the batch out as a Kernel vector. Dictionary-encoded pages are
 * decoded once per dictionary, not once per value; runs without nulls come in bulk ({@link #addPlain},
 * {@link #addIds}); strings read from a dictionary stay ids into it ({@link DictionaryVector}) and decimals
 * of up to 18 digits unscaled longs.
 * {@link #of} picks the sink for a Kernel type read from a parquet column, or none where the
 * pair is not a plain one (Kernel's own reader then reads the file, with its own checks and errors).
 */
abstract class ColumnSink extends PrimitiveConverter {
  protected int at;
  private boolean[] nulls;

  /** Starts a batch of {@code rows} values. */
  void start(int rows) {
    at = 0;
    nulls = null;
    allocate(rows);
  }

  void addNull() {
    if (nulls == null) {
      nulls = new boolean[capacity()];
    }
    nulls[at++] = true;
  }

  /** The batch as a vector of {@code rows} values. */
  abstract ColumnVector finish(int rows);

  protected abstract void allocate(int rows);

  protected abstract int capacity();

  protected boolean[] nulls() {
    return nulls;
  }

  /**
   * Takes a column chunk's dictionary page. A PLAIN one (every writer's) goes to {@link #setPlainDictionary}
   * as little-endian bytes, which the sinks of numbers and strings read in bulk; the rest through
   * parquet-mr's decoders to {@link #setDictionary(Dictionary)}, whose per-value stream reads and calls cost
   * more than the page's decompression.
   */
  void setDictionary(DictionaryPage page, ColumnDescriptor column) throws IOException {
    Encoding encoding = page.getEncoding();
    if (encoding == Encoding.PLAIN || encoding == Encoding.PLAIN_DICTIONARY) {
      // a page's bytes may be a stream (a codec's output), read once: parquet-mr gets them as a buffer too
      ByteBuffer bytes = page.getBytes().toByteBuffer().slice();
      try {
        if (setPlainDictionary(bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN), page.getDictionarySize(),
            column.getPrimitiveType())) {
          return;
        }
      } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
        throw new IOException("column " + column + ": its dictionary page is shorter than its "
            + page.getDictionarySize() + " values");
      }
      page = new DictionaryPage(BytesInput.from(bytes), page.getDictionarySize(), encoding);
    }
    setDictionary(encoding.initDictionary(column, page));
  }

  /**
   * Takes a PLAIN dictionary of {@code size} values stored as {@code physical}, if this sink reads it in bulk;
   * false to have parquet-mr decode it. {@code page} is little-endian, its position at the first value.
   */
  protected boolean setPlainDictionary(ByteBuffer page, int size, PrimitiveType physical) {
    return false;
  }

  /** {@code n} non-null PLAIN values at the page's position (fixed width: int32, int64, float, double). */
  void addPlain(ByteBuffer page, PrimitiveTypeName type, int n) {
    for (int i = 0; i < n; i++) {
      switch (type) {
        case INT32 -> addInt(page.getInt());
        case INT64 -> addLong(page.getLong());
        case FLOAT -> addFloat(page.getFloat());
        default -> addDouble(page.getDouble());
      }
    }
  }

  /** One non-null PLAIN byte array: {@code length} bytes at the page's position, which moves past them. */
  void addBytes(ByteBuffer page, int length) {
    ByteBuffer value = page.slice().limit(length);
    page.position(page.position() + length);
    addBinary(Binary.fromConstantByteBuffer(value));
  }

  /** {@code n} non-null PLAIN booleans from bit {@code from} of {@code bits} (the lowest bit of a byte first). */
  void addBits(ByteBuffer bits, int from, int n) {
    for (int i = from; i < from + n; i++) {
      addBoolean((bits.get(i >>> 3) >>> (i & 7) & 1) != 0);
    }
  }

  /** {@code n} non-null values by their dictionary ids, {@code ids[from..from+n)}. */
  void addIds(int[] ids, int from, int n) {
    for (int i = from; i < from + n; i++) {
      addValueFromDictionary(ids[i]);
    }
  }

  /** Moves the page's position past {@code n} values of {@code width} bytes each, read in bulk. */
  protected static void skip(ByteBuffer page, int n, int width) {
    page.position(page.position() + n * width);
  }

  @Override
  public boolean hasDictionarySupport() {
    return true;
  }

  /** The sink for a column of Delta type {@code type} stored as {@code column}; empty where the map says no. */
  static Optional<ColumnSink> of(DataType type, PrimitiveType column) {
    if (!ParquetSchemas.holds(column, type)) {
      return Optional.empty();
    }
    PrimitiveTypeName physical = column.getPrimitiveTypeName();
    if (type instanceof BooleanType) {
      return Optional.of(new Booleans());
    } else if (type instanceof ByteType || type instanceof ShortType || type instanceof IntegerType
        || type instanceof DateType) {
      return Optional.of(new Ints(type));
    } else if (type instanceof LongType) {
      return Optional.of(new Longs(type, 1));
    } else if (type instanceof TimestampType && physical == PrimitiveTypeName.INT96) {
      return Optional.of(new Int96Timestamps());
    } else if (type instanceof TimestampType || type instanceof TimestampNTZType) {
      var unit = ((TimestampLogicalTypeAnnotation) column.getLogicalTypeAnnotation()).getUnit();
      return Optional.of(new Longs(type, unit == TimeUnit.MILLIS ? 1000 : 1));
    } else if (type instanceof FloatType) {
      return Optional.of(new Floats());
    } else if (type instanceof DoubleType) {
      return Optional.of(new Doubles());
    } else if (type instanceof StringType) {
      return Optional.of(new Strings());
    } else if (type instanceof BinaryType) {
      return Optional.of(new Binaries());
    } else if (type instanceof DecimalType decimal && decimal.getPrecision() <= 18) {
      return Optional.of(new SmallDecimals(decimal, physical));
    } else if (type instanceof DecimalType decimal) {
      return Optional.of(new Decimals(decimal, physical));
    }
    return Optional.empty();
  }

  /** Row positions within the file, for Kernel's row-index metadata column (deletion vectors). */
  static ColumnVector rowIndexes(long first, int rows) {
    long[] values = new long[rows];
    Arrays.setAll(values, i -> first + i);
    return new PrimitiveVector(LongType.LONG, rows, null, values);
  }

  private static final class Booleans extends ColumnSink {
    private boolean[] values;

    @Override
    protected void allocate(int rows) {
      values = new boolean[rows];
    }

    @Override
    protected int capacity() {
      return values.length;
    }

    @Override
    public boolean hasDictionarySupport() {
      return false;
    }

    @Override
    public void addBoolean(boolean value) {
      values[at++] = value;
    }

    @Override
    void addBits(ByteBuffer bits, int from, int n) {
      if (!bits.hasArray()) {
        super.addBits(bits, from, n);
        return;
      }
      byte[] array = bits.array();
      int base = bits.arrayOffset();
      for (int i = 0; i < n; i++) {
        int bit = from + i;
        values[at + i] = (array[base + (bit >>> 3)] >>> (bit & 7) & 1) != 0;
      }
      at += n;
    }

    @Override
    ColumnVector finish(int rows) {
      return new PrimitiveVector(BooleanType.BOOLEAN, rows, nulls(), values);
    }
  }

  /** INT32 as int, date (days), short or byte. */
  private static final class Ints extends ColumnSink {
    private final DataType type;
    private int[] values;
    private int[] dictionary;

    Ints(DataType type) {
      this.type = type;
    }

    @Override
    protected void allocate(int rows) {
      values = new int[rows];
    }

    @Override
    protected int capacity() {
      return values.length;
    }

    @Override
    public void setDictionary(Dictionary dict) {
      dictionary = new int[dict.getMaxId() + 1];
      Arrays.setAll(dictionary, dict::decodeToInt);
    }

    @Override
    protected boolean setPlainDictionary(ByteBuffer page, int size, PrimitiveType physical) {
      if (physical.getPrimitiveTypeName() != PrimitiveTypeName.INT32) {
        return false;
      }
      dictionary = new int[size];
      page.asIntBuffer().get(dictionary);
      return true;
    }

    @Override
    public void addValueFromDictionary(int id) {
      values[at++] = dictionary[id];
    }

    @Override
    public void addInt(int value) {
      values[at++] = value;
    }

    @Override
    void addPlain(ByteBuffer page, PrimitiveTypeName physical, int n) {
      page.asIntBuffer().get(values, at, n);
      skip(page, n, Integer.BYTES);
      at += n;
    }

    @Override
    void addIds(int[] ids, int from, int n) {
      for (int i = 0; i < n; i++) {
        values[at + i] = dictionary[ids[from + i]];
      }
      at += n;
    }

    @Override
    ColumnVector finish(int rows) {
      if (type instanceof ShortType) {
        short[] shorts = new short[rows];
        for (int i = 0; i < rows; i++) {
          shorts[i] = (short) values[i];
        }
        return new PrimitiveVector(type, rows, nulls(), shorts);
      } else if (type instanceof ByteType) {
        byte[] bytes = new byte[rows];
        for (int i = 0; i < rows; i++) {
          bytes[i] = (byte) values[i];
        }
        return new PrimitiveVector(type, rows, nulls(), bytes);
      }
      return new PrimitiveVector(type, rows, nulls(), values);
    }
  }

  /** INT64 as long, or as a timestamp in microseconds (from micros or millis). */
  private static class Longs extends ColumnSink {
    private final DataType type;
    private final long scale;
    protected long[] values;
    protected long[] dictionary;

    Longs(DataType type, long scale) {
      this.type = type;
      this.scale = scale;
    }

    @Override
    protected void allocate(int rows) {
      values = new long[rows];
    }

    @Override
    protected int capacity() {
      return values.length;
    }

    @Override
    public void setDictionary(Dictionary dict) {
      dictionary = new long[dict.getMaxId() + 1];
      Arrays.setAll(dictionary, id -> decode(dict, id) * scale);
    }

    protected long decode(Dictionary dict, int id) {
      return dict.decodeToLong(id);
    }

    /** INT64 (longs, timestamps, decimals' unscaled values) in bulk; subclasses add other physical types. */
    @Override
    protected boolean setPlainDictionary(ByteBuffer page, int size, PrimitiveType physical) {
      if (physical.getPrimitiveTypeName() != PrimitiveTypeName.INT64) {
        return false;
      }
      dictionary = new long[size];
      page.asLongBuffer().get(dictionary);
      if (scale != 1) {
        for (int id = 0; id < size; id++) {
          dictionary[id] *= scale;
        }
      }
      return true;
    }

    @Override
    public void addValueFromDictionary(int id) {
      values[at++] = dictionary[id];
    }

    @Override
    public void addLong(long value) {
      values[at++] = value * scale;
    }

    @Override
    void addPlain(ByteBuffer page, PrimitiveTypeName physical, int n) {
      if (physical != PrimitiveTypeName.INT64 || scale != 1) {
        super.addPlain(page, physical, n);
        return;
      }
      page.asLongBuffer().get(values, at, n);
      skip(page, n, Long.BYTES);
      at += n;
    }

    @Override
    void addIds(int[] ids, int from, int n) {
      for (int i = 0; i < n; i++) {
        values[at + i] = dictionary[ids[from + i]];
      }
      at += n;
    }

    @Override
    ColumnVector finish(int rows) {
      return new PrimitiveVector(type, rows, nulls(), values);
    }
  }

  /** INT96 timestamps (Spark's default): nanoseconds of the day, then the Julian day, little-endian. */
  private static final class Int96Timestamps extends Longs {
    private static final long JULIAN_DAY_OF_EPOCH = 2_440_588L;

    Int96Timestamps() {
      super(TimestampType.TIMESTAMP, 1);
    }

    @Override
    protected long decode(Dictionary dict, int id) {
      return micros(dict.decodeToBinary(id));
    }

    @Override
    public void addBinary(Binary value) {
      values[at++] = micros(value);
    }

    private static long micros(Binary value) {
      ByteBuffer bytes = value.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      long nanosOfDay = bytes.getLong();
      long julianDay = bytes.getInt() & 0xFFFFFFFFL;
      return (julianDay - JULIAN_DAY_OF_EPOCH) * 86_400_000_000L + nanosOfDay / 1000;
    }
  }

  private static final class Floats extends ColumnSink {
    private float[] values;
    private float[] dictionary;

    @Override
    protected void allocate(int rows) {
      values = new float[rows];
    }

    @Override
    protected int capacity() {
      return values.length;
    }

    @Override
    public void setDictionary(Dictionary dict) {
      dictionary = new float[dict.getMaxId() + 1];
      for (int id = 0; id < dictionary.length; id++) {
        dictionary[id] = dict.decodeToFloat(id);
      }
    }

    @Override
    public void addValueFromDictionary(int id) {
      values[at++] = dictionary[id];
    }

    @Override
    public void addFloat(float value) {
      values[at++] = value;
    }

    @Override
    void addPlain(ByteBuffer page, PrimitiveTypeName physical, int n) {
      page.asFloatBuffer().get(values, at, n);
      skip(page, n, Float.BYTES);
      at += n;
    }

    @Override
    ColumnVector finish(int rows) {
      return new PrimitiveVector(FloatType.FLOAT, rows, nulls(), values);
    }
  }

  private static final class Doubles extends ColumnSink {
    private double[] values;
    private double[] dictionary;

    @Override
    protected void allocate(int rows) {
      values = new double[rows];
    }

    @Override
    protected int capacity() {
      return values.length;
    }

    @Override
    public void setDictionary(Dictionary dict) {
      dictionary = new double[dict.getMaxId() + 1];
      Arrays.setAll(dictionary, dict::decodeToDouble);
    }

    @Override
    protected boolean setPlainDictionary(ByteBuffer page, int size, PrimitiveType physical) {
      if (physical.getPrimitiveTypeName() != PrimitiveTypeName.DOUBLE) {
        return false;
      }
      dictionary = new double[size];
      page.asDoubleBuffer().get(dictionary);
      return true;
    }

    @Override
    public void addValueFromDictionary(int id) {
      values[at++] = dictionary[id];
    }

    @Override
    public void addDouble(double value) {
      values[at++] = value;
    }

    @Override
    void addPlain(ByteBuffer page, PrimitiveTypeName physical, int n) {
      page.asDoubleBuffer().get(values, at, n);
      skip(page, n, Double.BYTES);
      at += n;
    }

    @Override
    void addIds(int[] ids, int from, int n) {
      for (int i = 0; i < n; i++) {
        values[at + i] = dictionary[ids[from + i]];
      }
      at += n;
    }

    @Override
    ColumnVector finish(int rows) {
      return new PrimitiveVector(DoubleType.DOUBLE, rows, nulls(), values);
    }
  }

  /**
   * Values held as objects (strings, binaries, decimals); a null value is a null entry. A dictionary's
   * values are converted once, so repeated values share one object.
   */
  private abstract static class Objects<T> extends ColumnSink {
    private final IntFunction<T[]> arrays;
    protected T[] values;
    private T[] dictionary;

    Objects(IntFunction<T[]> arrays) {
      this.arrays = arrays;
    }

    @Override
    protected void allocate(int rows) {
      values = arrays.apply(rows);
    }

    @Override
    protected int capacity() {
      return values.length;
    }

    @Override
    void addNull() {
      at++;
    }

    protected abstract T convert(Binary value);

    protected T fromDictionary(Dictionary dict, int id) {
      return convert(dict.decodeToBinary(id));
    }

    @Override
    public void setDictionary(Dictionary dict) {
      dictionary = arrays.apply(dict.getMaxId() + 1);
      Arrays.setAll(dictionary, id -> fromDictionary(dict, id));
    }

    @Override
    public void addValueFromDictionary(int id) {
      values[at++] = dictionary[id];
    }

    @Override
    public void addBinary(Binary value) {
      values[at++] = convert(value);
    }
  }

  /**
   * Strings: while a batch's values all come from the dictionary they stay ids into it; a plain value (a
   * writer's dictionary overflowed mid-chunk, or it kept none) turns the batch into UTF-8 bytes back to back
   * ({@link Utf8Vector}), taken from the page as they are: a frame codes them by their bytes, a writer writes
   * them, and only what asks for a {@code String} decodes one.
   */
  private static final class Strings extends ColumnSink {
    private Utf8Vector dictionary;
    /** The dictionary's values as strings where a consumer asked for them (the vectors over it share it). */
    private String[] decoded;
    private int[] ids;
    /** Once a batch holds a plain value: value {@code i} is {@code bytes[starts[i], starts[i + 1])}. */
    private byte[] bytes;
    private int[] starts;
    private boolean[] nulls;

    @Override
    protected void allocate(int rows) {
      ids = new int[rows];
      bytes = null;
      starts = null;
      nulls = null;
    }

    @Override
    protected int capacity() {
      return ids.length;
    }

    @Override
    void addNull() {
      if (bytes == null) {
        ids[at++] = -1;
        return;
      }
      if (nulls == null) {
        nulls = new boolean[ids.length];
      }
      nulls[at] = true;
      starts[at + 1] = starts[at];
      at++;
    }

    @Override
    public void setDictionary(Dictionary dict) {
      String[] values = new String[dict.getMaxId() + 1];
      Arrays.setAll(values, id -> dict.decodeToBinary(id).toStringUsingUTF8());
      dictionary = Utf8Vector.of(values);
      decoded = values;
    }

    /** Each value a little-endian length, then its UTF-8 bytes: kept as bytes, without the lengths. */
    @Override
    protected boolean setPlainDictionary(ByteBuffer page, int size, PrimitiveType physical) {
      if (physical.getPrimitiveTypeName() != PrimitiveTypeName.BINARY || !page.hasArray()) {
        return false;
      }
      byte[] array = page.array();
      int at = page.arrayOffset() + page.position();
      int end = page.arrayOffset() + page.limit();
      byte[] values = new byte[Math.max(0, end - at - size * 4)];
      int[] starts = new int[size + 1];
      for (int id = 0; id < size; id++) {
        int length = page.getInt(at - page.arrayOffset());
        if (length < 0 || at + 4 + length > end) {
          throw new IndexOutOfBoundsException("value " + id);
        }
        System.arraycopy(array, at + 4, values, starts[id], length);
        starts[id + 1] = starts[id] + length;
        at += 4 + length;
      }
      dictionary = new Utf8Vector(size, null, starts, values);
      decoded = new String[size];
      return true;
    }

    @Override
    public void addValueFromDictionary(int id) {
      if (bytes == null) {
        ids[at++] = id;
      } else {
        append(dictionary.bytes(), dictionary.start(id), dictionary.length(id));
      }
    }

    @Override
    void addIds(int[] from, int offset, int n) {
      if (bytes != null) {
        super.addIds(from, offset, n);
        return;
      }
      System.arraycopy(from, offset, ids, at, n);
      at += n;
    }

    @Override
    public void addBinary(Binary value) {
      byte[] array = value.getBytesUnsafe();
      append(array, 0, array.length);
    }

    /** Straight from the page's array: parquet-mr's {@code Binary} per value cost more than the copy. */
    @Override
    void addBytes(ByteBuffer page, int length) {
      if (!page.hasArray()) {
        super.addBytes(page, length);
        return;
      }
      append(page.array(), page.arrayOffset() + page.position(), length);
      page.position(page.position() + length);
    }

    private void append(byte[] value, int from, int length) {
      if (bytes == null) {
        toBytes();
      }
      int end = starts[at] + length;
      if (end > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(end, bytes.length * 2));
      }
      System.arraycopy(value, from, bytes, starts[at], length);
      starts[++at] = end;
    }

    /** The batch's values so far (dictionary ids, or none) as bytes, for a batch that mixes both. */
    private void toBytes() {
      bytes = new byte[16 * ids.length];
      starts = new int[ids.length + 1];
      int filled = at;
      at = 0;
      for (int i = 0; i < filled; i++) {
        if (ids[i] < 0) {
          addNull();
        } else {
          append(dictionary.bytes(), dictionary.start(ids[i]), dictionary.length(ids[i]));
        }
      }
    }

    @Override
    ColumnVector finish(int rows) {
      if (bytes == null && dictionary == null) {
        toBytes(); // a chunk of nulls only, without a dictionary page: no ids to look up
      }
      return bytes == null ? new DictionaryVector(dictionary, decoded, ids, rows)
          : new Utf8Vector(rows, nulls, starts, bytes);
    }
  }

  private static final class Binaries extends Objects<byte[]> {
    Binaries() {
      super(byte[][]::new);
    }

    @Override
    protected byte[] convert(Binary value) {
      return value.getBytes();
    }

    @Override
    ColumnVector finish(int rows) {
      return new ArrayVector(BinaryType.BINARY, rows, values);
    }
  }

  /** Decimals of up to 18 digits, as their unscaled longs, from INT32, INT64 or two's-complement bytes. */
  private static final class SmallDecimals extends Longs {
    private final PrimitiveTypeName physical;

    SmallDecimals(DecimalType type, PrimitiveTypeName physical) {
      super(type, 1);
      this.physical = physical;
    }

    @Override
    protected long decode(Dictionary dict, int id) {
      return switch (physical) {
        case INT32 -> dict.decodeToInt(id);
        case INT64 -> dict.decodeToLong(id);
        default -> unscaled(dict.decodeToBinary(id).getBytesUnsafe());
      };
    }

    @Override
    public void addInt(int value) {
      values[at++] = value;
    }

    @Override
    public void addBinary(Binary value) {
      values[at++] = unscaled(value.getBytesUnsafe());
    }

    /** A fixed-width two's-complement value straight from the page (a PLAIN page: pyarrow's and Spark's). */
    @Override
    void addBytes(ByteBuffer page, int length) {
      values[at++] = unscaled(page, page.position(), length);
      page.position(page.position() + length);
    }

    /** Fixed-width two's-complement values in bulk too (pyarrow's and Spark's decimals), besides INT64. */
    @Override
    protected boolean setPlainDictionary(ByteBuffer page, int size, PrimitiveType physical) {
      if (physical.getPrimitiveTypeName() != PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY) {
        return super.setPlainDictionary(page, size, physical);
      }
      int width = physical.getTypeLength();
      dictionary = new long[size];
      for (int id = 0; id < size; id++) {
        dictionary[id] = unscaled(page, page.position() + id * width, width);
      }
      return true;
    }
  }

  /** A big-endian two's-complement integer that fits a long (a decimal of up to 18 digits, in any width). */
  private static long unscaled(byte[] bytes) {
    return unscaled(ByteBuffer.wrap(bytes), 0, bytes.length);
  }

  /** The same, of the {@code width} bytes at {@code from} in {@code bytes} (whose position it leaves). */
  private static long unscaled(ByteBuffer bytes, int from, int width) {
    if (width > Long.BYTES) {
      byte[] wide = new byte[width];
      bytes.get(from, wide);
      return new BigInteger(wide).longValueExact();
    }
    long unscaled = width == 0 || bytes.get(from) >= 0 ? 0 : -1;
    for (int i = from; i < from + width; i++) {
      unscaled = unscaled << 8 | (bytes.get(i) & 0xff);
    }
    return unscaled;
  }

  /** Decimals of more than 18 digits, stored as INT32, INT64 or two's-complement bytes, at the table's scale. */
  private static final class Decimals extends Objects<BigDecimal> {
    private final DecimalType type;
    private final PrimitiveTypeName physical;

    Decimals(DecimalType type, PrimitiveTypeName physical) {
      super(BigDecimal[]::new);
      this.type = type;
      this.physical = physical;
    }

    @Override
    protected BigDecimal convert(Binary value) {
      return new BigDecimal(new BigInteger(value.getBytesUnsafe()), type.getScale());
    }

    @Override
    protected BigDecimal fromDictionary(Dictionary dict, int id) {
      return switch (physical) {
        case INT32 -> BigDecimal.valueOf(dict.decodeToInt(id), type.getScale());
        case INT64 -> BigDecimal.valueOf(dict.decodeToLong(id), type.getScale());
        default -> super.fromDictionary(dict, id);
      };
    }

    @Override
    public void addInt(int value) {
      values[at++] = BigDecimal.valueOf(value, type.getScale());
    }

    @Override
    public void addLong(long value) {
      values[at++] = BigDecimal.valueOf(value, type.getScale());
    }

    @Override
    ColumnVector finish(int rows) {
      return new ArrayVector(type, rows, values);
    }
  }
}
