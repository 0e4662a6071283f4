package recfleet.node.transcode;

/** Told how far a transcode is, in media time; called from the transcoding thread. */
@FunctionalInterface
public interface TranscodeProgress {
  void at(long mediaDoneMs, long mediaTotalMs);

  TranscodeProgress NONE = (done, total) -> { };
}
