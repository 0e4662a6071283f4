package recfleet.master;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.common.WireTypes;
import recfleet.common.config.ConfigException;
import recfleet.common.config.RecfleetConfig;

/**
 * The standalone master: {@code [--config PATH]}. It serves the node registry on its own port.
 * Nodes reach it over a clustered bus or HTTP/WebSocket links, which a later step adds; until
 * then the embedded master inside each node is the working setup.
 */
public final class MasterMain {
  private static final Logger log = LoggerFactory.getLogger(MasterMain.class);

  private MasterMain() {}

  public static void main(String[] args) {
    Path file = null;
    if (args.length == 2 && args[0].equals("--config")) {
      file = Path.of(args[1]);
    } else if (args.length != 0) {
      log.error("usage: [--config PATH]");
      System.exit(2);
    } else if (Files.isRegularFile(Path.of("config.ini"))) {
      file = Path.of("config.ini");
    }
    RecfleetConfig config;
    int port;
    String host;
    Duration downAfter;
    try {
      config = RecfleetConfig.load(MasterConfigKeys.ALL, file, System.getenv());
      port = config.integer("MASTER", "http_port", 0, 65_535);
      host = config.nonBlank("MASTER", "http_host");
      downAfter = Duration.ofSeconds(config.number("MASTER", "down_after_seconds", 1, 3600));
    } catch (ConfigException e) {
      log.error("bad configuration: {}", e.getMessage());
      System.exit(2);
      return;
    }
    Vertx vertx = Vertx.vertx();
    WireTypes.register(vertx);
    try {
      vertx.deployVerticle(new MasterVerticle(Clock.systemUTC(), downAfter))
          .compose(id -> {
            Router router = Router.router(vertx);
            MasterRoutes.mount(vertx, router);
            return vertx.createHttpServer().requestHandler(router).listen(port, host);
          })
          .await(60, TimeUnit.SECONDS);
      log.info("master ready on {}:{}", host, port);
    } catch (Exception e) {
      log.error("master failed to start", e);
      vertx.close();
      System.exit(1);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        vertx.close().await(30, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // the JVM is exiting either way
      }
    }, "master-shutdown"));
  }
}
