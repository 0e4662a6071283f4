package recfleet.node.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A standalone master in its own JVM, started the way a user starts it, with settings from the environment. */
public final class MasterProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  public final Path log;

  private MasterProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  public static MasterProcess start(Path dir, Map<String, String> overrides) throws IOException {
    return start(dir, overrides, "master.log");
  }

  /** {@code logName}: a restarted master writes a log of its own next to the first one's. */
  public static MasterProcess start(Path dir, Map<String, String> overrides, String logName) throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("RECFLEET_MASTER_HTTP_HOST", "127.0.0.1");
    env.put("RECFLEET_MASTER_HTTP_PORT", "0");
    env.put("RECFLEET_MASTER_DATA_DIR", dir.resolve("data").toString());
    env.putAll(overrides);
    Files.createDirectories(dir);
    Path log = dir.resolve(logName);
    var started = ChildJvm.start("recfleet.master.MasterMain", List.of("-Xmx256m"), env, log,
        dir.resolve("data").resolve("master.port"), "the master process");
    return new MasterProcess(started.process(), started.port(), log);
  }

  public int port() {
    return port;
  }

  /** SIGKILL: the master dies with no goodbye, as in a crash. */
  public void kill9() {
    Processes.kill9(process);
  }

  @Override
  public void close() {
    Processes.stop(process, Duration.ofSeconds(30));
  }
}
