package recfleet.node.testing;

import recfleet.common.testing.Poll;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A real WebDAV server: {@code rclone serve webdav} on 127.0.0.1 with basic auth, over a folder. */
public final class RcloneWebDav implements AutoCloseable {
  public static final String USER = "recfleet";
  public static final String PASS = "dav-pa55-w0rd";

  private final Path folder;
  private final Path log;
  private final int port;
  private final String bwlimit;
  private Process process;

  private RcloneWebDav(Path folder, Path log, int port, String bwlimit) {
    this.folder = folder;
    this.log = log;
    this.port = port;
    this.bwlimit = bwlimit;
  }

  /** {@code bwlimit} like "2M" slows transfers so a test can act in the middle of one; null for none. */
  public static RcloneWebDav start(Path folder, String bwlimit, Path log) throws IOException {
    Files.createDirectories(folder);
    RcloneWebDav dav = new RcloneWebDav(folder, log, Ports.free(), bwlimit);
    dav.startAgain();
    return dav;
  }

  public void startAgain() {
    List<String> cmd = new ArrayList<>(List.of("rclone", "serve", "webdav", folder.toString(),
        "--addr", "127.0.0.1:" + port, "--user", USER, "--pass", PASS, "--config", "/dev/null"));
    if (bwlimit != null) cmd.addAll(List.of("--bwlimit", bwlimit));
    process = Processes.start(cmd, log);
    Poll.until(Duration.ofSeconds(20), "rclone webdav on " + port, () -> {
      if (!process.isAlive()) throw new IllegalStateException("rclone exited; see " + log);
      return Ports.accepts(port);
    });
  }

  /** The server goes away at once (an outage). */
  public void kill() {
    Processes.kill9(process);
  }

  /** SIGSTOP: the server hangs with its connections open, mid-answer if it was answering. */
  public void freeze() throws Exception {
    Processes.signal("STOP", process.pid());
  }

  /** SIGCONT. */
  public void thaw() throws Exception {
    Processes.signal("CONT", process.pid());
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public Path folder() {
    return folder;
  }

  @Override
  public void close() {
    try {
      thaw(); // a frozen process cannot die until it runs again
    } catch (Exception ignored) {
      // already gone
    }
    Processes.kill9(process);
  }
}
