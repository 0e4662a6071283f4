package recfleet.node.pipeline;

import java.time.Duration;

/** How a stage drains its queue: how many at once, how long a claim lasts, how retries back off. */
public record PumpOptions(int parallelism, Duration lease, Duration pollInterval, Duration retryBase,
                          Duration retryMax, int maxAttempts) {

  /**
   * Doubles with each attempt up to {@code retryMax}, then spreads by +-20 % so that jobs that
   * failed together (storage down) do not all come back at the same instant.
   */
  public Duration retryDelay(int attempts) {
    long base = retryBase.toMillis();
    long delay = Math.min(base << Math.min(Math.max(attempts - 1, 0), 20), retryMax.toMillis());
    double jitter = 0.8 + 0.4 * java.util.concurrent.ThreadLocalRandom.current().nextDouble();
    return Duration.ofMillis(Math.max(1, Math.round(delay * jitter)));
  }
}
