package recfleet.node.pipeline;

/**
 * Thrown by a stage when the stage itself, not the job, is broken (its output folder is gone or
 * unwritable). The job goes back to the queue untouched and TaskDoctor replaces the worker.
 */
public final class StageUnhealthyException extends Exception {
  public StageUnhealthyException(String message) {
    super(message);
  }
}
