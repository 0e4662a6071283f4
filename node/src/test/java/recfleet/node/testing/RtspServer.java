package recfleet.node.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real RTSP server on 127.0.0.1 (Debian's rtsp-server-perl) fed by the ffmpeg CLI, as a camera
 * or an encoder feeds a restreaming server: a 320x240 test pattern with a tone, H.264 (1 s GOP) +
 * AAC. This server takes media over UDP only (RTP on loopback), from its source and to its players.
 */
public final class RtspServer implements AutoCloseable {
  private final Process server;
  private final Process publisher;
  private final int clientPort;
  private final int sourcePort;
  private final Path dir;
  private final java.util.List<Process> more = new java.util.ArrayList<>();

  private RtspServer(Process server, Process publisher, int clientPort, int sourcePort, Path dir) {
    this.server = server;
    this.publisher = publisher;
    this.clientPort = clientPort;
    this.sourcePort = sourcePort;
    this.dir = dir;
  }

  public static RtspServer start(Path dir, String stream) throws IOException {
    java.nio.file.Files.createDirectories(dir);
    int clientPort = Ports.free();
    int sourcePort = Ports.free();
    Process server = Processes.start(List.of("rtsp-server-perl", "-c", String.valueOf(clientPort),
        "-s", String.valueOf(sourcePort), "--client_listen_address", "127.0.0.1",
        "--source_listen_address", "127.0.0.1", "--rtp_start_port", String.valueOf(Ports.freeForLater())),
        dir.resolve("rtsp-server.log"));
    recfleet.common.testing.Poll.until(Duration.ofSeconds(20), "the RTSP server listening",
        () -> Ports.accepts(clientPort) && Ports.accepts(sourcePort));
    Process publisher = publisher(sourcePort, stream, dir.resolve("rtsp-publisher.log"));
    return new RtspServer(server, publisher, clientPort, sourcePort, dir);
  }

  /** Feeds one more stream from now on (a camera that comes online later). */
  public void publish(String stream) {
    more.add(publisher(sourcePort, stream, dir.resolve("rtsp-publisher-" + stream + ".log")));
  }

  private static Process publisher(int sourcePort, String stream, Path log) {
    return Processes.start(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-re",
        "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
        "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-c:a", "aac",
        "-f", "rtsp", "rtsp://127.0.0.1:" + sourcePort + "/" + stream), log);
  }

  public String url(String stream) {
    return "rtsp://127.0.0.1:" + clientPort + "/" + stream;
  }

  @Override
  public void close() {
    Processes.kill9(publisher);
    more.forEach(Processes::kill9);
    Processes.stop(server, Duration.ofSeconds(5));
  }
}
