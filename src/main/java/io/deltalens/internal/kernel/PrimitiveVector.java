package io.deltalens.internal.kernel;

import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DecimalType;
import java.math.BigDecimal;

/**
 * A Kernel vector over one primitive array — {@code boolean[]}, {@code byte[]}, {@code short[]},
 * {@code int[]} (ints, dates), {@code long[]} (longs, timestamps, and decimals of up to 18 digits as their
 * unscaled values), {@code float[]} or {@code double[]} — with a null mask. Kernel's own vectors of this kind
 * are internal classes; this one lets a consumer that knows the form (the frame builder) copy the array
 * whole instead of value by value.
 */
public final class PrimitiveVector implements ColumnVector {
  private final DataType type;
  private final int size;
  private final boolean[] nulls;
  private final Object values;

  /** {@code size} values of {@code type} in {@code values}; {@code nulls} null where none is null. */
  public PrimitiveVector(DataType type, int size, boolean[] nulls, Object values) {
    this.type = type;
    this.size = size;
    this.nulls = nulls;
    this.values = values;
  }

  /** The array of values (a null row's slot holds any value). */
  public Object values() {
    return values;
  }

  /** Whether some row is null. */
  public boolean hasNulls() {
    return nulls != null;
  }

  @Override
  public DataType getDataType() {
    return type;
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
  public boolean getBoolean(int rowId) {
    return ((boolean[]) values)[rowId];
  }

  @Override
  public byte getByte(int rowId) {
    return ((byte[]) values)[rowId];
  }

  @Override
  public short getShort(int rowId) {
    return ((short[]) values)[rowId];
  }

  @Override
  public int getInt(int rowId) {
    return ((int[]) values)[rowId];
  }

  @Override
  public long getLong(int rowId) {
    return ((long[]) values)[rowId];
  }

  @Override
  public float getFloat(int rowId) {
    return ((float[]) values)[rowId];
  }

  @Override
  public double getDouble(int rowId) {
    return ((double[]) values)[rowId];
  }

  @Override
  public BigDecimal getDecimal(int rowId) {
    return isNullAt(rowId) ? null : BigDecimal.valueOf(getLong(rowId), ((DecimalType) type).getScale());
  }
}
