package recfleet.common;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one way recfleet waits before trying again: {@code min} doubling with each failure in a row
 * up to {@code max}, plus up to {@code jitter} of it at random, so that many who failed together (a
 * fleet that lost its master, jobs whose storage went down) do not come back in lockstep. Used by
 * TaskDoctor (no jitter, so its restarts are predictable), the pipeline's retries, the recorders'
 * reconnects and every link dialer.
 */
public record BackoffPolicy(Duration min, Duration max, double jitter) {
  /** A {@code max} below {@code min} is taken as {@code min}: the wait never shrinks below the first. */
  public BackoffPolicy {
    if (min.isNegative()) throw new IllegalArgumentException("min must not be negative");
    if (max.compareTo(min) < 0) max = min;
    if (jitter < 0 || jitter > 1) throw new IllegalArgumentException("jitter is a fraction from 0 to 1");
  }

  /** {@code failures} counts the failed tries in a row, 1 for the first. */
  public Duration delay(int failures) {
    long base = Math.min(max.toMillis(), min.toMillis() << Math.min(Math.max(failures - 1, 0), 20));
    long extra = jitter == 0 ? 0 : ThreadLocalRandom.current().nextLong((long) (base * jitter) + 1);
    return Duration.ofMillis(Math.max(1, base + extra));
  }
}
