package io.deltalens.internal.kafka;

import java.util.Arrays;
import java.util.Map;

/**
 * The column a JSON object's field fills, by name. Messages of one topic mostly give their fields in the same
 * order, and the parser hands out one String per name it has seen: so the name found at each place of the last
 * object is compared by identity first, and only a miss goes to the map (hashing every name was 7% of an ingest).
 */
final class FieldIndex {
  private final Map<String, Integer> byName;
  private String[] names = new String[16];
  private int[] columns = new int[16];

  FieldIndex(Map<String, Integer> byName) {
    this.byName = Map.copyOf(byName);
  }

  /** The column of field {@code name}, the {@code place}-th of its object (from 0); -1 for none. */
  int of(String name, int place) {
    if (place < names.length && names[place] == name) {
      return columns[place];
    }
    Integer column = byName.get(name);
    int found = column == null ? -1 : column;
    if (place >= names.length) {
      names = Arrays.copyOf(names, place * 2);
      columns = Arrays.copyOf(columns, place * 2);
    }
    names[place] = name;
    columns[place] = found;
    return found;
  }

  boolean has(String name) {
    return byName.containsKey(name);
  }
}
