package recfleet.node.writer;

/**
 * When a segment is cut, always on a video keyframe: after {@code millis} of media, after
 * {@code bytes} written, whichever comes first; 0 turns a limit off, both 0 is one file per session
 * (Monibuca's {@code fragment: 0}).
 */
public record SplitRule(long millis, long bytes) {
  public static final SplitRule NONE = new SplitRule(0, 0);

  public SplitRule {
    if (millis < 0 || bytes < 0) throw new IllegalArgumentException("split limits are >= 0");
  }

  public boolean due(long heldMillis, long writtenBytes) {
    return millis > 0 && heldMillis >= millis || bytes > 0 && writtenBytes >= bytes;
  }
}
