package recfleet.node.ingest;

import io.vertx.core.buffer.Buffer;
import java.util.Arrays;

/**
 * The bytes a push parser has received and not yet consumed, in one array it can index directly:
 * appended as the network delivers them (straight from a Vert.x buffer, no intermediate copy),
 * consumed from the front; the live part moves to the front, or the array grows, only when the
 * next run does not fit. The array returned by {@link #array()} is valid until the next append.
 */
public final class ByteWindow {
  private byte[] buf;
  private int start;
  private int end;

  public ByteWindow(int initialCapacity) {
    buf = new byte[initialCapacity];
  }

  public void append(byte[] data, int offset, int length) {
    ensure(length);
    System.arraycopy(data, offset, buf, end, length);
    end += length;
  }

  public void append(Buffer data) {
    int length = data.length();
    ensure(length);
    data.getBytes(0, length, buf, end);
    end += length;
  }

  private void ensure(int length) {
    if (end + length <= buf.length) return;
    int live = end - start;
    if (live + length > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, live + length));
    System.arraycopy(buf, start, buf, 0, live);
    start = 0;
    end = live;
  }

  public byte[] array() {
    return buf;
  }

  /** Index of the first unconsumed byte in {@link #array()}. */
  public int start() {
    return start;
  }

  /** Index just past the last received byte in {@link #array()}. */
  public int end() {
    return end;
  }

  /** Everything before {@code index} is consumed. */
  public void consumeTo(int index) {
    start = index;
  }
}
