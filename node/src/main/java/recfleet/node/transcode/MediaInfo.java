package recfleet.node.transcode;

/** What a probe found in a media file. */
public record MediaInfo(boolean hasVideo, boolean hasAudio, long durationMs, int videoCodec, int audioCodec) {}
