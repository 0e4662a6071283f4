package recfleet.common.link;

import io.vertx.core.Vertx;
import recfleet.common.BackoffPolicy;

/**
 * What every link dialler does the same way (the node's WebSocket and long-poll dialers, the
 * master's forward dialer): count the failed tries in a row, wait longer after each, and start
 * over once a try succeeds. Lives on its dialler's event loop.
 */
public final class Redial {
  private final Vertx vertx;
  private final BackoffPolicy backoff;
  private final Runnable dial;
  private int failures;
  private boolean stopped;

  public Redial(Vertx vertx, BackoffPolicy backoff, Runnable dial) {
    this.vertx = vertx;
    this.backoff = backoff;
    this.dial = dial;
  }

  /** A try failed, or a link closed: dial again after the backoff (unless stopped). */
  public void retry() {
    if (stopped) return;
    failures++;
    vertx.setTimer(backoff.delay(failures).toMillis(), id -> {
      if (!stopped) dial.run();
    });
  }

  /** A try succeeded; returns how many had failed before it. */
  public int succeeded() {
    int before = failures;
    failures = 0;
    return before;
  }

  /** Failed tries in a row so far (0: the last try succeeded, or none failed yet). */
  public int failures() {
    return failures;
  }

  public void stop() {
    stopped = true;
  }

  public boolean stopped() {
    return stopped;
  }
}
