package io.deltalens.internal.kernel;

import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.types.DataType;
import io.deltalens.internal.engine.Kernel;
import java.math.BigDecimal;

/**
 * Values held in an array as a Kernel vector, a null entry being a null value: boxed numbers and booleans,
 * strings, {@code byte[]} binaries, {@code BigDecimal}s. The columnar reader's strings and binaries and the
 * values deltalens computes for generated and identity columns take this form.
 */
public final class ArrayVector implements ColumnVector {
  private final DataType type;
  private final int size;
  private final Object[] values;

  public ArrayVector(DataType type, int size, Object[] values) {
    this.type = type;
    this.size = size;
    this.values = values;
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
    return values[rowId] == null;
  }

  @Override
  public boolean getBoolean(int rowId) {
    return (Boolean) values[rowId];
  }

  @Override
  public byte getByte(int rowId) {
    return ((Number) values[rowId]).byteValue();
  }

  @Override
  public short getShort(int rowId) {
    return ((Number) values[rowId]).shortValue();
  }

  @Override
  public int getInt(int rowId) {
    return ((Number) values[rowId]).intValue();
  }

  @Override
  public long getLong(int rowId) {
    return ((Number) values[rowId]).longValue();
  }

  @Override
  public float getFloat(int rowId) {
    return ((Number) values[rowId]).floatValue();
  }

  @Override
  public double getDouble(int rowId) {
    return ((Number) values[rowId]).doubleValue();
  }

  @Override
  public String getString(int rowId) {
    return (String) values[rowId];
  }

  @Override
  public byte[] getBinary(int rowId) {
    return (byte[]) values[rowId];
  }

  @Override
  public BigDecimal getDecimal(int rowId) {
    return (BigDecimal) values[rowId];
  }
}
