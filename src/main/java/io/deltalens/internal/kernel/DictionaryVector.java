package io.deltalens.internal.kernel;

import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.types.StringType;

/**
 * Strings as ids into a dictionary, as parquet stores a dictionary-encoded column: a consumer that keeps
 * its own dictionary (the frame builder) translates each distinct value once instead of hashing every row.
 * A negative id is a null.
 */
public final class DictionaryVector implements ColumnVector {
  private final String[] dictionary;
  private final int[] ids;
  private final int size;

  public DictionaryVector(String[] dictionary, int[] ids, int size) {
    this.dictionary = dictionary;
    this.ids = ids;
    this.size = size;
  }

  /** The dictionary: the same array for every batch of one parquet column chunk. */
  public String[] dictionary() {
    return dictionary;
  }

  public int id(int rowId) {
    return ids[rowId];
  }

  @Override
  public StringType getDataType() {
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
    return ids[rowId] < 0;
  }

  @Override
  public String getString(int rowId) {
    return ids[rowId] < 0 ? null : dictionary[ids[rowId]];
  }
}
