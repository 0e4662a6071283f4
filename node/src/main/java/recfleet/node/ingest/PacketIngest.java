package recfleet.node.ingest;

import io.vertx.core.Future;
import java.net.URI;
import recfleet.node.media.Packet;

/**
 * A source read on an event loop into packets, with no thread and no FFmpeg context: HTTP-FLV and
 * RTMP. One ingest reads one connection; a reconnect is a new ingest.
 */
public interface PacketIngest {
  /** Where the packets go, and how the read ended. Called on the event loop. */
  interface Sink {
    void packet(Packet packet);

    /** The read is over: the source ended, failed, was refused, or sent something unreadable. */
    void ended(String why);
  }

  /** Starts reading; completes once the source has agreed to send (or fails: refused, not found, unreachable). */
  Future<Void> start(URI url, Sink sink);

  /** Holds the source back (the sink is behind); TCP then slows the sender. */
  void pause();

  void resume();

  /** Closes the connection; the sink hears nothing more. */
  void stop();
}
