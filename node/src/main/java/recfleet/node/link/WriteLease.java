package recfleet.node.link;

import recfleet.node.record.WriteFence;

/**
 * The node's permission from the master to write the rooms it holds, valid until a point on the
 * monotonic clock. The master renews it with every room list; the node takes the renewal only
 * after it has stopped the rooms the list no longer has. It starts expired: nothing held is
 * written before the master has confirmed it.
 *
 * <p>What an expired lease means is the user's choice ({@code [LINK] when_master_lost}). With
 * {@code keep}, a lease once granted never stops a recording: while no master answers, nobody can
 * move the rooms, so writing on loses nothing; if a master is alive but cut off from this node, it
 * moves the rooms after {@code down_after} and both nodes write them until the link is back and
 * the room list stops them here (a bounded overlap, reported). With {@code pause}, writing stops
 * when the lease ends: never two writers, at the price of a gap.
 */
public final class WriteLease implements WriteFence {
  private final boolean keepWhenLapsed;
  private volatile long validUntilNanos = System.nanoTime() - 1;
  private volatile boolean everGranted;

  public WriteLease(boolean keepWhenLapsed) {
    this.keepWhenLapsed = keepWhenLapsed;
  }

  @Override
  public boolean mayWrite() {
    return valid() || (keepWhenLapsed && everGranted);
  }

  /** Whether the master's last renewal still runs (false from the start until the first one). */
  public boolean valid() {
    return System.nanoTime() - validUntilNanos < 0;
  }

  /** How long ago the lease ran out, in ms; 0 while it runs or before it was ever granted. */
  public long lapsedForMs() {
    long past = System.nanoTime() - validUntilNanos;
    return everGranted && past >= 0 ? past / 1_000_000 : 0;
  }

  public boolean keepsWhenLapsed() {
    return keepWhenLapsed;
  }

  /** Extends the lease to {@code untilNanos} (System.nanoTime based); never shortens it. */
  public void extendTo(long untilNanos) {
    if (untilNanos - validUntilNanos > 0) validUntilNanos = untilNanos;
    everGranted = true;
  }
}
