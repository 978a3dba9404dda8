package io.deltalens.internal.parquet;

import java.util.Arrays;
import java.util.Random;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridEncoder;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Decodes what parquet's own encoder writes, at every bit width, in runs, packed groups and ragged ends. */
class HybridRunsTest {
  @Test
  void decodesParquetsEncodingAtEveryWidth() throws Exception {
    Random random = new Random(42);
    for (int width = 0; width <= 24; width++) {
      int max = width == 0 ? 0 : (int) Math.min((1L << width) - 1, Integer.MAX_VALUE);
      for (int size : new int[] {1, 7, 8, 9, 100, 1003}) {
        int[] values = new int[size];
        for (int i = 0; i < size; i++) {
          // stretches of one value (RLE runs) between random ones (bit-packed groups)
          values[i] = max == 0 ? 0 : (i / 37) % 2 == 0 ? max / 3 : random.nextInt(max + 1);
        }
        RunLengthBitPackingHybridEncoder encoder =
            new RunLengthBitPackingHybridEncoder(width, 64, 1 << 20, HeapByteBufferAllocator.getInstance());
        for (int value : values) {
          encoder.writeInt(value);
        }
        int[] decoded = HybridRuns.decode(encoder.toBytes().toByteBuffer(), width, size);
        assertArrayEquals(values, Arrays.copyOf(decoded, size), "width " + width + ", " + size + " values");
      }
    }
  }

  /** {@code all} tells pages of one value, and never misses another value anywhere in a page. */
  @Test
  void tellsAPageOfOneValueFromItsRunHeaders() throws Exception {
    for (int size : new int[] {1, 8, 100, 20_000}) {
      for (int other = -1; other < size; other += Math.max(1, size / 7)) {
        RunLengthBitPackingHybridEncoder encoder =
            new RunLengthBitPackingHybridEncoder(1, 64, 1 << 20, HeapByteBufferAllocator.getInstance());
        for (int i = 0; i < size; i++) {
          encoder.writeInt(i == other ? 0 : 1);
        }
        var bytes = encoder.toBytes().toByteBuffer();
        int position = bytes.position();
        // fewer than 8 values of one kind are written bit-packed: then "not known", the page is decoded
        assertEquals(other < 0 && size >= 8, HybridRuns.all(bytes, 1, 1, size), size + " levels, a null at " + other);
        assertEquals(position, bytes.position());
      }
    }
  }
}
