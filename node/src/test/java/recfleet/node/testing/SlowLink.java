package recfleet.node.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.locks.LockSupport;

/**
 * A slow network link on loopback: a TCP relay that passes bytes at a fixed rate, so that a test
 * can stop the real server behind it while an upload is under way, and that a test can cut (every
 * connection dropped, new ones refused) and mend, as a network outage does. It relays; it does
 * not answer.
 */
public final class SlowLink implements AutoCloseable {
  /** No rate limit: a plain relay, there to be cut. */
  public static final long UNLIMITED = Long.MAX_VALUE;
  private final ServerSocket server;
  private final int targetPort;
  private final long bytesPerSecond;
  private final java.util.Set<Socket> open = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private volatile boolean cut;
  /** Clients (by their source port) whose connections are refused: one side of a split. */
  private volatile java.util.function.IntPredicate refused = port -> false;
  private final java.util.Map<Socket, Socket> upstreamOf = new java.util.concurrent.ConcurrentHashMap<>();

  public SlowLink(int targetPort, long bytesPerSecond) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.targetPort = targetPort;
    this.bytesPerSecond = bytesPerSecond;
    Thread accept = new Thread(this::acceptLoop, "slow-link");
    accept.setDaemon(true);
    accept.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        if (cut || refused.test(client.getPort())) {
          client.close();
          continue;
        }
        Socket upstream = new Socket();
        try {
          upstream.connect(new InetSocketAddress("127.0.0.1", targetPort), 2000);
        } catch (IOException down) {
          client.close(); // the server is down: the client sees the connection drop
          continue;
        }
        open.add(client);
        open.add(upstream);
        upstreamOf.put(client, upstream);
        pump(client, upstream, bytesPerSecond);
        pump(upstream, client, UNLIMITED);
      } catch (IOException e) {
        return;
      }
    }
  }

  private void pump(Socket from, Socket to, long rate) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[16 * 1024];
      long start = System.nanoTime();
      long sent = 0;
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buf)) > 0) {
          out.write(buf, 0, n);
          sent += n;
          if (rate != UNLIMITED) {
            long due = start + sent * 1_000_000_000L / rate; // when these bytes may have gone at the rate
            long ahead = due - System.nanoTime();
            if (ahead > 0) LockSupport.parkNanos(ahead);
          }
        }
      } catch (IOException closed) {
        // either side went away: close both, as a cut link does
      } finally {
        open.remove(from);
        open.remove(to);
        upstreamOf.remove(from);
        try {
          from.close();
          to.close();
        } catch (IOException ignored) {
          // already closed
        }
      }
    }, "slow-link-pump");
    t.setDaemon(true);
    t.start();
  }

  /** Drops every connection through the link and refuses new ones until {@link #mend()}. */
  public void cut() {
    cut = true;
    dropAll();
  }

  public void mend() {
    cut = false;
    refused = port -> false;
  }

  /**
   * Drops the connections of clients whose source port {@code sourcePort} matches, and refuses
   * theirs until {@link #mend()}: the others still pass (a member that dials out from known ports).
   */
  public void cutFrom(java.util.function.IntPredicate sourcePort) {
    refused = sourcePort;
    for (var pair : upstreamOf.entrySet()) {
      if (!sourcePort.test(pair.getKey().getPort())) continue;
      try {
        pair.getKey().close();
        pair.getValue().close();
      } catch (IOException ignored) {
        // already closed by its pump
      }
    }
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Stops listening and drops what is still relayed, so no pump outlives the test. */
  @Override
  public void close() {
    cut = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // a listening socket that will not close holds nothing more
    }
    dropAll();
  }

  private void dropAll() {
    for (Socket s : open) {
      try {
        s.close();
      } catch (IOException ignored) {
        // already closed by its pump
      }
    }
  }
}
