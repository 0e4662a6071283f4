package recfleet.node.modes;

import java.util.Optional;
import java.util.regex.Pattern;
import recfleet.common.RoomId;
import recfleet.node.store.RoomEntry;
import recfleet.node.store.RoomStore;

/**
 * Stream paths as Monibuca and SRS name streams ({@code live/camera1}): a room takes one in
 * {@code options.path}, and a room without one answers to its id. A path is segments of letters,
 * digits, '_', '-' and '.' (none starting with '.'), joined by '/', at most 255 characters: nothing a
 * file name or URL could be escaped with. Files and storage paths stay under the room's id.
 */
public final class StreamPaths {
  private static final Pattern PATH = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]*(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*");

  private StreamPaths() {}

  public static boolean isValid(String path) {
    return path != null && path.length() <= 255 && PATH.matcher(path).matches();
  }

  /** The room's stream path: its options.path, or its id. */
  public static String of(RoomEntry room) {
    Object path = room.options() == null ? null : room.options().get("path");
    return path instanceof String p && !p.isBlank() ? p : room.roomId();
  }

  /** Blocking: the room a stream path names (its options.path, or its id), if any. */
  public static Optional<RoomEntry> resolve(RoomStore rooms, String path) {
    if (!isValid(path)) return Optional.empty();
    Optional<RoomEntry> byPath = rooms.list().stream().filter(r -> path.equals(of(r))).findFirst();
    if (byPath.isPresent() || !RoomId.isValid(path)) return byPath;
    return rooms.get(path);
  }
}
