package io.deltalens.engine;

import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.types.DataType;

/** Strings or binaries held in an array, a null entry being a null value. */
final class ArrayVector implements ColumnVector {
  private final DataType type;
  private final int size;
  private final Object[] values;

  ArrayVector(DataType type, int size, Object[] values) {
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
  public String getString(int rowId) {
    return (String) values[rowId];
  }

  @Override
  public byte[] getBinary(int rowId) {
    return (byte[]) values[rowId];
  }
}
