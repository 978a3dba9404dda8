package io.deltalens.internal.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import io.deltalens.internal.kernel.ArrayVector;
import io.deltalens.internal.kernel.KernelInternals;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * A frame's first build in a fresh JVM, its columns of many types finished on several threads at once: each
 * thread's first column of a type initializes Tablesaw's column types, whose static initializers wait on one
 * another (two threads deadlocked before FrameBuilder initialized them on one thread). Each trial is a JVM of its
 * own, as only a JVM's first columns can meet that: without that initialization the first or second trial hung.
 */
class FreshJvmBuildTest {
  private static final List<DataType> TYPES = List.of(LongType.LONG, IntegerType.INTEGER, ShortType.SHORT,
      DoubleType.DOUBLE, FloatType.FLOAT, DateType.DATE, TimestampType.TIMESTAMP, TimestampNTZType.TIMESTAMP_NTZ,
      BooleanType.BOOLEAN, StringType.STRING);

  @Test
  void firstBuildsInFreshJvmsFinish() throws Exception {
    for (int trial = 0; trial < 4; trial++) {
      Process jvm = new ProcessBuilder(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
          "-cp", System.getProperty("java.class.path"), FreshJvmBuildTest.class.getName())
          .redirectErrorStream(true).start();
      boolean ended = jvm.waitFor(30, TimeUnit.SECONDS);
      if (!ended) {
        jvm.destroyForcibly();
      }
      assertTrue(ended, "trial " + trial + ": the build did not finish in 30 s (a deadlock)");
      String out = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, jvm.exitValue(), out);
      assertTrue(out.contains("10 columns, 3 rows"), out);
    }
  }

  /** One frame of every primitive type (no nulls: no column type is touched before the build), built once. */
  public static void main(String[] args) {
    StructType schema = new StructType();
    ColumnVector[] vectors = new ColumnVector[TYPES.size()];
    for (int i = 0; i < TYPES.size(); i++) {
      DataType type = TYPES.get(i);
      schema = schema.add("c" + i, type);
      vectors[i] = new ArrayVector(type, 3, values(type));
    }
    FrameBuilder frame = new FrameBuilder(schema);
    ColumnsOver.withoutCopy(); // ready before the build, as after a read's first batches: threads meet at the types
    frame.append(new FilteredColumnarBatch(KernelInternals.batch(3, schema, vectors), Optional.empty()), 3);
    Table table = frame.build("t");
    System.out.println(table.columnCount() + " columns, " + table.rowCount() + " rows");
  }

  private static Object[] values(DataType type) {
    if (type instanceof LongType || type instanceof TimestampType || type instanceof TimestampNTZType) {
      return new Object[] {1L, 2L, 3L};
    }
    if (type instanceof IntegerType || type instanceof DateType) {
      return new Object[] {1, 2, 3};
    }
    if (type instanceof ShortType) {
      return new Object[] {(short) 1, (short) 2, (short) 3};
    }
    if (type instanceof DoubleType) {
      return new Object[] {1.0, 2.0, 3.0};
    }
    if (type instanceof FloatType) {
      return new Object[] {1f, 2f, 3f};
    }
    if (type instanceof BooleanType) {
      return new Object[] {true, false, true};
    }
    return new Object[] {"a", "b", "c"};
  }
}
