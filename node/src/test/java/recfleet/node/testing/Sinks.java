package recfleet.node.testing;

import java.util.List;
import recfleet.node.ingest.PacketIngest;
import recfleet.node.media.Packet;

/** Sinks for an ingest under test: one that keeps what it hears, one that drops it. */
public final class Sinks {
  private Sinks() {}

  /** Adds each packet to {@code packets} and each end's reason to {@code ended} (thread-safe lists, please). */
  public static PacketIngest.Sink collecting(List<Packet> packets, List<String> ended) {
    return new PacketIngest.Sink() {
      @Override
      public void packet(Packet packet) {
        packets.add(packet.detached()); // kept past the call: a copy of its own
      }

      @Override
      public void ended(String why) {
        ended.add(why);
      }
    };
  }

  public static PacketIngest.Sink ignoring() {
    return collecting(new java.util.concurrent.CopyOnWriteArrayList<>(), new java.util.concurrent.CopyOnWriteArrayList<>());
  }
}
