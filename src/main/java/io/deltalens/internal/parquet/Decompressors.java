package io.deltalens.internal.parquet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Page decompression for one file's reader that several threads may share, so that a row group's columns
 * decode on every core: parquet-mr's own decompressors keep state and are for one thread at a time. Snappy
 * (what Delta writers use by default) goes through snappy-java's stateless call, straight from the page's
 * bytes into an array each column chunk reuses page after page; other codecs through a parquet-mr factory
 * per thread.
 */
final class Decompressors implements CompressionCodecFactory {
  private static final int PAGE_SIZE_HINT = 1 << 20;

  private final List<CodecFactory> factories = new ArrayList<>();
  private final ThreadLocal<CodecFactory> perThread = ThreadLocal.withInitial(this::newFactory);

  private synchronized CodecFactory newFactory() {
    CodecFactory factory = new CodecFactory(new PlainParquetConfiguration(), PAGE_SIZE_HINT);
    factories.add(factory);
    return factory;
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
    return codec == CompressionCodecName.SNAPPY ? new ChunkSnappy() : new BytesInputDecompressor() {
      @Override
      public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
        return perThread.get().getDecompressor(codec).decompress(bytes, uncompressedSize);
      }

      @Override
      public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
          throws IOException {
        perThread.get().getDecompressor(codec).decompress(input, compressedSize, output, uncompressedSize);
      }

      @Override
      public void release() {}
    };
  }

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codec) {
    throw new UnsupportedOperationException("a reader's codecs only decompress");
  }

  @Override
  public synchronized void release() {
    factories.forEach(CodecFactory::release);
    factories.clear();
  }

  /**
   * Snappy for one column chunk (parquet-mr asks for a decompressor per chunk): its pages are decompressed
   * into one array, grown as needed. A chunk's pages are read one after another, and {@link ColumnCursor} is
   * done with a page's bytes (values converted, a dictionary copied into its sink) before it reads the next;
   * a fresh array per page cost a tenth of a read's CPU in zeroing memory that snappy then overwrote.
   */
  private static final class ChunkSnappy implements BytesInputDecompressor {
    private byte[] out = new byte[0];
    private byte[] copy = new byte[0];

    @Override
    public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
      ByteBuffer in = bytes.toByteBuffer();
      if (out.length < uncompressedSize) {
        out = new byte[uncompressedSize];
      }
      int size;
      if (in.hasArray()) {
        size = Snappy.uncompress(in.array(), in.arrayOffset() + in.position(), in.remaining(), out, 0);
      } else { // a mapped file's page (MappedFile): copied into an array the chunk reuses too
        int length = in.remaining();
        if (copy.length < length) {
          copy = new byte[length];
        }
        in.get(copy, 0, length);
        size = Snappy.uncompress(copy, 0, length, out, 0);
      }
      if (size != uncompressedSize) {
        throw new IOException("a snappy page holds " + size + " bytes, its header says " + uncompressedSize);
      }
      return BytesInput.from(out, 0, size);
    }

    @Override
    public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
        throws IOException {
      ByteBuffer in = input.duplicate();
      in.limit(in.position() + compressedSize);
      ByteBuffer out = output.duplicate();
      out.limit(out.position() + uncompressedSize);
      Snappy.uncompress(in, out);
    }

    @Override
    public void release() {}
  }
}
