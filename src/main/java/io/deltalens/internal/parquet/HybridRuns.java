package io.deltalens.internal.parquet;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.parquet.column.values.bitpacking.BytePacker;
import org.apache.parquet.column.values.bitpacking.Packer;

/**
 * Parquet's RLE / bit-packed hybrid encoding (dictionary ids, definition levels) decoded a whole buffer
 * at a time into an int array: run headers are read once per run and bit-packed groups unpacked by
 * parquet's generated packers, instead of value by value through a stream as parquet-mr's decoder does.
 */
final class HybridRuns {
  private HybridRuns() {}

  /**
   * Whether the first {@code count} values in {@code in} are all {@code value}, told from run headers alone
   * (a page of definition levels without nulls is one run): false as soon as a run is bit-packed. Leaves
   * {@code in} where it was.
   */
  static boolean all(ByteBuffer in, int bitWidth, int value, int count) {
    ByteBuffer runs = in.duplicate();
    int valueBytes = (bitWidth + 7) / 8;
    int seen = 0;
    while (seen < count && runs.hasRemaining()) {
      int header = unsignedVarInt(runs);
      if ((header & 1) != 0) {
        return false;
      }
      int runValue = 0;
      for (int i = 0; i < valueBytes; i++) {
        runValue |= (runs.get() & 0xFF) << (8 * i);
      }
      if (runValue != value) {
        return false;
      }
      seen += header >>> 1;
    }
    return seen >= count;
  }

  /**
   * The first {@code expected} values encoded in {@code in} at {@code bitWidth} (what follows them is not
   * read), in an array of at least {@code expected} slots. A run longer than what is left of them is cut
   * there: a damaged header cannot make it allocate more.
   */
  static int[] decode(ByteBuffer in, int bitWidth, int expected) {
    BytePacker packer = Packer.LITTLE_ENDIAN.newBytePacker(bitWidth);
    int valueBytes = (bitWidth + 7) / 8;
    int[] out = new int[Math.max(expected, 8) + 8];
    int n = 0;
    while (in.hasRemaining() && n < expected) {
      int header = unsignedVarInt(in);
      // a bit-packed run counts groups of eight; its last group may hold fewer values than eight
      int count = (int) Math.min((header & 1) == 0 ? header >>> 1 : (header >>> 1) * 8L,
          (header & 1) == 0 ? expected - n : (expected - n + 7) / 8 * 8);
      if ((header & 1) == 0) {
        int value = 0;
        for (int i = 0; i < valueBytes; i++) {
          value |= (in.get() & 0xFF) << (8 * i);
        }
        Arrays.fill(out, n, n + count, value);
      } else {
        int bytes = Math.min(count / 8 * bitWidth, in.remaining());
        int at = in.position();
        // a last group may end early: unpack it from a zero-padded copy. From the array behind the buffer
        // where there is one: the packers' ByteBuffer form checks the bounds of every byte
        byte[] array = in.hasArray() ? in.array() : null;
        int arrayAt = array == null ? 0 : in.arrayOffset() + at;
        for (int group = 0; group < count / 8; group++) {
          int offset = group * bitWidth;
          if (offset + bitWidth <= bytes && array != null) {
            packer.unpack8Values(array, arrayAt + offset, out, n + group * 8);
          } else if (offset + bitWidth <= bytes) {
            packer.unpack8Values(in, at + offset, out, n + group * 8);
          } else {
            byte[] padded = new byte[bitWidth];
            for (int i = 0; offset + i < bytes; i++) {
              padded[i] = in.get(at + offset + i);
            }
            packer.unpack8Values(padded, 0, out, n + group * 8);
          }
        }
        in.position(at + bytes);
      }
      n += count;
    }
    return out;
  }

  private static int unsignedVarInt(ByteBuffer in) {
    int value = 0;
    int shift = 0;
    int b;
    do {
      b = in.get() & 0xFF;
      value |= (b & 0x7F) << shift;
      shift += 7;
    } while ((b & 0x80) != 0);
    return value;
  }
}
