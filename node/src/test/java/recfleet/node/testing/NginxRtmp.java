package recfleet.node.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** A real nginx with the RTMP module on 127.0.0.1, in its own prefix folder. */
public final class NginxRtmp implements AutoCloseable {
  private static final Path MODULE = Path.of("/usr/lib/nginx/modules/ngx_rtmp_module.so");
  private final Process process;
  private final int port;

  private NginxRtmp(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  public static NginxRtmp start(Path dir) throws IOException {
    return start(dir, "");
  }

  /** {@code serverSettings}: more rtmp server directives, e.g. {@code ping 2s; ping_timeout 1s;}. */
  public static NginxRtmp start(Path dir, String serverSettings) throws IOException {
    if (!Files.exists(MODULE)) throw new IllegalStateException("nginx RTMP module missing: install libnginx-mod-rtmp");
    Files.createDirectories(dir.resolve("logs"));
    int port = Ports.free();
    String conf = """
        load_module %s;
        worker_processes 1;
        error_log logs/error.log info;
        pid logs/nginx.pid;
        events { worker_connections 1024; }
        rtmp {
          server {
            listen 127.0.0.1:%d;
            chunk_size 4096;
            %s
            application live {
              live on;
              record off;
              drop_idle_publisher 5s;
            }
          }
        }
        """.formatted(MODULE, port, serverSettings);
    return new NginxRtmp(Processes.startNginx(dir, conf, port), port);
  }

  public String url(String stream) {
    return "rtmp://127.0.0.1:" + port + "/live/" + stream;
  }

  public int port() {
    return port;
  }

  @Override
  public void close() {
    Processes.stop(process, Duration.ofSeconds(5));
  }
}
