package recfleet.node.record;

import java.time.OffsetDateTime;

/**
 * A segment file as it opens: its identity, its place in the session, its path under works_path, and
 * the capture it is written for (an on-demand room's; null for a continuous room), and where a path
 * rule puts it in the storage ({@code targetPath}, without extension; null: the usual place), and in
 * which storage ({@code storage}; null: the node's default).
 */
public record Segment(String recordingId, String roomId, String sessionId, int seq, String baseName,
                      String rawRelativePath, OffsetDateTime startedAt, String captureId, String targetPath,
                      String storage) {}
