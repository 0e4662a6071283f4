package recfleet.node.upload;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The storages a node can put recordings in ([UPLOAD] and [WEBDAV]): {@code local} always (the
 * output_dir folder), {@code webdav} when [WEBDAV] hostname is set; and the one recordings go to
 * unless a room's options (or its path rule) name another ({@code defaultName}, [UPLOAD] target).
 */
public record StorageOptions(String defaultName, Map<String, Place> places) {
  public static final String LOCAL = "local";
  public static final String WEBDAV = "webdav";

  /**
   * One storage: a WebDAV server ({@code webdav} set) or a folder here ({@code folder}); where covers
   * go in it; its quota in bytes and maximum age (0 / zero: none).
   */
  public record Place(String name, WebDavOptions webdav, Path folder, String coverDir, long maxBytes, Duration maxAge) {}

  public StorageOptions {
    places = Map.copyOf(places);
    if (!places.containsKey(defaultName)) throw new IllegalArgumentException("no storage named " + defaultName);
  }

  public Place place(String name) {
    return places.get(name);
  }

  public Place defaultPlace() {
    return places.get(defaultName);
  }
}
