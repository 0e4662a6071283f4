package recfleet.node.pipeline;

/** Thrown from a job's progress check when the node is stopping: the job is put back, not failed. */
public final class StageStoppedException extends RuntimeException {
  public StageStoppedException() {
    super("the node is stopping", null, false, false);
  }
}
