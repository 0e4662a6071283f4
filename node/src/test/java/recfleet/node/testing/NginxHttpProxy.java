package recfleet.node.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real nginx on 127.0.0.1 passing every request (WebDAV methods included) to a server behind it,
 * with keep-alive off: each answer says {@code Connection: close} and the connection ends after it,
 * as servers configured without keep-alive do.
 */
public final class NginxHttpProxy implements AutoCloseable {
  private final Process process;
  private final int port;

  private NginxHttpProxy(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  public static NginxHttpProxy start(Path dir, int targetPort) throws IOException {
    Files.createDirectories(dir.resolve("logs"));
    int port = Ports.free();
    String conf = """
        worker_processes 1;
        error_log logs/error.log info;
        pid logs/nginx.pid;
        events { worker_connections 256; }
        http {
          access_log off;
        %4$s          server {
            listen 127.0.0.1:%2$d;
            keepalive_timeout 0;
            client_max_body_size 0;
            location / {
              proxy_pass http://127.0.0.1:%3$d;
              proxy_request_buffering off;
              proxy_buffering off;
            }
          }
        }
        """.formatted(dir, port, targetPort, NginxConf.httpTempPaths(dir));
    return new NginxHttpProxy(Processes.startNginx(dir, conf, port), port);
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    Processes.stop(process, Duration.ofSeconds(5));
  }
}
