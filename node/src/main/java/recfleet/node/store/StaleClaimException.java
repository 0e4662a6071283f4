package recfleet.node.store;

/**
 * A write on behalf of a claim that no longer holds its job (its lease ran out and the job was
 * claimed again, or the job moved on): the write is refused, so it cannot move the job or its
 * recording backwards.
 */
public final class StaleClaimException extends RuntimeException {
  public StaleClaimException(Job job) {
    super(job.stage() + " job of recording " + job.recordingId() + " is no longer held by attempt " + job.attempts(),
        null, false, false);
  }

  public StaleClaimException(String recordingId, String expected) {
    super("recording " + recordingId + " is no longer " + expected, null, false, false);
  }
}
