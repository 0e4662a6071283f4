package recfleet.node.pipeline;

import recfleet.node.store.Job;

/** The blocking work of one stage for one job. Runs on the stage's worker executor. */
public interface StageHandler {
  Outcome handle(Job job) throws Exception;

  /** Called once the job is given up for good, to record and report why. */
  void gaveUp(Job job, String reason);
}
