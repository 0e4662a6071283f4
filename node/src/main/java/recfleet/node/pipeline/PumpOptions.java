package recfleet.node.pipeline;

import java.time.Duration;

/** How a stage drains its queue: how many at once, how long a claim lasts, how retries back off. */
public record PumpOptions(int parallelism, Duration lease, Duration pollInterval, Duration retryBase,
                          Duration retryMax, int maxAttempts) {

  /**
   * Doubles with each attempt up to {@code retryMax}, plus up to 20 % so that jobs that failed
   * together (storage down) do not all come back at the same instant.
   */
  public Duration retryDelay(int attempts) {
    return new recfleet.common.BackoffPolicy(retryBase, retryMax, 0.2).delay(attempts);
  }
}
