package io.deltalens.internal.frame;

import it.unimi.dsi.fastutil.doubles.DoubleArrayList;
import it.unimi.dsi.fastutil.floats.FloatArrayList;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import it.unimi.dsi.fastutil.shorts.ShortArrayList;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DateTimeColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.ShortColumn;

/**
 * Tablesaw's primitive columns over arrays a read filled, without a copy. Tablesaw's public factories
 * ({@code LongColumn.create(name, long[])}, {@code DateColumn.createInternal}, …) copy the array into a fresh
 * fastutil list: for a frame of 10M rows, a second array per column, zeroed and filled, and the first let go.
 * Each column class has a constructor taking that list; it is private or protected, so it is looked up once
 * here (Tablesaw is on the class path: its classes are open to deltalens). Where a lookup fails (a Tablesaw
 * whose constructors differ, or one loaded as a named module) the public factory serves, copying as before.
 */
final class ColumnsOver {
  private static final MethodHandle SHORTS = constructor(ShortColumn.class, ShortArrayList.class);
  private static final MethodHandle INTS = constructor(IntColumn.class, IntArrayList.class);
  private static final MethodHandle DATES = constructor(DateColumn.class, IntArrayList.class);
  private static final MethodHandle LONGS = constructor(LongColumn.class, LongArrayList.class);
  private static final MethodHandle INSTANTS = constructor(InstantColumn.class, LongArrayList.class);
  private static final MethodHandle DATE_TIMES = constructor(DateTimeColumn.class, LongArrayList.class);
  private static final MethodHandle FLOATS = constructor(FloatColumn.class, FloatArrayList.class);
  private static final MethodHandle DOUBLES = constructor(DoubleColumn.class, DoubleArrayList.class);

  private ColumnsOver() {}

  /** Whether every column is made without a copy (false: the copying factories serve). */
  static boolean withoutCopy() {
    return SHORTS != null && INTS != null && DATES != null && LONGS != null && INSTANTS != null
        && DATE_TIMES != null && FLOATS != null && DOUBLES != null;
  }

  static ShortColumn shorts(String name, short[] values) {
    return SHORTS == null ? ShortColumn.create(name, values) : (ShortColumn) make(SHORTS, name, ShortArrayList.wrap(values));
  }

  static IntColumn ints(String name, int[] values) {
    return INTS == null ? IntColumn.create(name, values) : (IntColumn) make(INTS, name, IntArrayList.wrap(values));
  }

  /** Dates packed as Tablesaw packs them. */
  static DateColumn dates(String name, int[] packed) {
    return DATES == null ? DateColumn.createInternal(name, packed) : (DateColumn) make(DATES, name, IntArrayList.wrap(packed));
  }

  static LongColumn longs(String name, long[] values) {
    return LONGS == null ? LongColumn.create(name, values) : (LongColumn) make(LONGS, name, LongArrayList.wrap(values));
  }

  /** UTC instants packed as Tablesaw packs date-times. */
  static InstantColumn instants(String name, long[] packed) {
    return INSTANTS == null ? InstantColumn.createInternal(name, packed)
        : (InstantColumn) make(INSTANTS, name, LongArrayList.wrap(packed));
  }

  /** Date-times packed as Tablesaw packs them. */
  static DateTimeColumn dateTimes(String name, long[] packed) {
    return DATE_TIMES == null ? DateTimeColumn.createInternal(name, packed)
        : (DateTimeColumn) make(DATE_TIMES, name, LongArrayList.wrap(packed));
  }

  static FloatColumn floats(String name, float[] values) {
    return FLOATS == null ? FloatColumn.create(name, values) : (FloatColumn) make(FLOATS, name, FloatArrayList.wrap(values));
  }

  static DoubleColumn doubles(String name, double[] values) {
    return DOUBLES == null ? DoubleColumn.create(name, values)
        : (DoubleColumn) make(DOUBLES, name, DoubleArrayList.wrap(values));
  }

  private static Object make(MethodHandle constructor, String name, Object list) {
    try {
      return constructor.invoke(name, list);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) { // the constructors declare nothing checked
      throw new IllegalStateException(e);
    }
  }

  private static MethodHandle constructor(Class<?> column, Class<?> list) {
    try {
      return MethodHandles.privateLookupIn(column, MethodHandles.lookup())
          .findConstructor(column, MethodType.methodType(void.class, String.class, list));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
