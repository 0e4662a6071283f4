package recfleet.node.ingest.rtmp;

import java.net.URI;
import java.util.Locale;

/**
 * An RTMP URL read as ffmpeg and OBS read it: {@code rtmp://host[:port]/app/stream[?query]}. The
 * first path segment is the application, the rest (with any query, which servers take as a token)
 * is the stream name.
 */
record RtmpUrl(String host, int port, boolean tls, String app, String stream) {
  static RtmpUrl parse(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("rtmp") && !scheme.equals("rtmps")) throw new IllegalArgumentException("not an RTMP URL");
    if (uri.getHost() == null) throw new IllegalArgumentException("the RTMP URL has no host");
    boolean tls = scheme.equals("rtmps");
    String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceFirst("^/+", "");
    int slash = path.indexOf('/');
    if (slash <= 0 || slash == path.length() - 1) {
      throw new IllegalArgumentException("the RTMP URL needs /app/stream in its path");
    }
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 1935;
    return new RtmpUrl(uri.getHost(), port, tls, path.substring(0, slash), path.substring(slash + 1) + query);
  }

  String tcUrl() {
    return (tls ? "rtmps://" : "rtmp://") + host + ":" + port + "/" + app;
  }
}
