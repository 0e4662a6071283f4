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
    Map<String, String> env = new HashMap<>();
    env.put("RECFLEET_MASTER_HTTP_HOST", "127.0.0.1");
    env.put("RECFLEET_MASTER_HTTP_PORT", "0");
    env.put("RECFLEET_MASTER_DATA_DIR", dir.resolve("data").toString());
    env.putAll(overrides);
    Path portFile = dir.resolve("data").resolve("master.port");
    Files.createDirectories(dir);
    Files.deleteIfExists(portFile);
    Path log = dir.resolve("master.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        "recfleet.master.MasterMain"))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().putAll(env);
    Process p = pb.start();
    int port = Poll.until(Duration.ofSeconds(90), "the master process to listen", () -> {
      if (!p.isAlive()) throw new IllegalStateException("master exited with " + p.exitValue() + "; see " + log);
      return Files.exists(portFile) ? Integer.parseInt(Files.readString(portFile).strip()) : null;
    });
    return new MasterProcess(p, port, log);
  }

  public int port() {
    return port;
  }

  @Override
  public void close() {
    Processes.stop(process, Duration.ofSeconds(30));
  }
}
