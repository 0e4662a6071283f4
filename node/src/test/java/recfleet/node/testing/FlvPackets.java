package recfleet.node.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import recfleet.node.ingest.FlvTagParser;
import recfleet.node.media.Packet;

/** A whole FLV file read as the engine's packets (FlvTagParser), for tests that build streams from files. */
public final class FlvPackets {
  private FlvPackets() {}

  public static List<Packet> read(Path flv) throws IOException {
    List<Packet> packets = new ArrayList<>();
    FlvTagParser parser = new FlvTagParser(new FlvTagParser.Listener() {
      @Override
      public void packet(Packet packet) {
        packets.add(packet.detached()); // kept past the call: a copy of its own
      }

      @Override
      public void malformed(String why) {
        throw new AssertionError(flv + " is not FLV: " + why);
      }
    });
    byte[] bytes = Files.readAllBytes(flv);
    parser.feed(bytes, 0, bytes.length);
    return packets;
  }
}
