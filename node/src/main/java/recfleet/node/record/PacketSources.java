package recfleet.node.record;

import java.net.URI;
import java.util.Locale;
import recfleet.common.SourceSpec;

/** Which sources the packet engine reads itself: RTMP(S), and HTTP(S) whose path names an .flv file. */
final class PacketSources {
  private PacketSources() {}

  static boolean handles(SourceSpec source) {
    if (!source.network()) return false;
    String lower = source.input().toLowerCase(Locale.ROOT);
    if (lower.startsWith("rtmp://") || lower.startsWith("rtmps://")) return true;
    if (!lower.startsWith("http://") && !lower.startsWith("https://")) return false;
    String path = URI.create(source.input()).getPath();
    return path != null && path.toLowerCase(Locale.ROOT).endsWith(".flv");
  }

  static boolean isRtmp(SourceSpec source) {
    return source.input().regionMatches(true, 0, "rtmp", 0, 4);
  }
}
