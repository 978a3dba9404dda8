package io.deltalens.internal.parquet;

import io.deltalens.internal.kernel.JsonText;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

/**
 * A variant value (the Parquet/Delta variant binary encoding: a metadata dictionary of field names and a
 * self-describing value) as JSON text, the way Spark's {@code to_json} writes it: objects, arrays,
 * strings, numbers, booleans and null as JSON; dates, timestamps and UUIDs as strings; binary as base64.
 */
final class VariantJson {
  private final byte[] metadata;
  private final int offsetSize;
  private final int dictionarySize;

  private VariantJson(byte[] metadata) {
    this.metadata = metadata;
    if ((metadata[0] & 0x0F) != 1) {
      throw new IllegalArgumentException("variant metadata of version " + (metadata[0] & 0x0F) + ", not 1");
    }
    this.offsetSize = ((metadata[0] >> 6) & 0x03) + 1;
    this.dictionarySize = (int) unsigned(metadata, 1, offsetSize);
  }

  /** The JSON text of {@code value} with the field names of {@code metadata}. */
  static String of(byte[] metadata, byte[] value) {
    StringBuilder out = new StringBuilder();
    new VariantJson(metadata).write(out, value, 0);
    return out.toString();
  }

  /** Appends the JSON of the variant {@code value} to {@code out}. */
  static void append(StringBuilder out, byte[] metadata, byte[] value) {
    new VariantJson(metadata).write(out, value, 0);
  }

  /** The field name with dictionary id {@code id}. */
  String fieldName(int id) {
    int offsets = 1 + offsetSize;
    int start = (int) unsigned(metadata, offsets + id * offsetSize, offsetSize);
    int end = (int) unsigned(metadata, offsets + (id + 1) * offsetSize, offsetSize);
    int strings = offsets + (dictionarySize + 1) * offsetSize;
    return new String(metadata, strings + start, end - start, StandardCharsets.UTF_8);
  }

  private void write(StringBuilder out, byte[] v, int at) {
    int header = v[at] & 0xFF;
    int basicType = header & 0x03;
    int valueHeader = header >> 2;
    switch (basicType) {
      case 0 -> primitive(out, v, at, valueHeader);
      case 1 -> JsonText.quote(out, new String(v, at + 1, valueHeader, StandardCharsets.UTF_8));
      case 2 -> object(out, v, at, valueHeader);
      default -> array(out, v, at, valueHeader);
    }
  }

  private void object(StringBuilder out, byte[] v, int at, int valueHeader) {
    int fieldOffsetSize = (valueHeader & 0x03) + 1;
    int fieldIdSize = ((valueHeader >> 2) & 0x03) + 1;
    boolean large = ((valueHeader >> 4) & 0x01) == 1;
    int sizeBytes = large ? 4 : 1;
    int count = (int) unsigned(v, at + 1, sizeBytes);
    int ids = at + 1 + sizeBytes;
    int offsets = ids + count * fieldIdSize;
    int values = offsets + (count + 1) * fieldOffsetSize;
    out.append('{');
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        out.append(',');
      }
      JsonText.quote(out, fieldName((int) unsigned(v, ids + i * fieldIdSize, fieldIdSize)));
      out.append(':');
      write(out, v, values + (int) unsigned(v, offsets + i * fieldOffsetSize, fieldOffsetSize));
    }
    out.append('}');
  }

  private void array(StringBuilder out, byte[] v, int at, int valueHeader) {
    int offsetBytes = (valueHeader & 0x03) + 1;
    boolean large = ((valueHeader >> 2) & 0x01) == 1;
    int sizeBytes = large ? 4 : 1;
    int count = (int) unsigned(v, at + 1, sizeBytes);
    int offsets = at + 1 + sizeBytes;
    int values = offsets + (count + 1) * offsetBytes;
    out.append('[');
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        out.append(',');
      }
      write(out, v, values + (int) unsigned(v, offsets + i * offsetBytes, offsetBytes));
    }
    out.append(']');
  }

  private static void primitive(StringBuilder out, byte[] v, int at, int type) {
    int p = at + 1;
    switch (type) {
      case 0 -> out.append("null");
      case 1 -> out.append("true");
      case 2 -> out.append("false");
      case 3 -> out.append(v[p]);
      case 4 -> out.append((short) signed(v, p, 2));
      case 5 -> out.append((int) signed(v, p, 4));
      case 6 -> out.append(signed(v, p, 8));
      case 7 -> out.append(Double.longBitsToDouble(signed(v, p, 8)));
      case 8 -> out.append(BigDecimal.valueOf(signed(v, p + 1, 4), v[p]).toPlainString());
      case 9 -> out.append(BigDecimal.valueOf(signed(v, p + 1, 8), v[p]).toPlainString());
      case 10 -> out.append(new BigDecimal(littleEndian(v, p + 1, 16), v[p]).toPlainString());
      case 11 -> JsonText.quote(out, LocalDate.ofEpochDay(signed(v, p, 4)).toString());
      case 12 -> JsonText.quote(out, Instant.EPOCH.plus(signed(v, p, 8), ChronoUnit.MICROS).toString());
      case 13 -> JsonText.quote(out, LocalDateTime.ofInstant(Instant.EPOCH.plus(signed(v, p, 8), ChronoUnit.MICROS),
          ZoneOffset.UTC).toString());
      case 14 -> out.append(Float.intBitsToFloat((int) signed(v, p, 4)));
      case 15 -> JsonText.quote(out, Base64.getEncoder().encodeToString(
          java.util.Arrays.copyOfRange(v, p + 4, p + 4 + (int) unsigned(v, p, 4))));
      case 16 -> JsonText.quote(out, new String(v, p + 4, (int) unsigned(v, p, 4), StandardCharsets.UTF_8));
      case 17 -> JsonText.quote(out, LocalTime.ofNanoOfDay(signed(v, p, 8) * 1000).toString());
      case 18 -> JsonText.quote(out, Instant.EPOCH.plus(signed(v, p, 8), ChronoUnit.NANOS).toString());
      case 19 -> JsonText.quote(out, LocalDateTime.ofInstant(Instant.EPOCH.plus(signed(v, p, 8), ChronoUnit.NANOS),
          ZoneOffset.UTC).toString());
      case 20 -> {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(v, p, 16);
        JsonText.quote(out, new UUID(b.getLong(), b.getLong()).toString());
      }
      default -> throw new IllegalArgumentException("variant primitive of unknown type " + type);
    }
  }

  private static long unsigned(byte[] b, int at, int size) {
    long value = 0;
    for (int i = size - 1; i >= 0; i--) {
      value = (value << 8) | (b[at + i] & 0xFF);
    }
    return value;
  }

  private static long signed(byte[] b, int at, int size) {
    long value = unsigned(b, at, size);
    int shift = 64 - 8 * size;
    return (value << shift) >> shift;
  }

  private static BigInteger littleEndian(byte[] b, int at, int size) {
    byte[] big = new byte[size];
    for (int i = 0; i < size; i++) {
      big[i] = b[at + size - 1 - i];
    }
    return new BigInteger(big);
  }
}
