package io.deltalens.internal.parquet;

import java.util.Arrays;
import java.util.Random;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridEncoder;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

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
}
