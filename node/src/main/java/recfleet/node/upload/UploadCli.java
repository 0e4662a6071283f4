package recfleet.node.upload;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads a file to WebDAV with the node's own code (MKCOL, streamed PUT, PROPFIND check), for
 * benchmarks and for trying a server, with the login and password in RECFLEET_WEBDAV_LOGIN and
 * RECFLEET_WEBDAV_PASSWORD (not on the command line, where other users could read them).
 * <ul>
 *   <li>{@code UploadCli FILE HOST ROOT REMOTE_PATH}: one upload;</li>
 *   <li>{@code UploadCli FILE HOST ROOT}: one upload per remote path read from standard input, in
 *   one JVM and with one storage client, as a running node uploads; the benchmark drives it this
 *   way, so that JVM start, class loading and JIT compilation are not timed as the upload.</li>
 * </ul>
 * Logs one RESULT line per upload with the time it took and the CPU time the process spent on it.
 */
public final class UploadCli {
  private static final Logger log = LoggerFactory.getLogger(UploadCli.class);

  private UploadCli() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3 && args.length != 4) {
      log.error("usage: FILE http://host:port ROOT [REMOTE_PATH] (without REMOTE_PATH, one per line on stdin; "
          + "credentials in RECFLEET_WEBDAV_LOGIN/PASSWORD)");
      System.exit(2);
    }
    var options = new WebDavOptions(args[1], System.getenv().getOrDefault("RECFLEET_WEBDAV_LOGIN", ""),
        System.getenv().getOrDefault("RECFLEET_WEBDAV_PASSWORD", ""), args[2], "covers",
        java.time.Duration.ofSeconds(60));
    var storage = new WebDavStorage(options);
    Path file = Path.of(args[0]);
    if (args.length == 4) {
      upload(storage, file, args[3]);
      return;
    }
    var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String remote; (remote = in.readLine()) != null; ) {
      if (!remote.isBlank()) upload(storage, file, remote.strip());
    }
  }

  private static void upload(WebDavStorage storage, Path file, String remote) throws Exception {
    var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long cpuBefore = os.getProcessCpuTime();
    long started = System.nanoTime();
    long stored = storage.store(file, remote, Files.size(file), UploadProgress.NONE);
    long elapsedMs = (System.nanoTime() - started) / 1_000_000;
    long cpuMs = (os.getProcessCpuTime() - cpuBefore) / 1_000_000;
    log.info("RESULT {\"bytes\":{},\"elapsedMs\":{},\"cpuMs\":{}}", stored, elapsedMs, cpuMs);
  }
}
