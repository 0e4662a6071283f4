package recfleet.node.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
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
