package recfleet.node.media;

import java.io.ByteArrayOutputStream;

/** A NAL unit's payload without its emulation-prevention bytes (00 00 03 -> 00 00), as parameter sets are parsed. */
public final class Rbsp {
  private Rbsp() {}

  public static byte[] of(byte[] b, int from, int length) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(length);
    int zeros = 0;
    for (int i = from; i < from + length; i++) {
      int v = b[i] & 0xff;
      if (zeros >= 2 && v == 3) {
        zeros = 0;
        continue;
      }
      zeros = v == 0 ? zeros + 1 : 0;
      out.write(v);
    }
    return out.toByteArray();
  }
}
