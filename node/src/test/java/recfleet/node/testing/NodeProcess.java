package recfleet.node.testing;

import java.io.IOException;
import java.nio.file.Files;
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
    Map<String, String> env = TestNode.settings(dir, overrides);
    Path portFile = dir.resolve("data").resolve("node.port");
    Files.deleteIfExists(portFile);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
        "recfleet.node.NodeMain"))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
    pb.environment().putAll(env);
    Process p = pb.start();
    int port = Poll.until(Duration.ofSeconds(90), "the node process to listen", () -> {
      if (!p.isAlive()) throw new IllegalStateException("node exited with " + p.exitValue() + "; see " + log);
      return Files.exists(portFile) ? Integer.parseInt(Files.readString(portFile).strip()) : null;
    });
    return new NodeProcess(p, port);
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
