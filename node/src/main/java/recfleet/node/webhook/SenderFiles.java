package recfleet.node.webhook;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * Decides whether a path a sender gave may be taken in: it must resolve, symlinks included,
 * inside one of the sender's allowed folders, and be a regular file. Whether it has stopped
 * changing is not judged here: senders call once the file is closed, and a file that still settles
 * is waited for in its durable job ({@link Settling}), never refused. Blocking (file system).
 */
final class SenderFiles {
  record Accepted(Path realPath, long bytes) {}

  /**
   * A relative path with no base (SRS's {@code on_dvr} without {@code cwd}, as in the SRS DVR
   * manager's own example): the first allowed folder that holds it.
   */
  static Path baseHolding(String given, List<Path> roots) {
    for (Path root : roots) {
      try {
        if (Files.exists(root.resolve(given))) return root;
      } catch (RuntimeException invalid) {
        return null; // not a path at all; accept() names the field
      }
    }
    return roots.isEmpty() ? null : roots.get(0);
  }

  static boolean isAbsolute(String field, String given) {
    try {
      return Path.of(given).isAbsolute();
    } catch (RuntimeException e) {
      throw WebhookError.badField(field, "is not a valid path");
    }
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
      return new Accepted(real, Files.size(real));
    } catch (IOException e) {
      throw new WebhookError(404, 4040, "field '" + field + "': the file cannot be read");
    }
  }
}
