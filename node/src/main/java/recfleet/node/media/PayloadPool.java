package recfleet.node.media;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Payload arrays used again instead of left to the collector. A room's packets live as long as its
 * GOP ring holds them (seconds): long enough to be copied through the young generation and promoted,
 * so at a few hundred rooms most of the JVM's collection work was moving payloads that die soon
 * after. Arrays come in size classes four to a power of two (at most a quarter of each wasted), from
 * 256 bytes to 4 MiB; smaller and larger payloads are plain arrays. What waits in the pool is bounded
 * ({@code maxIdleBytes}); an array given back above it is left to the collector. Thread-safe: the
 * event loops take, the ring's loop and the writer threads give back.
 */
public final class PayloadPool {
  private static final int MIN_SHIFT = 8;
  private static final int MAX_SHIFT = 22;
  private static final PayloadPool SHARED = new PayloadPool(Math.max(16L << 20, Runtime.getRuntime().maxMemory() / 3));

  private final ArrayDeque<byte[]>[] idle;
  private final AtomicLong idleBytes = new AtomicLong();
  private final long maxIdleBytes;

  @SuppressWarnings("unchecked")
  public PayloadPool(long maxIdleBytes) {
    this.maxIdleBytes = maxIdleBytes;
    this.idle = new ArrayDeque[(MAX_SHIFT - MIN_SHIFT) * 4];
    for (int i = 0; i < idle.length; i++) idle[i] = new ArrayDeque<>();
  }

  /**
   * The node's pool: a third of the heap (at least 16 MiB) may wait in it. Rooms fed by one
   * publisher trim their rings at the same moment, so a GOP of every room comes back at once and
   * is taken again over the next GOP: the pool must hold that, or the arrays are made anew.
   */
  public static PayloadPool shared() {
    return SHARED;
  }

  /** An array of at least {@code size} bytes, held once by the caller. */
  public PooledBytes take(int size) {
    int c = classOf(size);
    if (c < 0) return new PooledBytes(new byte[size], this);
    byte[] array;
    ArrayDeque<byte[]> q = idle[c];
    synchronized (q) {
      array = q.pollLast();
    }
    if (array == null) return new PooledBytes(new byte[capacity(c)], this);
    idleBytes.addAndGet(-array.length);
    return new PooledBytes(array, this);
  }

  void give(byte[] array) {
    int c = classOf(array.length);
    if (c < 0 || capacity(c) != array.length) return; // not one of ours: the collector takes it
    if (idleBytes.addAndGet(array.length) > maxIdleBytes) {
      idleBytes.addAndGet(-array.length);
      return;
    }
    ArrayDeque<byte[]> q = idle[c];
    synchronized (q) {
      q.addLast(array);
    }
  }

  /** Bytes waiting in the pool. */
  public long idleBytes() {
    return idleBytes.get();
  }

  /** The smallest class that holds {@code size} bytes, or -1 for a size the pool does not serve. */
  static int classOf(int size) {
    if (size <= 1 << MIN_SHIFT || size > 1 << MAX_SHIFT) return -1;
    int k = 31 - Integer.numberOfLeadingZeros(size - 1); // 2^k < size <= 2^(k+1)
    int quarter = 1 << (k - 2);
    int step = (size - (1 << k) + quarter - 1) / quarter; // 1..4
    return (k - MIN_SHIFT) * 4 + step - 1;
  }

  static int capacity(int sizeClass) {
    int k = MIN_SHIFT + sizeClass / 4;
    return (1 << k) + (sizeClass % 4 + 1) * (1 << (k - 2));
  }
}
