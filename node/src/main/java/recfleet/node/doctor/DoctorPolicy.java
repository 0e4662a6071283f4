package recfleet.node.doctor;

import java.time.Duration;
import recfleet.common.BackoffPolicy;

/**
 * How TaskDoctor backs off: the n-th failure in a row waits {@code min * 2^(n-1)}, capped at
 * {@code max}, with no jitter, so its restarts are predictable; a unit that ran longer than
 * {@code healthyAfter} before failing starts over at n = 1.
 */
public record DoctorPolicy(Duration backoffMin, Duration backoffMax, Duration healthyAfter) {
  public Duration delayFor(int failuresInRow) {
    return new BackoffPolicy(backoffMin, backoffMax, 0).delay(failuresInRow);
  }
}
