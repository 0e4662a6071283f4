package recfleet.node.testing;

import java.nio.file.Path;

/** The lines every test nginx with an http block needs: its temporary folders inside its own prefix. */
final class NginxConf {
  private NginxConf() {}

  static String httpTempPaths(Path dir) {
    return """
          client_body_temp_path %1$s/body;
          proxy_temp_path %1$s/proxy;
          fastcgi_temp_path %1$s/fastcgi;
          uwsgi_temp_path %1$s/uwsgi;
          scgi_temp_path %1$s/scgi;
        """.formatted(dir);
  }
}
