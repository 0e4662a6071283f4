package recfleet.node.transcode;

/**
 * What a transcode wrote: the media duration from the packets, and whether the input ended
 * before its own header said it would (a truncated or damaged file, transcoded as far as it reads).
 */
public record TranscodeResult(long mediaDurationMs, boolean truncated, String note) {
  /** Less media than this short of what the input declares is not yet "truncated". */
  private static final long SLACK_MS = 1000;

  /** Judges the input truncated when what was read ends well before the duration it declares. */
  static TranscodeResult measured(long doneMs, long declaredMs) {
    boolean cut = declaredMs > 0 && doneMs + SLACK_MS < declaredMs;
    return new TranscodeResult(doneMs, cut, cut ? "input ends at " + doneMs + " ms but declares " + declaredMs + " ms" : null);
  }
}
