package recfleet.node.pipeline;

import recfleet.node.store.Job;

/** The blocking work of one stage for one job. Runs on the stage's worker executor. */
public interface StageHandler {
  /**
   * Does the stage's work for one job. Work that can last (a transcode, an upload) calls
   * {@code stop.check()} as it goes, so that a stopping node is not held up by it.
   */
  Outcome handle(Job job, StopSignal stop) throws Exception;

  /** Called once the job is given up for good, to record and report why. */
  void gaveUp(Job job, String reason);
}
