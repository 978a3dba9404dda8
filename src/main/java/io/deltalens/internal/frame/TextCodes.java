package io.deltalens.internal.frame;

import io.deltalens.internal.kernel.Utf8Vector;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A string column's distinct values, numbered from 0 in order of arrival and looked up by their UTF-8 bytes:
 * a plain parquet page's strings are coded without a {@code String} made per row. In a column of a few
 * hundred thousand distinct values each memory access of a lookup is a cache miss, so a lookup makes two: a
 * slot (the value's hash and where it lies) and the value's entry (its code, length and bytes side by side),
 * where a map of strings makes three or four (key array, string, the string's array, value array). Lookups
 * ({@link #find}) may run on many threads at once while nothing is added.
 */
final class TextCodes {
  /** A value {@link #find} has not coded yet. */
  static final int NEW = -2;
  /** What a caller of {@link #find} marks a row it is not to look up (Tablesaw's missing value). */
  static final int SKIP = -1;

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  /** Open addressing: {@code hash << 32 | entry + 1}, 0 where empty; at most half full. */
  private long[] slots = new long[64];
  /** Entries back to back: the value's code, its length, its bytes. */
  private byte[] entries = new byte[1024];
  private int entriesEnd;
  private final List<String> values = new ArrayList<>();

  /** The values by code. */
  List<String> values() {
    return values;
  }

  /** Values looked up together: their cache misses overlap (see {@link #find}). */
  private static final int GROUP = 16;

  /**
   * The codes of {@code rows[from..to)} of {@code values} into {@code codes[from..to)}: each row's code, or
   * {@link #NEW} where its value is not coded yet; a row whose code is {@link #SKIP} on entry is left so.
   * Values go in groups: first every value's slot is loaded, then the entry it names, then they are
   * compared, so that a group's cache misses are in flight together instead of one after another (a
   * lookup one by one waited out two misses in a row: on a host where memory answered in 100-160 ns,
   * most of reading a 250,000-distinct column).
   */
  void find(Utf8Vector values, int[] rows, int from, int to, int[] codes) {
    byte[] bytes = values.bytes();
    int mask = slots.length - 1;
    int[] hashes = new int[GROUP];
    long[] firstSlots = new long[GROUP];
    int[] lengths = new int[GROUP];
    for (int group = from; group < to; group += GROUP) {
      int n = Math.min(GROUP, to - group);
      for (int k = 0; k < n; k++) {
        int row = rows[group + k];
        hashes[k] = hash(bytes, values.start(row), values.length(row));
      }
      for (int k = 0; k < n; k++) {
        firstSlots[k] = slots[hashes[k] & mask];
      }
      for (int k = 0; k < n; k++) {
        long slot = firstSlots[k];
        lengths[k] = slot == 0 ? -1 : (int) INTS.get(entries, (int) slot - 1 + Integer.BYTES);
      }
      for (int k = 0; k < n; k++) {
        int i = group + k;
        if (codes[i] != SKIP) {
          int start = values.start(rows[i]);
          int length = values.length(rows[i]);
          long slot = firstSlots[k];
          codes[i] = slot == 0 ? NEW
              : (int) (slot >>> 32) == hashes[k] && lengths[k] == length
                  && sameBytes((int) slot - 1, length, bytes, start) ? (int) INTS.get(entries, (int) slot - 1)
              : probe(bytes, start, length, hashes[k]);
        }
      }
    }
  }

  private boolean sameBytes(int entry, int length, byte[] value, int from) {
    int at = entry + 2 * Integer.BYTES;
    return Arrays.equals(entries, at, at + length, value, from, from + length);
  }

  /** The code of the {@code length} bytes at {@code from} whose {@link #hash} is given; {@link #NEW} if none. */
  private int probe(byte[] value, int from, int length, int hash) {
    int mask = slots.length - 1;
    for (int at = hash & mask; ; at = (at + 1) & mask) {
      long slot = slots[at];
      if (slot == 0) {
        return NEW;
      }
      int entry = (int) slot - 1;
      if ((int) (slot >>> 32) == hash && (int) INTS.get(entries, entry + Integer.BYTES) == length
          && sameBytes(entry, length, value, from)) {
        return (int) INTS.get(entries, entry);
      }
    }
  }

  /** The code of the {@code length} bytes at {@code from}, a new one if they are not coded yet. */
  int add(byte[] value, int from, int length) {
    int hash = hash(value, from, length);
    int code = probe(value, from, length, hash);
    if (code != NEW) {
      return code;
    }
    code = values.size();
    int entry = entriesEnd;
    int size = 2 * Integer.BYTES + length;
    if (entry + size > entries.length) {
      entries = Arrays.copyOf(entries, Math.max(entry + size, entries.length * 2));
    }
    INTS.set(entries, entry, code);
    INTS.set(entries, entry + Integer.BYTES, length);
    System.arraycopy(value, from, entries, entry + 2 * Integer.BYTES, length);
    entriesEnd += size;
    values.add(new String(value, from, length, StandardCharsets.UTF_8));
    if (values.size() * 2 > slots.length) {
      rehash();
    }
    place(hash, entry);
    return code;
  }

  private void place(int hash, int entry) {
    int mask = slots.length - 1;
    int at = hash & mask;
    while (slots[at] != 0) {
      at = (at + 1) & mask;
    }
    slots[at] = (long) hash << 32 | (entry + 1);
  }

  private void rehash() {
    long[] old = slots;
    slots = new long[old.length * 2];
    for (long slot : old) {
      if (slot != 0) {
        place((int) (slot >>> 32), (int) slot - 1);
      }
    }
  }

  /** The hash of {@code length} bytes at {@code from}: eight at a time, then mixed (the table takes its low bits). */
  private static int hash(byte[] value, int from, int length) {
    long h = length * 0x9E3779B97F4A7C15L;
    int at = from;
    for (int end = from + length - Long.BYTES; at <= end; at += Long.BYTES) {
      h = Long.rotateLeft((h ^ (long) LONGS.get(value, at)) * 0x9E3779B97F4A7C15L, 29);
    }
    for (; at < from + length; at++) {
      h = (h ^ value[at]) * 0xBF58476D1CE4E5B9L;
    }
    h ^= h >>> 31;
    h *= 0x94D049BB133111EBL;
    return (int) (h ^ h >>> 32);
  }
}
