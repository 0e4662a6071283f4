package recfleet.node.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A node in its own JVM, started the way a user starts it, so that it can be killed with SIGKILL. */
public final class NodeProcess implements AutoCloseable {
  private final Process process;
  private final int port;

  private NodeProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  public static NodeProcess start(Path dir, Map<String, String> overrides, Path log) throws IOException {
    var started = ChildJvm.start("recfleet.node.NodeMain", List.of(), TestNode.settings(dir, overrides), log,
        dir.resolve("data").resolve("node.port"), "the node process");
    return new NodeProcess(started.process(), started.port());
  }

  /** A node started under {@code wrapper} with the command-line {@code args} a user would give it. */
  public static NodeProcess start(Path dir, Map<String, String> overrides, Path log, List<String> wrapper,
                                  List<String> args) throws IOException {
    var started = ChildJvm.start(wrapper, "recfleet.node.NodeMain", List.of(), args, TestNode.settings(dir, overrides),
        log, dir.resolve("data").resolve("node.port"), "the node process");
    return new NodeProcess(started.process(), started.port());
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  public void kill9() {
    Processes.kill9(process);
  }

  @Override
  public void close() {
    Processes.stop(process, Duration.ofSeconds(30));
  }
}
