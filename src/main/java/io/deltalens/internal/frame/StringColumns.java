package io.deltalens.internal.frame;

import it.unimi.dsi.fastutil.bytes.Byte2IntOpenHashMap;
import it.unimi.dsi.fastutil.bytes.Byte2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2ByteOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2ShortOpenHashMap;
import it.unimi.dsi.fastutil.shorts.Short2IntOpenHashMap;
import it.unimi.dsi.fastutil.shorts.Short2ObjectOpenHashMap;
import java.util.List;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.columns.strings.ByteDictionaryMap;
import tech.tablesaw.columns.strings.DictionaryMap;
import tech.tablesaw.columns.strings.IntDictionaryMap;
import tech.tablesaw.columns.strings.ShortDictionaryMap;

/**
 * A Tablesaw string column made whole from codes: Tablesaw keeps a string column as a dictionary (key per
 * distinct value, a key per row, a count per key) in the narrowest key type that holds its values, and
 * {@link DictionaryMap}'s builders take those parts finished. Built this way a frame's strings cost one
 * hash per distinct value, not one per row. The parts are as Tablesaw's own appends leave them: keys
 * counted up from the type's minimum + 1, the type's maximum for a missing value (null or empty text). A
 * value no row holds (a parquet dictionary's, its rows filtered out) gets no key: Tablesaw would list it as
 * one of the column's values.
 */
final class StringColumns {
  /** Distinct values each key type holds: from its minimum + 1 to its maximum - 1 (Tablesaw's limits). */
  private static final int BYTE_KEYS = 254;
  private static final int SHORT_KEYS = 65_534;

  private StringColumns() {}

  /**
   * The column of {@code rows} rows where row {@code i} holds {@code distinct.get(codes[i])}, or is missing
   * where {@code codes[i]} is negative; {@code counts[k]} is how many rows hold value {@code k}.
   */
  static StringColumn of(String name, List<String> distinct, int[] codes, int rows, int[] counts) {
    int missing = 0;
    for (int i = 0; i < rows; i++) {
      missing += codes[i] < 0 ? 1 : 0;
    }
    int n = distinct.size();
    DictionaryMap map;
    if (n <= BYTE_KEYS) {
      byte[] keys = new byte[rows];
      for (int i = 0; i < rows; i++) {
        keys[i] = codes[i] < 0 ? Byte.MAX_VALUE : (byte) (Byte.MIN_VALUE + 1 + codes[i]);
      }
      var keyToValue = new Byte2ObjectOpenHashMap<String>(n + 1);
      var valueToKey = new Object2ByteOpenHashMap<String>(n + 1);
      var keyToCount = new Byte2IntOpenHashMap(n + 1);
      valueToKey.defaultReturnValue(Byte.MIN_VALUE);
      for (int k = 0; k < n; k++) {
        if (counts[k] == 0) {
          continue; // a dictionary's value no kept row holds (rows filtered out): not one of the column's
        }
        byte key = (byte) (Byte.MIN_VALUE + 1 + k);
        keyToValue.put(key, distinct.get(k));
        valueToKey.put(distinct.get(k), key);
        keyToCount.put(key, counts[k]);
      }
      if (missing > 0) {
        keyToValue.put(Byte.MAX_VALUE, "");
        valueToKey.put("", Byte.MAX_VALUE);
        keyToCount.put(Byte.MAX_VALUE, missing);
      }
      map = new ByteDictionaryMap.ByteDictionaryBuilder().setNextIndex(Byte.MIN_VALUE + n).setValues(keys)
          .setKeyToValue(keyToValue).setValueToKey(valueToKey).setKeyToCount(keyToCount).build();
    } else if (n <= SHORT_KEYS) {
      short[] keys = new short[rows];
      for (int i = 0; i < rows; i++) {
        keys[i] = codes[i] < 0 ? Short.MAX_VALUE : (short) (Short.MIN_VALUE + 1 + codes[i]);
      }
      var keyToValue = new Short2ObjectOpenHashMap<String>(n + 1);
      var valueToKey = new Object2ShortOpenHashMap<String>(n + 1);
      var keyToCount = new Short2IntOpenHashMap(n + 1);
      valueToKey.defaultReturnValue(Short.MIN_VALUE);
      for (int k = 0; k < n; k++) {
        if (counts[k] == 0) {
          continue; // a dictionary's value no kept row holds (rows filtered out): not one of the column's
        }
        short key = (short) (Short.MIN_VALUE + 1 + k);
        keyToValue.put(key, distinct.get(k));
        valueToKey.put(distinct.get(k), key);
        keyToCount.put(key, counts[k]);
      }
      if (missing > 0) {
        keyToValue.put(Short.MAX_VALUE, "");
        valueToKey.put("", Short.MAX_VALUE);
        keyToCount.put(Short.MAX_VALUE, missing);
      }
      map = new ShortDictionaryMap.ShortDictionaryBuilder().setNextIndex(Short.MIN_VALUE + n).setValues(keys)
          .setKeyToValue(keyToValue).setValueToKey(valueToKey).setKeyToCount(keyToCount)
          .setCanPromoteToText(true).build();
    } else {
      int[] keys = new int[rows];
      for (int i = 0; i < rows; i++) {
        keys[i] = codes[i] < 0 ? Integer.MAX_VALUE : Integer.MIN_VALUE + 1 + codes[i];
      }
      var keyToValue = new Int2ObjectOpenHashMap<String>(n + 1);
      var valueToKey = new Object2IntOpenHashMap<String>(n + 1);
      var keyToCount = new Int2IntOpenHashMap(n + 1);
      valueToKey.defaultReturnValue(Integer.MIN_VALUE);
      for (int k = 0; k < n; k++) {
        if (counts[k] == 0) {
          continue; // a dictionary's value no kept row holds (rows filtered out): not one of the column's
        }
        int key = Integer.MIN_VALUE + 1 + k;
        keyToValue.put(key, distinct.get(k));
        valueToKey.put(distinct.get(k), key);
        keyToCount.put(key, counts[k]);
      }
      if (missing > 0) {
        keyToValue.put(Integer.MAX_VALUE, "");
        valueToKey.put("", Integer.MAX_VALUE);
        keyToCount.put(Integer.MAX_VALUE, missing);
      }
      map = new IntDictionaryMap.IntDictionaryBuilder().setNextIndex(Integer.MIN_VALUE + n).setValues(keys)
          .setKeyToValue(keyToValue).setValueToKey(valueToKey).setKeyToCount(keyToCount).build();
    }
    return StringColumn.createInternal(name, map);
  }
}
