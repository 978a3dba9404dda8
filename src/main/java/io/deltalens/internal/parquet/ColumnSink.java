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
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.IntFunction;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Receives the values of one flat parquet column, a batch at a time, into a primitive array, and hands
 * the batch out as a Kernel vector. Dictionary-encoded pages are decoded once per dictionary, not once
 * per value; runs without nulls come in bulk ({@link #addPlain}, {@link #addIds}); strings read from a
 * dictionary stay ids into it ({@link DictionaryVector}) and decimals of up to 18 digits unscaled longs.
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
    private long[] dictionary;

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
   * writer's dictionary overflowed mid-chunk) turns the batch into strings.
   */
  private static final class Strings extends ColumnSink {
    private String[] dictionary;
    private int[] ids;
    private String[] values;

    @Override
    protected void allocate(int rows) {
      ids = new int[rows];
      values = null;
    }

    @Override
    protected int capacity() {
      return ids.length;
    }

    @Override
    void addNull() {
      if (values == null) {
        ids[at] = -1;
      }
      at++;
    }

    @Override
    public void setDictionary(Dictionary dict) {
      dictionary = new String[dict.getMaxId() + 1];
      Arrays.setAll(dictionary, id -> dict.decodeToBinary(id).toStringUsingUTF8());
    }

    @Override
    public void addValueFromDictionary(int id) {
      if (values == null) {
        ids[at++] = id;
      } else {
        values[at++] = dictionary[id];
      }
    }

    @Override
    void addIds(int[] from, int offset, int n) {
      if (values != null) {
        super.addIds(from, offset, n);
        return;
      }
      System.arraycopy(from, offset, ids, at, n);
      at += n;
    }

    @Override
    public void addBinary(Binary value) {
      addString(value.toStringUsingUTF8());
    }

    /** Straight from the page's array: parquet-mr's {@code Binary} per value cost more than the decoding. */
    @Override
    void addBytes(ByteBuffer page, int length) {
      if (!page.hasArray()) {
        super.addBytes(page, length);
        return;
      }
      addString(new String(page.array(), page.arrayOffset() + page.position(), length, StandardCharsets.UTF_8));
      page.position(page.position() + length);
    }

    private void addString(String value) {
      if (values == null) {
        values = new String[ids.length];
        for (int i = 0; i < at; i++) {
          values[i] = ids[i] < 0 ? null : dictionary[ids[i]];
        }
      }
      values[at++] = value;
    }

    @Override
    ColumnVector finish(int rows) {
      return values == null ? new DictionaryVector(dictionary, ids, rows)
          : new ArrayVector(StringType.STRING, rows, values);
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
  }

  /** A big-endian two's-complement integer that fits a long (a decimal of up to 18 digits, in any width). */
  private static long unscaled(byte[] bytes) {
    if (bytes.length > Long.BYTES) {
      return new BigInteger(bytes).longValueExact();
    }
    long unscaled = bytes.length == 0 || bytes[0] >= 0 ? 0 : -1;
    for (byte b : bytes) {
      unscaled = unscaled << 8 | (b & 0xff);
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
