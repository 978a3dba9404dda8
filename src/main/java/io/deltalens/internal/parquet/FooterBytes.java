package io.deltalens.internal.parquet;

import java.nio.ByteBuffer;
import org.apache.parquet.format.InterningProtocol;
import shaded.parquet.org.apache.thrift.TConfiguration;
import shaded.parquet.org.apache.thrift.TException;
import shaded.parquet.org.apache.thrift.protocol.TCompactProtocol;
import shaded.parquet.org.apache.thrift.protocol.TProtocol;
import shaded.parquet.org.apache.thrift.transport.TEndpointTransport;
import shaded.parquet.org.apache.thrift.transport.TTransportException;

/**
 * A footer's bytes as a thrift transport that lends its array to the protocol (what thrift's
 * {@code TMemoryInputTransport} does; parquet's shaded thrift leaves it out). parquet-mr's own path reads a
 * footer through an {@code InputStream}, a call (and a lock) per byte: a third of parsing a small footer.
 * Thrift's message-size limits still apply, so a corrupt length fails instead of allocating.
 */
final class FooterBytes extends TEndpointTransport {
  /**
   * The compact protocol parquet writes footers in, reading {@code length} bytes of {@code bytes} at
   * {@code offset}; names interned as parquet-mr's own reading does (thousands of footers held at once share them).
   */
  static TProtocol protocol(byte[] bytes, int offset, int length) throws TTransportException {
    return new InterningProtocol(new TCompactProtocol(new FooterBytes(bytes, offset, length)) {
      @Override
      public ByteBuffer readBinary() throws TException {
        // the protocol lends a window on the footer's array, but parquet-mr takes a statistic's bytes with
        // array(): each value gets an array of its own, as a stream's read gives it
        ByteBuffer lent = super.readBinary();
        byte[] own = new byte[lent.remaining()];
        lent.get(own);
        return ByteBuffer.wrap(own);
      }
    });
  }


  private final byte[] bytes;
  private int position;
  private final int end;

  private FooterBytes(byte[] bytes, int offset, int length) throws TTransportException {
    super(new TConfiguration());
    this.bytes = bytes;
    this.position = offset;
    this.end = offset + length;
  }

  @Override
  public boolean isOpen() {
    return true;
  }

  @Override
  public void open() {}

  @Override
  public void close() {}

  @Override
  public int read(byte[] into, int offset, int length) throws TTransportException {
    int count = Math.min(length, end - position);
    if (count > 0) {
      System.arraycopy(bytes, position, into, offset, count);
      position += count;
      countConsumedMessageBytes(count);
    }
    return count;
  }

  @Override
  public void write(byte[] from, int offset, int length) {
    throw new UnsupportedOperationException("a footer is read, not written");
  }

  @Override
  public byte[] getBuffer() {
    return bytes;
  }

  @Override
  public int getBufferPosition() {
    return position;
  }

  @Override
  public int getBytesRemainingInBuffer() {
    return end - position;
  }

  @Override
  public void consumeBuffer(int length) {
    position += length;
  }
}
