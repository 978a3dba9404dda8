package io.deltalens.internal.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.kernel.types.StringType;
import io.deltalens.internal.kernel.ArrayVector;
import io.deltalens.internal.kernel.DictionaryVector;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DateTimeColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.ShortColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.columns.Column;
import tech.tablesaw.columns.dates.PackedLocalDate;
import tech.tablesaw.columns.numbers.IntColumnType;
import tech.tablesaw.columns.numbers.LongColumnType;
import tech.tablesaw.columns.datetimes.PackedLocalDateTime;

/**
 * The frame builder's own ways of making Tablesaw's storage agree with Tablesaw's: packed dates and times
 * against its packers, string columns made from codes against columns it fills by appending (and that
 * keep working when appended to afterwards). Whole reads of every type are checked by AllTypesTest.
 */
class FrameBuilderTest {
  /** One string column, "s". */
  private static final io.delta.kernel.types.StructType STRINGS =
      new io.delta.kernel.types.StructType().add("s", StringType.STRING);

  @Test
  void packsDatesAndTimesAsTablesawDoes() {
    Packed packed = new Packed();
    for (long day = -800_000; day <= 800_000; day += 7) { // about 2190 years either side of 1970
      assertEquals(PackedLocalDate.pack(LocalDate.ofEpochDay(day)), packed.date(day), "day " + day);
    }
    Random random = new Random(7);
    for (int i = 0; i < 200_000; i++) {
      long micros = i < 1000 ? (i - 500) * 999_999L : random.nextLong() % 40_000_000_000_000_000L;
      LocalDateTime time = LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
          (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC);
      assertEquals(PackedLocalDateTime.pack(time), packed.dateTime(micros), "micros " + micros);
    }
  }

  @Test
  void stringColumnsFromCodesEqualAppendedOnesAtEveryKeyWidth() {
    for (int distinct : new int[] {0, 3, 254, 255, 65_534, 65_535, 70_000}) {
      List<String> values = new ArrayList<>();
      for (int i = 0; i < distinct * 2 + 10; i++) {
        values.add(i % 9 == 4 ? null : i % 13 == 5 ? "" : distinct == 0 ? null : "v" + (i * 7919 % distinct));
      }
      StringColumn built = (StringColumn) FrameBuilder.column("s", StringType.STRING, values.toArray());
      assertSameValues(values, built, distinct + " distinct");
      if (distinct <= 65_534) { // past that Tablesaw's own appends switch to a text store (which fails on nulls)
        StringColumn appended = StringColumn.create("s");
        values.forEach(appended::append);
        assertEquals(appended.countUnique(), built.countUnique(), distinct + " distinct");
        assertEquals(appended.countMissing(), built.countMissing(), distinct + " distinct");
        assertEquals(appended.summary().print(), built.summary().print(), distinct + " distinct");
      }
      // Tablesaw's own operations on it afterwards: new values (past the key type's room), missing ones
      for (int i = 0; i < 300; i++) {
        built.append("new" + i);
        values.add("new" + i);
      }
      built.appendMissing();
      values.add(null);
      built.set(0, "v0");
      values.set(0, "v0");
      assertSameValues(values, built, distinct + " distinct, grown");
      assertEquals(values.stream().filter(v -> "v0".equals(v)).count(), built.isEqualTo("v0").size());
    }
  }

