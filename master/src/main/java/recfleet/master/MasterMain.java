package recfleet.master;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.common.WireTypes;
import recfleet.common.cluster.ClusteredVertx;
import recfleet.common.config.ConfigException;
import recfleet.common.config.RecfleetConfig;
import recfleet.common.web.Replies;
import recfleet.master.api.FleetRoutes;
import recfleet.master.api.RecordingRoutes;
import recfleet.master.link.ClusterLinkEndpoint;
import recfleet.master.link.ForwardDialers;
import recfleet.master.ha.MasterCluster;
import recfleet.master.link.LongPollRoutes;
import recfleet.master.link.ReverseLinkRoutes;
import recfleet.master.store.MasterStore;
import recfleet.common.auth.AccessGuard;

/**
 * The standalone master: {@code java -jar master/target/recfleet-master.jar [--config PATH]}.
 * It keeps the wanted rooms in its own database and places them on the nodes that link to it:
 * over the clustered bus ({@code [MASTER] cluster = on}), by dialling them
 * ({@code forward_nodes}), or when they dial its {@code /link} (reverse), all at once if wanted.
 */
public final class MasterMain {
  private static final Logger log = LoggerFactory.getLogger(MasterMain.class);

  private MasterMain() {}

  public static void main(String[] args) {
    Path file = null;
    if (args.length == 2 && args[0].equals("--config")) {
      file = Path.of(args[1]);
      if (!Files.isRegularFile(file)) exit(2, "config file not found: " + file);
    } else if (args.length != 0) {
      exit(2, "usage: [--config PATH]");
    } else if (Files.isRegularFile(Path.of("config.ini"))) {
      file = Path.of("config.ini");
    }
    MasterOptions options;
    try {
      options = MasterOptions.from(RecfleetConfig.load(MasterConfigKeys.ALL, file, System.getenv()));
    } catch (ConfigException e) {
      exit(2, "bad configuration: " + e.getMessage());
      return;
    }
    Running running;
    try {
      running = start(options).await(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.error("master failed to start", e);
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("master stopping");
      running.stop().onComplete(ar -> stopped.countDown());
      try {
        stopped.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "master-shutdown"));
  }

  /** A started master and what it takes to stop it. */
  public record Running(Vertx vertx, MasterStore store, int port, java.util.List<io.vertx.ext.web.Route> routes) {
    public Future<Void> stop() {
      return vertx.close().andThen(ar -> store.close());
    }
  }

  public static Future<Running> start(MasterOptions options) {
    Future<ClusteredVertx.Joined> boot = options.cluster() != null
        ? ClusteredVertx.start(options.cluster(), new io.vertx.core.VertxOptions(),
            MasterCluster.configure(options.masters(), options.publicUrl()))
        : Future.succeededFuture(new ClusteredVertx.Joined(Vertx.vertx(), null));
    return boot.compose(joined -> {
      Vertx vertx = joined.vertx();
      WireTypes.register(vertx);
      return vertx.executeBlocking(() -> MasterStore.open(options.dataDir()))
          .compose(store -> wire(vertx, joined.manager(), store, options));
    });
  }

  private static Future<Running> wire(Vertx vertx, HazelcastClusterManager manager, MasterStore store,
                                      MasterOptions options) {
    FleetMaster master = new FleetMaster(options, store, Clock.systemUTC(),
        manager == null ? null : new MasterCluster(manager.getHazelcastInstance(), options.masters()));
    java.util.concurrent.atomic.AtomicReference<java.util.List<io.vertx.ext.web.Route>> routes =
        new java.util.concurrent.atomic.AtomicReference<>();
    return vertx.deployVerticle(master).compose(id -> {
      Router router = Router.router(vertx);
      // node links (/link, /link/poll) carry the master token and check it themselves
      new AccessGuard(options.auth(), ctx -> ctx.normalizedPath().startsWith("/link")).mount(router);
      new FleetRoutes(vertx, master).mount(router);
      new RecordingRoutes(vertx, master).mount(router);
      new ReverseLinkRoutes(master).mount(router);
      new LongPollRoutes(vertx, master).mount(router);
      router.route().last().handler(ctx -> Replies.error(ctx, 404, 404, "no such route: " + ctx.request().path()));
      routes.set(router.getRoutes());
      var serverOptions = options.auth().serve(new io.vertx.core.http.HttpServerOptions()
          .setMaxWebSocketMessageSize(recfleet.common.link.LinkFrames.MAX_MESSAGE_BYTES));
      return vertx.createHttpServer(serverOptions).requestHandler(router).listen(options.httpPort(), options.httpHost());
    }).compose(server -> {
      Future<Void> cluster = Future.succeededFuture();
      if (manager != null) {
        var endpoint = new ClusterLinkEndpoint(vertx, master);
        cluster = endpoint.start(manager).onSuccess(v -> master.onLeadership(endpoint::active));
      }
      return cluster.map(v -> server.actualPort());
    }).map(port -> {
      // only the leading master dials forward nodes; a master that stops leading lets them go
      var dialers = new ForwardDialers(vertx, master, options.forwardNodes(), options.token());
      master.onLeadership(dialers::active);
      return port;
    }).compose(port -> vertx.executeBlocking(() -> {
      Files.writeString(options.dataDir().resolve("master.port"), String.valueOf(port));
      log.info("master ready on {}:{} (cluster {}, {} forward node(s), reverse links at /link); {}",
          options.httpHost(), port, manager != null ? "on" : "off", options.forwardNodes().size(), options);
      return new Running(vertx, store, port, routes.get());
    }));
  }

  private static void exit(int status, String message) {
    log.error(message);
    System.exit(status);
  }
}
