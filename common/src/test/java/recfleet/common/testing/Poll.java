package recfleet.common.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;

/** Waits for a condition by polling it until a deadline; never a blind sleep. */
public final class Poll {
  private Poll() {}

  public static <T> T until(Duration timeout, String what, Callable<T> probe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Throwable last = null;
    while (System.nanoTime() < deadline) {
      try {
        T value = probe.call();
        if (value != null && !Boolean.FALSE.equals(value)) return value;
      } catch (Exception e) {
        last = e;
      }
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos()); // poll interval, not a wait for an outcome
    }
    throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what
        + (last == null ? "" : " (last error: " + last + ")"));
  }
}
