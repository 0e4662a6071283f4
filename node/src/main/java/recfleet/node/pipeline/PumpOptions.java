package recfleet.node.pipeline;

import java.time.Duration;

/** How a stage drains its queue: how many at once, how long a claim lasts, how retries back off. */
public record PumpOptions(int parallelism, Duration lease, Duration pollInterval, Duration retryBase,
                          Duration retryMax, int maxAttempts) {

  public Duration retryDelay(int attempts) {
    long base = retryBase.toMillis();
    long delay = base << Math.min(Math.max(attempts - 1, 0), 20);
    return Duration.ofMillis(Math.min(delay, retryMax.toMillis()));
  }
}
