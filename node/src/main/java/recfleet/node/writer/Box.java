package recfleet.node.writer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One ISO BMFF box being built (ISO/IEC 14496-12): a 32-bit size, a four-letter type, then its
 * fields and child boxes. The size is filled in by {@link #bytes()}. Big-endian throughout.
 */
final class Box {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private Box(String type) {
    u32(0);
    out.writeBytes(type.getBytes(StandardCharsets.US_ASCII));
  }

  static Box of(String type) {
    return new Box(type);
  }

  /** A full box: version and 24 bits of flags after the type. */
  static Box full(String type, int version, int flags) {
    return new Box(type).u8(version).u24(flags);
  }

  Box u8(int v) {
    out.write(v);
    return this;
  }

  Box u16(int v) {
    out.write(v >> 8);
    out.write(v);
    return this;
  }

  Box u24(int v) {
    out.write(v >> 16);
    return u16(v);
  }

  Box u32(long v) {
    out.write((int) (v >> 24));
    out.write((int) (v >> 16));
    out.write((int) (v >> 8));
    out.write((int) v);
    return this;
  }

  Box u64(long v) {
    return u32(v >>> 32).u32(v);
  }

  Box zeros(int n) {
    out.writeBytes(new byte[n]);
    return this;
  }

  Box ascii(String s) {
    out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    return this;
  }

  Box bytes(byte[] b) {
    out.writeBytes(b);
    return this;
  }

  Box add(Box child) {
    out.writeBytes(child.bytes());
    return this;
  }

  /** Bytes written so far, counting the size and type: where the next field lands. */
  int length() {
    return out.size();
  }

  /** The unity matrix of mvhd and tkhd. */
  Box matrix() {
    return u32(0x10000).u32(0).u32(0).u32(0).u32(0x10000).u32(0).u32(0).u32(0).u32(0x40000000);
  }

  byte[] bytes() {
    byte[] b = out.toByteArray();
    int n = b.length;
    b[0] = (byte) (n >> 24);
    b[1] = (byte) (n >> 16);
    b[2] = (byte) (n >> 8);
    b[3] = (byte) n;
    return b;
  }
}
