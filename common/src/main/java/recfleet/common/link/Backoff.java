package recfleet.common.link;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The delay before the next try: doubling from {@code min} up to {@code max}, plus up to 20 %
 * jitter, so that many who failed together (a fleet that lost its master, rooms whose closings
 * the database turned away at once) do not try again in lockstep.
 */
public final class Backoff {
  private Backoff() {}

  /** {@code failures} counts the failed tries so far, 1 for the first. */
  public static long delayMs(int failures, long minMs, long maxMs) {
    long delay = Math.min(maxMs, minMs << Math.min(Math.max(failures - 1, 0), 16));
    return delay + ThreadLocalRandom.current().nextLong(delay / 5 + 1);
  }
}
