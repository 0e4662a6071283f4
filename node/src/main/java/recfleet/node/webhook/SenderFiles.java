package recfleet.node.webhook;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Decides whether a path a sender gave may be taken in: it must resolve, symlinks included,
 * inside one of the sender's allowed folders, be a regular file, and have stopped changing.
 * Blocking (file system): call it from a worker.
 */
final class SenderFiles {
  record Accepted(Path realPath, long bytes) {}

  private final Clock clock;
  private final Duration settleTime;

  SenderFiles(Clock clock, Duration settleTime) {
    this.clock = clock;
    this.settleTime = settleTime;
  }

  /** {@code base} resolves a relative path (BililiveRecorder's work folder, SRS's cwd). */
  Accepted accept(String field, String given, Path base, List<Path> roots) {
    if (roots.isEmpty()) {
      throw new WebhookError(503, 5030, "this sender's folder is not configured on the node (see [WEBHOOK])");
    }
    Path candidate;
    try {
      candidate = (base == null ? Path.of(given) : base.resolve(given)).toAbsolutePath().normalize();
    } catch (RuntimeException e) {
      throw WebhookError.badField(field, "is not a valid path");
    }
    if (roots.stream().noneMatch(candidate::startsWith)) {
      throw new WebhookError(403, 4030, "field '" + field + "' points outside the allowed folders");
    }
    if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
      throw new WebhookError(404, 4040, "field '" + field + "': no such file");
    }
    Path real;
    try {
      real = candidate.toRealPath();
      boolean inside = false;
      for (Path root : roots) {
        if (Files.exists(root) && real.startsWith(root.toRealPath())) inside = true;
      }
      if (!inside) throw new WebhookError(403, 4030, "field '" + field + "' links outside the allowed folders");
      if (!Files.isRegularFile(real)) throw WebhookError.badField(field, "is not a regular file");
      long age = clock.millis() - Files.getLastModifiedTime(real).toMillis();
      if (age < settleTime.toMillis()) {
        throw new WebhookError(409, 4090, "field '" + field + "': the file is still being written; send it again later");
      }
      return new Accepted(real, Files.size(real));
    } catch (IOException e) {
      throw new WebhookError(404, 4040, "field '" + field + "': the file cannot be read");
    }
  }
}
