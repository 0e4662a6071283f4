package recfleet.node;

import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.common.cluster.ClusteredVertx;
import recfleet.common.config.ConfigException;
import recfleet.common.config.RecfleetConfig;
import recfleet.common.ApiError;

/**
 * Starts a node: {@code [--config PATH] [--demo]}. Without {@code --config}, {@code ./config.ini}
 * is read when it exists; otherwise the defaults apply. {@code --demo} adds a room that records
 * an FFmpeg test pattern, so a fresh install records something at once.
 */
public final class NodeMain {
  private static final Logger log = LoggerFactory.getLogger(NodeMain.class);
  static final String DEMO_ROOM = "demo";
  static final String DEMO_SOURCE =
      "lavfi:testsrc2=size=640x360:rate=25,realtime[out0];sine=frequency=440:sample_rate=44100,arealtime[out1]";

  private NodeMain() {}

  public static void main(String[] args) {
    Arguments arguments = Arguments.parse(args);
    NodeOptions options = loadOptions(arguments);
    RecorderNode node = startNode(options);
    if (arguments.demo()) addDemoRoom(node);
    stopOnShutdown(node, options.nodeId());
  }

  /** The command line; a bad one ends the process with status 2 and says why. */
  private record Arguments(Path configFile, boolean demo) {
    static Arguments parse(String[] args) {
      Path configFile = null;
      boolean demo = false;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--config" -> {
            if (i + 1 >= args.length) exit(2, "--config needs a path");
            configFile = Path.of(args[++i]);
            if (!Files.isRegularFile(configFile)) exit(2, "config file not found: " + configFile);
          }
          case "--demo" -> demo = true;
          default -> exit(2, "unknown argument '" + args[i] + "'; usage: [--config PATH] [--demo]");
        }
      }
      if (configFile == null && Files.isRegularFile(Path.of("config.ini"))) configFile = Path.of("config.ini");
      return new Arguments(configFile, demo);
    }
  }

  private static NodeOptions loadOptions(Arguments arguments) {
    try {
      Map<String, String> env = new HashMap<>(System.getenv());
      // the demo records an FFmpeg test pattern: lavfi sources are on for it, unless set otherwise
      if (arguments.demo()) env.putIfAbsent("RECFLEET_RECORD_ALLOW_LAVFI", "true");
      return NodeOptions.from(RecfleetConfig.load(NodeConfigKeys.all(), NodeConfigKeys.NGLIVE,
          arguments.configFile(), env));
    } catch (ConfigException e) {
      exit(2, "bad configuration: " + e.getMessage());
      throw e; // not reached: exit ends the process
    }
  }

  /** Starts Vert.x (clustered when the link says so) and the node on it; a failure ends the process with status 1. */
  private static RecorderNode startNode(NodeOptions options) {
    Vertx vertx = null;
    try {
      Supplier<String> member = () -> null;
      if (options.link().cluster() != null) {
        var joined = ClusteredVertx.start(options.link().cluster(), NodeVertx.options()).await(120, TimeUnit.SECONDS);
        vertx = joined.vertx();
        member = memberId(joined.manager().getHazelcastInstance());
        log.info("[node {}] joined cluster '{}' as member {}", options.nodeId(), options.link().cluster().name(),
            member.get());
      } else {
        vertx = Vertx.vertx(NodeVertx.options());
      }
      RecorderNode node = RecorderNode.start(vertx, options, member).await(120, TimeUnit.SECONDS);
      logTransport(vertx, options.nodeId());
      return node;
    } catch (Exception e) {
      log.error("[node {}] failed to start", options.nodeId(), e);
      if (vertx != null) vertx.close();
      System.exit(1);
      throw new IllegalStateException(e); // not reached
    }
  }

  /**
   * Hazelcast's member id, which its member-removed signal names (Vert.x's own node id differs).
   * It changes when the member merges back after a split, so it is read each time.
   */
  private static Supplier<String> memberId(HazelcastInstance hazelcast) {
    var known = new AtomicReference<String>();
    return () -> {
      try {
        known.set(hazelcast.getCluster().getLocalMember().getUuid().toString());
      } catch (RuntimeException e) {
        // not active for a moment (merging, stopping): the last id known stands
      }
      return known.get();
    };
  }

  private static void logTransport(Vertx vertx, String nodeId) {
    if (vertx.isNativeTransportEnabled()) {
      log.info("[node {}] network transport: epoll (WebDAV downloads are relayed with splice)", nodeId);
    } else {
      Throwable why = vertx.unavailableNativeTransportCause();
      log.info("[node {}] network transport: NIO ({})", nodeId, why == null ? "native one not found" : why.getMessage());
    }
  }

  /** On SIGTERM or Ctrl-C the node closes its open segments and says goodbye, within 60 s. */
  private static void stopOnShutdown(RecorderNode node, String nodeId) {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("[node {}] stopping: closing open segments", nodeId);
      node.stop().onComplete(ar -> stopped.countDown());
      try {
        stopped.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "node-shutdown"));
  }

  private static void addDemoRoom(RecorderNode node) {
    node.rooms().add(DEMO_ROOM, DEMO_SOURCE, Map.of())
        .onSuccess(r -> log.info("[room {}] demo room added: recording an FFmpeg test pattern", DEMO_ROOM))
        .onFailure(err -> {
          if (err instanceof ApiError re && re.code() == ApiError.ADDED_TWICE) {
            log.info("[room {}] demo room already present", DEMO_ROOM);
          } else {
            log.error("[room {}] could not add the demo room: {}", DEMO_ROOM, err.getMessage());
          }
        });
  }

  private static void exit(int status, String message) {
    log.error(message);
    System.exit(status);
  }
}