  @Test
  void primitiveColumnsHoldTheReadsArrayAndBehaveAsTablesawsOwn() {
    assertTrue(ColumnsOver.withoutCopy(), "a Tablesaw column constructor was not found: frames copy every array");
    long[] longs = {5, 6, LongColumnType.missingValueIndicator()};
    LongColumn column = ColumnsOver.longs("l", longs);
    longs[0] = 7; // the column holds this array: no copy was made
    assertEquals(LongColumn.class, column.getClass());
    assertEquals(List.of(7L, 6L), column.removeMissing().asList());
    column.append(8L); // and grows as Tablesaw's own (the array was full)
    assertEquals(List.of(7L, 6L, 8L), column.removeMissing().asList());
    assertEquals(LongColumn.create("l", 7, 6, LongColumnType.missingValueIndicator(), 8).print(), column.print());

    int[] days = {PackedLocalDate.pack(LocalDate.of(2024, 2, 29)), IntColumnType.missingValueIndicator()};
    assertEquals(DateColumn.createInternal("d", days).print(), ColumnsOver.dates("d", days.clone()).print());
    long[] times = {PackedLocalDateTime.pack(LocalDateTime.of(2024, 2, 29, 1, 2, 3))};
    assertEquals(InstantColumn.createInternal("t", times).print(), ColumnsOver.instants("t", times.clone()).print());
    assertEquals(DateTimeColumn.createInternal("t", times).print(), ColumnsOver.dateTimes("t", times.clone()).print());
    assertEquals(IntColumn.create("i", 1, 2).print(), ColumnsOver.ints("i", new int[] {1, 2}).print());
    assertEquals(ShortColumn.create("s", new short[] {1}).print(), ColumnsOver.shorts("s", new short[] {1}).print());
    assertEquals(FloatColumn.create("f", 1.5f).print(), ColumnsOver.floats("f", new float[] {1.5f}).print());
    DoubleColumn doubles = ColumnsOver.doubles("x", new double[] {1.5, Double.NaN});
    assertEquals(DoubleColumn.create("x", 1.5, Double.NaN).summary().print(), doubles.summary().print());
    doubles.set(1, 2.5);
    assertEquals(4.0, doubles.sum());
  }

  @Test
  void largeDictionariesCodeAsOneByOne() {
    // dictionaries past the size looked up in parallel: two row groups' dictionaries sharing most values,
    // with missing ones
    FrameBuilder frame = new FrameBuilder(STRINGS);
    List<String> values = new ArrayList<>();
    for (int group = 0; group < 2; group++) {
      String[] dictionary = new String[20_000];
      for (int id = 0; id < dictionary.length; id++) {
        dictionary[id] = id % 997 == 5 ? "" : "u" + (id * 7 + group * 5_000) % 30_000;
      }
      int[] ids = new int[dictionary.length];
      for (int row = 0; row < ids.length; row++) {
        ids[row] = row % 13 == 0 ? -1 : (row * 31) % dictionary.length;
        values.add(ids[row] < 0 ? null : dictionary[ids[row]]);
      }
      appendStrings(frame, dictionaryVector(dictionary, ids), null);
    }
    StringColumn built = frame.build("t").stringColumn("s");
    assertSameValues(values, built, "two dictionaries");
    StringColumn appended = StringColumn.create("s");
    values.forEach(appended::append);
    assertEquals(appended.unique().asList().stream().sorted().toList(),
        built.unique().asList().stream().sorted().toList(), "distinct values");
    assertEquals(appended.countMissing(), built.countMissing());
    assertEquals(values.stream().filter("u7"::equals).count(), built.isEqualTo("u7").size());
  }

