package recfleet.node.media;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * A payload array from the {@link PayloadPool}, shared by the packets made from it, with a count of
 * its holders: the ingest that filled it (one, from the start), then the ring, the write queue and a
 * fragment in making, each taking a hold while it keeps a packet and letting go after. The last to
 * let go gives the array back. An array never given back (a connection cut mid-message, a room
 * removed with its ring) is simply collected: a hold forgotten costs a pool miss, never a fault.
 */
public final class PooledBytes {
  private static final AtomicIntegerFieldUpdater<PooledBytes> HOLDS =
      AtomicIntegerFieldUpdater.newUpdater(PooledBytes.class, "holds");

  private final byte[] array;
  private final PayloadPool pool;
  @SuppressWarnings("unused") // through HOLDS
  private volatile int holds = 1;

  PooledBytes(byte[] array, PayloadPool pool) {
    this.array = array;
    this.pool = pool;
  }

  public byte[] array() {
    return array;
  }

  public void retain() {
    if (HOLDS.getAndIncrement(this) <= 0) throw new IllegalStateException("a payload was held after it was given back");
  }

  public void release() {
    int left = HOLDS.decrementAndGet(this);
    if (left == 0) {
      pool.give(array);
    } else if (left < 0) {
      throw new IllegalStateException("a payload was let go more often than it was held");
    }
  }
}
