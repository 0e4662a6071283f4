package recfleet.node.upload;

import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads one file to WebDAV with the node's own code (MKCOL, streamed PUT, PROPFIND check), for
 * benchmarks and for trying a server: {@code UploadCli FILE HOST ROOT REMOTE_PATH} with the login
 * and password in RECFLEET_WEBDAV_LOGIN and RECFLEET_WEBDAV_PASSWORD (not on the command line,
 * where other users could read them). Logs one line with the time the upload took.
 */
public final class UploadCli {
  private static final Logger log = LoggerFactory.getLogger(UploadCli.class);

  private UploadCli() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      log.error("usage: FILE http://host:port ROOT REMOTE_PATH (credentials in RECFLEET_WEBDAV_LOGIN/PASSWORD)");
      System.exit(2);
    }
    var options = new WebDavOptions(args[1], System.getenv().getOrDefault("RECFLEET_WEBDAV_LOGIN", ""),
        System.getenv().getOrDefault("RECFLEET_WEBDAV_PASSWORD", ""), args[2], "covers");
    Path file = Path.of(args[0]);
    long started = System.nanoTime();
    long stored = new WebDavStorage(options).store(file, args[3], Files.size(file), UploadProgress.NONE);
    long elapsedMs = (System.nanoTime() - started) / 1_000_000;
    log.info("RESULT {\"bytes\":{},\"elapsedMs\":{}}", stored, elapsedMs);
  }
}
