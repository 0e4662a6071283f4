package recfleet.node.testing;

import recfleet.common.testing.Poll;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts and stops the external programs tests rely on, logging their output to a file. */
public final class Processes {
  private Processes() {}

  public static Process start(List<String> command, Path log) {
    try {
      return new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command.get(0), e);
    }
  }

  /** Kills with SIGKILL and waits until it is gone. */
  /** nginx on {@code conf} in its own prefix folder, once it accepts connections on {@code port}. */
  public static Process startNginx(Path dir, String conf, int port) throws IOException {
    Files.writeString(dir.resolve("nginx.conf"), conf);
    Process p = start(List.of("nginx", "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString(),
        "-g", "daemon off;"), dir.resolve("nginx.out"));
    Poll.until(Duration.ofSeconds(20), "nginx listening on " + port, () -> {
      if (!p.isAlive()) throw new IllegalStateException("nginx exited: " + Files.readString(dir.resolve("nginx.out")));
      return Ports.accepts(port);
    });
    return p;
  }

  /** Sends a signal by name ("STOP", "CONT") to a process. */
  public static void signal(String sig, long pid) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + sig, String.valueOf(pid))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IllegalStateException("kill -" + sig + " " + pid + " failed");
    }
  }

  public static void kill9(Process p) {
    if (p == null) return;
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    try {
      p.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Asks politely (SIGTERM), then forcibly after the grace period. */
  public static void stop(Process p, Duration grace) {
    if (p == null || !p.isAlive()) return;
    p.destroy();
    try {
      if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) kill9(p);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill9(p);
    }
  }
}
