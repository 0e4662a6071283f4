package recfleet.node.transcode;

/**
 * What a transcode wrote: the media duration from the packets, and whether the input ended
 * before its own header said it would (a truncated or damaged file, transcoded as far as it reads).
 */
public record TranscodeResult(long mediaDurationMs, boolean truncated, String note) {}
