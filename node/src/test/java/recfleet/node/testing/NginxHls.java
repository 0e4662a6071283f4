package recfleet.node.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A live HLS stream as a CDN edge serves one: the ffmpeg CLI writes a 1 s segment playlist of a
 * test pattern with a tone (H.264 in MPEG-TS, AAC in ADTS), a real nginx on 127.0.0.1 serves its
 * folder over HTTP.
 */
public final class NginxHls implements AutoCloseable {
  private final Process nginx;
  private final Process writer;
  private final int port;

  private NginxHls(Process nginx, Process writer, int port) {
    this.nginx = nginx;
    this.writer = writer;
    this.port = port;
  }

  public static NginxHls start(Path dir) throws IOException {
    Path media = dir.resolve("media");
    Files.createDirectories(media);
    Files.createDirectories(dir.resolve("logs"));
    Process writer = Processes.start(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-re",
        "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
        "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-keyint_min", "25", "-c:a", "aac",
        "-f", "hls", "-hls_time", "1", "-hls_list_size", "8", "-hls_flags", "delete_segments",
        media.resolve("live.m3u8").toString()), dir.resolve("hls-writer.log"));
    int port = Ports.free();
    // workers run as the master's user: the test's temporary folder is not for anyone else to read
    String conf = """
        user %4$s;
        worker_processes 1;
        error_log logs/error.log info;
        pid logs/nginx.pid;
        events { worker_connections 256; }
        http {
          access_log off;
        %5$s          types { application/vnd.apple.mpegurl m3u8; video/mp2t ts; }
          server {
            listen 127.0.0.1:%2$d;
            root %3$s;
            add_header Cache-Control no-cache;
          }
        }
        """.formatted(dir, port, media, System.getProperty("user.name"), NginxConf.httpTempPaths(dir));
    Process nginx = Processes.startNginx(dir, conf, port);
    Path playlist = media.resolve("live.m3u8");
    recfleet.common.testing.Poll.until(Duration.ofSeconds(30), "ffmpeg's playlist with three segments",
        () -> Files.exists(playlist) && Files.readString(playlist).split("#EXTINF").length > 3);
    return new NginxHls(nginx, writer, port);
  }

  public String url() {
    return "http://127.0.0.1:" + port + "/live.m3u8";
  }

  @Override
  public void close() {
    Processes.kill9(writer);
    Processes.stop(nginx, Duration.ofSeconds(5));
  }
}
