package recfleet.node.record;

import java.time.OffsetDateTime;

/** A segment file as it opens: its identity, its place in the session, and its path under works_path. */
public record Segment(String recordingId, String roomId, String sessionId, int seq, String baseName,
                      String rawRelativePath, OffsetDateTime startedAt) {}
