package recfleet.node.store;

/** A claimed job: one recording at one stage, on its n-th attempt. */
public record Job(long jobId, String recordingId, Stage stage, int attempts) {}
