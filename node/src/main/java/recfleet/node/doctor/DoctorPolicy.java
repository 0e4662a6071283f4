package recfleet.node.doctor;

import java.time.Duration;

/**
 * How TaskDoctor backs off: the n-th failure in a row waits {@code min * 2^(n-1)}, capped at
 * {@code max}; a unit that ran longer than {@code healthyAfter} before failing starts over at n = 1.
 */
public record DoctorPolicy(Duration backoffMin, Duration backoffMax, Duration healthyAfter) {
  public Duration delayFor(int failuresInRow) {
    long min = backoffMin.toMillis();
    long delay = min << Math.min(Math.max(failuresInRow - 1, 0), 20);
    return Duration.ofMillis(Math.min(delay, backoffMax.toMillis()));
  }
}
