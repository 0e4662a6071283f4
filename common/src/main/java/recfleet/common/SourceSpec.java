package recfleet.common;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A room's source as FFmpeg should open it. Accepted forms: {@code rtmp://}, {@code rtmps://},
 * {@code rtsp://}, {@code srt://}, {@code http(s)://} (HTTP-FLV or HLS), {@code file:///path}
 * or an absolute path (finite: recording ends at the end of the file), and
 * {@code lavfi:<filtergraph>} (FFmpeg test sources).
 */
public record SourceSpec(String input, String format, boolean network, boolean finite) {

  public static SourceSpec parse(String url) {
    if (url == null || url.isBlank()) throw new IllegalArgumentException("source url is empty");
    String u = url.strip();
    String lower = u.toLowerCase(Locale.ROOT);
    if (lower.startsWith("lavfi:")) {
      String graph = u.substring("lavfi:".length());
      if (graph.isBlank()) throw new IllegalArgumentException("lavfi source needs a filter graph after 'lavfi:'");
      return new SourceSpec(graph, "lavfi", false, false);
    }
    for (String scheme : new String[] {"rtmp://", "rtmps://", "rtsp://", "rtsps://", "srt://", "http://", "https://"}) {
      if (lower.startsWith(scheme)) {
        try {
          URI uri = URI.create(u);
          if (uri.getHost() == null) throw new IllegalArgumentException("source url has no host");
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("source url is not a valid URL: " + e.getMessage());
        }
        return new SourceSpec(u, null, true, false);
      }
    }
    if (lower.startsWith("file://")) {
      return new SourceSpec(Path.of(URI.create(u)).toString(), null, false, true);
    }
    if (u.startsWith("/")) {
      return new SourceSpec(Path.of(u).normalize().toString(), null, false, true);
    }
    throw new IllegalArgumentException(
        "unsupported source; use rtmp://, rtsp://, srt://, http(s)://, file:///path or lavfi:<graph>");
  }

  /** A {@code lavfi:} test source: a filter graph run in this process, not an input to open. */
  public boolean isFilterGraph() {
    return "lavfi".equals(format);
  }

  /** The source as it may be shown in logs and events: user info and query (tokens) removed. */
  public static String redact(String url) {
    if (url == null) return "";
    String u = url.replaceAll("(?<=://)[^/@]*@", "***@");
    int q = u.indexOf('?');
    return q >= 0 ? u.substring(0, q) + "?***" : u;
  }
}
