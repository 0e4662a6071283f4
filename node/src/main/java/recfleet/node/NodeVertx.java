package recfleet.node;

import io.vertx.core.VertxOptions;

/** How a node's Vert.x is made, in one place for the process and for the tests that run a whole node. */
public final class NodeVertx {
  private NodeVertx() {}

  /**
   * Netty's epoll transport where the platform has it (Linux x86_64; the jar is a dependency), NIO
   * elsewhere: it lets WebDAV downloads be relayed with splice(2) (see the node's download routes),
   * and Vert.x falls back to NIO by itself when the native library cannot load.
   */
  public static VertxOptions options() {
    return new VertxOptions().setPreferNativeTransport(true);
  }
}
