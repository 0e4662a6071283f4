package recfleet.node.testing;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import recfleet.common.config.RecfleetConfig;
import recfleet.node.NodeConfigKeys;
import recfleet.node.NodeOptions;
import recfleet.node.NodeVertx;
import recfleet.node.RecorderNode;

/** A whole node in the test's JVM, on port 0 and a temp folder, configured as a user would (env-style keys). */
public final class TestNode implements AutoCloseable {
  private final Vertx vertx;
  private final RecorderNode node;
  public final Path dir;

  private TestNode(Vertx vertx, RecorderNode node, Path dir) {
    this.vertx = vertx;
    this.node = node;
    this.dir = dir;
  }

  /** Settings for tests: fast heartbeats, short segments, millisecond backoffs; overrides win. */
  public static Map<String, String> settings(Path dir, Map<String, String> overrides) {
    Map<String, String> env = new HashMap<>();
    env.put("RECFLEET_BASIC_HTTP_HOST", "127.0.0.1");
    env.put("RECFLEET_BASIC_HTTP_PORT", "0");
    env.put("RECFLEET_BASIC_DATA_DIR", dir.resolve("data").toString());
    env.put("RECFLEET_BASIC_WORKS_PATH", dir.resolve("works").toString());
    env.put("RECFLEET_BASIC_HEARTBEAT_SECONDS", "1");
    env.put("RECFLEET_UPLOAD_OUTPUT_DIR", dir.resolve("output").toString());
    env.put("RECFLEET_RECORD_SEGMENT_SECONDS", "4");
    env.put("RECFLEET_RECORD_RECONNECT_MIN_MS", "200");
    env.put("RECFLEET_RECORD_RECONNECT_MAX_MS", "1000");
    env.put("RECFLEET_RECORD_READ_TIMEOUT_SECONDS", "3");
    env.put("RECFLEET_PIPELINE_RETRY_BASE_MS", "100");
    env.put("RECFLEET_PIPELINE_POLL_MS", "200");
    env.put("RECFLEET_DOCTOR_BACKOFF_MIN_MS", "100");
    env.put("RECFLEET_DOCTOR_BACKOFF_MAX_MS", "2000");
    // many tests record FFmpeg test patterns; the source-policy tests turn this off again
    env.put("RECFLEET_RECORD_ALLOW_LAVFI", "true");
    env.putAll(overrides);
    return env;
  }

  /** A node on the Vert.x a node process makes (the native transport where there is one). */
  public static TestNode start(Path dir, Map<String, String> overrides) throws Exception {
    return start(dir, overrides, NodeVertx.options());
  }

  /** A node whose rooms' schedules are judged by {@code clock} (a test moves it by hand). */
  public static TestNode start(Path dir, Map<String, String> overrides, java.time.Clock clock) throws Exception {
    var options = NodeOptions.from(RecfleetConfig.load(NodeConfigKeys.all(), NodeConfigKeys.NGLIVE, null, settings(dir, overrides)));
    Vertx vertx = Vertx.vertx(NodeVertx.options());
    RecorderNode node = RecorderNode.start(vertx, options, () -> null, clock).await(120, TimeUnit.SECONDS);
    return new TestNode(vertx, node, dir);
  }

  /** A node on the given Vert.x options: {@code new VertxOptions()} runs it on the NIO transport. */
  public static TestNode start(Path dir, Map<String, String> overrides, VertxOptions vertxOptions) throws Exception {
    var options = NodeOptions.from(RecfleetConfig.load(NodeConfigKeys.all(), NodeConfigKeys.NGLIVE, null, settings(dir, overrides)));
    Vertx vertx = Vertx.vertx(vertxOptions);
    RecorderNode node = RecorderNode.start(vertx, options).await(120, TimeUnit.SECONDS);
    return new TestNode(vertx, node, dir);
  }

  public int port() {
    return node.httpPort();
  }

  public java.util.List<io.vertx.ext.web.Route> routes() {
    return node.routes();
  }

  /** Whether this node's Vert.x runs on the epoll transport (else NIO). */
  public boolean nativeTransport() {
    return vertx.isNativeTransportEnabled();
  }

  public Path output() {
    return dir.resolve("output");
  }

  @Override
  public void close() throws Exception {
    node.stop().await(60, TimeUnit.SECONDS);
  }
}
