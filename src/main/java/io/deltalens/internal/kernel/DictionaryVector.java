package io.deltalens.internal.kernel;

import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.types.StringType;

/**
 * Strings as ids into a dictionary, as parquet stores a dictionary-encoded column: a consumer that keeps
 * its own dictionary (the frame builder) translates each distinct value once, by its UTF-8 bytes, instead of
 * hashing every row. A negative id is a null. A value is decoded to a {@code String} when first asked for.
 */
public final class DictionaryVector implements ColumnVector {
  private final Utf8Vector dictionary;
  private final String[] decoded;
  private final int[] ids;
  private final int size;

  /**
   * {@code decoded} caches the dictionary's values as strings (null: not decoded yet): one array for the
   * dictionary, shared by the vectors over it.
   */
  public DictionaryVector(Utf8Vector dictionary, String[] decoded, int[] ids, int size) {
    this.dictionary = dictionary;
    this.decoded = decoded;
    this.ids = ids;
    this.size = size;
  }

  /** The dictionary: the same vector for every batch of one parquet column chunk. */
  public Utf8Vector dictionary() {
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
    int id = ids[rowId];
    if (id < 0) {
      return null;
    }
    String value = decoded[id];
    if (value == null) { // a race decodes a value twice, to equal strings
      value = dictionary.getString(id);
      decoded[id] = value;
    }
    return value;
  }
}
