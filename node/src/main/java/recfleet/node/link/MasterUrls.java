package recfleet.node.link;

import java.net.URI;
import java.util.List;

/**
 * The masters a node in reverse mode may dial ([LINK] master_url, a list), and the one it dials
 * now. A failed try or a lost link moves on to the next; a master that does not lead names the
 * leader, which is dialled next if it is one of the configured masters (a node never dials an
 * address it was not given). Lives on its dialler's event loop.
 */
public final class MasterUrls {
  private final List<URI> urls;
  private int current;

  public MasterUrls(List<URI> urls) {
    if (urls.isEmpty()) throw new IllegalArgumentException("no master URL");
    this.urls = List.copyOf(urls);
  }

  public URI current() {
    return urls.get(current);
  }

  /** Moves on to the next master (round robin); with one master, stays on it. */
  public void next() {
    current = (current + 1) % urls.size();
  }

  /** Dials {@code leader} next when it is one of the configured masters; true when it is. */
  public boolean prefer(String leader) {
    if (leader == null) return false;
    String wanted = leader.replaceAll("/+$", "");
    for (int i = 0; i < urls.size(); i++) {
      if (same(urls.get(i), wanted)) {
        current = i;
        return true;
      }
    }
    return false;
  }

  /** The same master: host and port alike, whether written http or ws (TLS or not must match). */
  private static boolean same(URI configured, String wanted) {
    URI other;
    try {
      other = URI.create(wanted);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return other.getHost() != null && other.getHost().equalsIgnoreCase(configured.getHost())
        && port(other) == port(configured) && tls(other) == tls(configured);
  }

  public static boolean tls(URI url) {
    return url.getScheme().equals("https") || url.getScheme().equals("wss");
  }

  public static int port(URI url) {
    return url.getPort() > 0 ? url.getPort() : tls(url) ? 443 : 80;
  }

  /** The path the master is served under ("" at the root), for a master behind a reverse proxy. */
  public static String path(URI url) {
    return url.getPath() == null ? "" : url.getPath();
  }
}
