package io.deltalens.internal.kernel;

import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.StringType;
import java.nio.charset.StandardCharsets;

/**
 * Strings held as their UTF-8 bytes, back to back in one array, as a Kernel vector: value {@code i} is
 * {@code bytes[starts[i], starts[i + 1])}. A writer takes the bytes as they are ({@link #bytes},
 * {@link #start}, {@link #length}); {@link #getString} decodes one when asked. A Kafka batch's string columns take
 * this form: no {@code String} per value on the way from a message to a parquet page; so do a parquet
 * page's PLAIN strings on their way to a frame.
 */
public final class Utf8Vector implements ColumnVector {
  private final int size;
  private final boolean[] nulls; // null when there are none
  private final int[] starts;
  private final byte[] bytes;

  public Utf8Vector(int size, boolean[] nulls, int[] starts, byte[] bytes) {
    this.size = size;
    this.nulls = nulls;
    this.starts = starts;
    this.bytes = bytes;
  }

  /** The strings (null entries null) as one vector of their UTF-8 bytes. */
  public static Utf8Vector of(String[] values) {
    boolean[] nulls = null;
    byte[][] encoded = new byte[values.length][];
    int total = 0;
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null) {
        nulls = nulls == null ? new boolean[values.length] : nulls;
        nulls[i] = true;
      } else {
        encoded[i] = values[i].getBytes(StandardCharsets.UTF_8);
        total += encoded[i].length;
      }
    }
    byte[] bytes = new byte[total];
    int[] starts = new int[values.length + 1];
    for (int i = 0; i < values.length; i++) {
      int length = encoded[i] == null ? 0 : encoded[i].length;
      if (length > 0) {
        System.arraycopy(encoded[i], 0, bytes, starts[i], length);
      }
      starts[i + 1] = starts[i] + length;
    }
    return new Utf8Vector(values.length, nulls, starts, bytes);
  }

  @Override
  public DataType getDataType() {
    return StringType.STRING;
  }

  @Override
  public int getSize() {
    return size;
  }

  @Override
  public void close() {}

  @Override
  public boolean isNullAt(int rowId) {
    return nulls != null && nulls[rowId];
  }

  @Override
  public String getString(int rowId) {
    return isNullAt(rowId) ? null : new String(bytes, starts[rowId], length(rowId), StandardCharsets.UTF_8);
  }

  /** The array holding every value's bytes. */
  public byte[] bytes() {
    return bytes;
  }

  public int start(int rowId) {
    return starts[rowId];
  }

  public int length(int rowId) {
    return starts[rowId + 1] - starts[rowId];
  }
}
