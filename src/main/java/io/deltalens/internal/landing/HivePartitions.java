package io.deltalens.internal.landing;

import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.deltalens.internal.storage.Location;
import io.deltalens.internal.write.PartitionPaths;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The partition columns a new table takes from its first files' Hive-style folders ({@code day=2024-01-02/}):
 * named in folder order, typed as given or inferred from every value seen, narrowest first (int, long,
 * double, date, else string; oxbow types them all as strings).
 */
final class HivePartitions {
  private HivePartitions() {}

  /**
   * The partition columns of {@code first}'s folders under {@code table}, typed as {@code given} says or by
   * the values of every file of {@code all} with the same folders.
   */
  static StructType of(Location table, Location first, StructType given, List<Location> all) {
    List<String> names = new ArrayList<>(PartitionPaths.folders(table.relativize(first)).keySet());
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (Location file : all) {
      Map<String, String> folders = PartitionPaths.folders(table.relativize(file));
      if (new ArrayList<>(folders.keySet()).equals(names)) {
        folders.forEach((name, value) -> values.computeIfAbsent(name, n -> new ArrayList<>()).add(value));
      }
    }
    List<StructField> fields = new ArrayList<>();
    for (String name : names) {
      DataType type = given.indexOf(name) >= 0 ? given.get(name).getDataType() : infer(values.get(name));
      fields.add(new StructField(name, type, true));
    }
    return new StructType(fields);
  }

  /** The narrowest type every value parses as. */
  static DataType infer(List<String> texts) {
    List<String> values = texts.stream().filter(t -> !t.equals(PartitionPaths.NULL_PARTITION)).toList();
    if (values.isEmpty()) {
      return StringType.STRING;
    }
    if (values.stream().allMatch(v -> v.matches("-?\\d{1,10}") && fitsInt(v))) {
      return IntegerType.INTEGER;
    }
    if (values.stream().allMatch(v -> v.matches("-?\\d{1,19}"))) {
      return LongType.LONG;
    }
    if (values.stream().allMatch(v -> v.matches("-?\\d+\\.\\d+"))) {
      return DoubleType.DOUBLE;
    }
    if (values.stream().allMatch(HivePartitions::isDate)) {
      return DateType.DATE;
    }
    return StringType.STRING;
  }

  private static boolean fitsInt(String v) {
    long n = Long.parseLong(v);
    return n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE;
  }

  private static boolean isDate(String v) {
    try {
      LocalDate.parse(v);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }
}
