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

  /**
   * A storage name as a room's options or a path rule give it (any case): local or webdav; null stays
   * null. Anything else is an IllegalArgumentException naming {@code field}.
   */
  public static String name(Object value, String field) {
    if (value == null) return null;
    String name = String.valueOf(value).strip().toLowerCase(java.util.Locale.ROOT);
    if (!name.equals(LOCAL) && !name.equals(WEBDAV)) {
      throw new IllegalArgumentException(field + " '" + value + "' is not local or webdav");
    }
    return name;
  }

  /** Throws when this node has no storage of that name (null: the default, always there), naming {@code field}. */
  public void checkConfigured(String name, String field) {
    if (name != null && !places.containsKey(name)) throw new IllegalArgumentException(notConfigured(name, field));
  }

  /** What to say of a storage this node does not have, that {@code field} names. */
  public String notConfigured(String name, String field) {
    return field + " " + name + " is not configured on this node (it has " + new java.util.TreeSet<>(places.keySet())
        + "; webdav needs [WEBDAV] hostname)";
  }

  public Place place(String name) {
    return places.get(name);
  }

  public Place defaultPlace() {
    return places.get(defaultName);
  }
}
