package recfleet.node.pipeline;

/**
 * Raised when the node stops, so a stage's running jobs end early instead of outliving the
 * database and the event bus they report to. Long work checks it where it reports progress
 * (each packet, each frame, each chunk sent); a job ended this way goes back to the queue,
 * without counting as an attempt, and resumes at the next start.
 */
public final class StopSignal {
  private volatile boolean raised;

  void raise() {
    raised = true;
  }

  public boolean raised() {
    return raised;
  }

  /** Ends the current job with {@link StageStoppedException} once the node is stopping. */
  public void check() {
    if (raised) throw new StageStoppedException();
  }
}
