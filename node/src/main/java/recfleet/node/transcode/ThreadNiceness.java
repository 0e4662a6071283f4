package recfleet.node.transcode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the calling thread's CPU priority (Linux niceness) once, so a transcode yields to the
 * live recordings. Java's thread priorities do nothing on Linux, but niceness is per thread and
 * is inherited by the encoder threads FFmpeg creates from it.
 */
final class ThreadNiceness {
  private static final Logger log = LoggerFactory.getLogger(ThreadNiceness.class);
  private static final ThreadLocal<Boolean> DONE = ThreadLocal.withInitial(() -> false);
  private static volatile boolean unavailable;

  private ThreadNiceness() {}

  static void lower(int niceness) {
    if (DONE.get() || unavailable || niceness <= 0) return;
    DONE.set(true);
    try {
      // /proc/thread-self -> <pid>/task/<tid>: the kernel's id for this very thread
      String tid = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
      Process p = new ProcessBuilder("renice", "-n", String.valueOf(niceness), "-p", tid)
          .redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("renice failed");
    } catch (IOException | UnsupportedOperationException e) {
      unavailable = true;
      log.warn("cannot lower transcode thread priority ({}); transcodes run at normal priority", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