  @Test
  void plainStringsCodeByTheirBytesAsOneByOne() {
    // a parquet dictionary's batch, then PLAIN pages' bytes (a writer's dictionary overflowed), then values
    // Kernel's reader gives: one set of codes over all three, with unicode, missing and empty values, rows
    // skipped by a selection, and more rows than are looked up one by one
    FrameBuilder frame = new FrameBuilder(STRINGS);
    List<String> values = new ArrayList<>();
    // short values, and values past the hash's eight-byte steps
    java.util.function.IntFunction<String> value = i -> i % 101 == 7 ? null : i % 97 == 3 ? ""
        : (i % 5 == 0 ? "ü-" : "u") + (i * 7919L % 25_000) + (i % 3 == 0 ? "-and-a-longer-tail-" + i % 7 : "");
    String[] dictionary = java.util.stream.IntStream.range(0, 3_000).mapToObj(value).map(v -> v == null ? "x" : v)
        .toArray(String[]::new);
    int[] ids = java.util.stream.IntStream.range(0, 10_000).map(row -> row % 17 == 0 ? -1 : row * 13 % 3_000).toArray();
    for (int id : ids) {
      values.add(id < 0 ? null : dictionary[id]);
    }
    appendStrings(frame, dictionaryVector(dictionary, ids), null);
    String[] plain = java.util.stream.IntStream.range(0, 40_000).mapToObj(value).toArray(String[]::new);
    boolean[] selected = new boolean[plain.length];
    for (int row = 0; row < plain.length; row++) {
      selected[row] = row % 3 != 1;
      if (selected[row]) {
        values.add(plain[row]);
      }
    }
    var selection = new io.deltalens.internal.kernel.PrimitiveVector(
        io.delta.kernel.types.BooleanType.BOOLEAN, plain.length, null, selected);
    appendStrings(frame, io.deltalens.internal.kernel.Utf8Vector.of(plain), selection);
    Object[] objects = java.util.stream.IntStream.range(20_000, 30_000).mapToObj(value).toArray();
    for (Object v : objects) {
      values.add((String) v);
    }
    appendStrings(frame, new ArrayVector(StringType.STRING, objects.length, objects), null);
    StringColumn built = frame.build("t").stringColumn("s");
    assertSameValues(values, built, "dictionary, plain and object batches");
    StringColumn appended = StringColumn.create("s");
    values.forEach(appended::append);
    assertEquals(appended.unique().asList().stream().sorted().toList(),
        built.unique().asList().stream().sorted().toList(), "distinct values");
    assertEquals(appended.countMissing(), built.countMissing());
    assertEquals(values.stream().filter("ü-0"::equals).count(), built.isEqualTo("ü-0").size());
  }

  /** {@code vector} as a batch of column "s", its rows kept where {@code selection} says (all without one). */
  private static void appendStrings(FrameBuilder frame, io.delta.kernel.data.ColumnVector vector,
      io.delta.kernel.data.ColumnVector selection) {
    var batch = io.deltalens.internal.kernel.KernelInternals.batch(vector.getSize(), STRINGS,
        new io.delta.kernel.data.ColumnVector[] {vector});
    frame.append(new io.delta.kernel.data.FilteredColumnarBatch(batch, java.util.Optional.ofNullable(selection)),
        Integer.MAX_VALUE);
  }

  /** Ids into a dictionary, as the columnar reader gives a dictionary-encoded page's strings. */
  private static DictionaryVector dictionaryVector(String[] dictionary, int[] ids) {
    return new DictionaryVector(io.deltalens.internal.kernel.Utf8Vector.of(dictionary), new String[dictionary.length],
        ids, ids.length);
  }

  private static void assertSameValues(List<String> expected, StringColumn actual, String what) {
    assertEquals(expected.size(), actual.size(), what);
    for (int i = 0; i < expected.size(); i++) {
      String value = expected.get(i);
      boolean missing = value == null || value.isEmpty(); // Tablesaw's missing string
      assertEquals(missing, actual.isMissing(i), what + ", row " + i);
      if (!missing) {
        assertEquals(value, actual.get(i), what + ", row " + i);
      }
    }
  }

  @Test
  void dictionaryStringsReadAsTheirValues() {
    String[] dictionary = {"a", "b", "", "c"};
    int[] ids = {0, 1, -1, 2, 3, 0, 3};
    FrameBuilder frame = new FrameBuilder(STRINGS);
    appendStrings(frame, dictionaryVector(dictionary, ids), null);
    appendStrings(frame, new ArrayVector(StringType.STRING, 2, new Object[] {"c", "d"}), null);
    StringColumn column = frame.build("t").stringColumn("s");
    StringColumn expected = StringColumn.create("s", "a", "b", null, "", "c", "a", "c", "c", "d");
    assertEquals(expected.asList(), column.asList());
    assertEquals(expected.countMissing(), column.countMissing());
    assertEquals(4, column.countUnique() - 1); // a, b, c, d and the missing value
  }
}
