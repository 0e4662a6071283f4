package recfleet.node.link;

import recfleet.node.record.WriteFence;

/**
 * The node's permission from the master to write the rooms it holds, valid until a point on the
 * monotonic clock. The master renews it with every room list; the node takes the renewal only
 * after it has stopped the rooms the list no longer has. It starts expired: nothing held is
 * written before the master has confirmed it.
 */
public final class WriteLease implements WriteFence {
  private volatile long validUntilNanos = System.nanoTime() - 1;

  @Override
  public boolean mayWrite() {
    return System.nanoTime() - validUntilNanos < 0;
  }

  /** Extends the lease to {@code untilNanos} (System.nanoTime based); never shortens it. */
  public void extendTo(long untilNanos) {
    if (untilNanos - validUntilNanos > 0) validUntilNanos = untilNanos;
  }
}
