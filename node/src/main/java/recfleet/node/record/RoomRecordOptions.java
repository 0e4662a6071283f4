package recfleet.node.record;

import java.util.Map;
import recfleet.node.writer.RecordFormat;
import recfleet.node.writer.SplitRule;

/**
 * A room's own recording settings over the node's [RECORD]: {@code options.record} may set
 * {@code format} (flv, fmp4, hls), {@code segment_seconds} and {@code split_bytes} (0 turns a limit
 * off), and {@code mode} (continuous, or on_demand: connected, buffered, written only while a
 * capture asks), {@code path_template} (where its files go in the storage) and {@code storage}
 * (local or webdav: which of the node's storages its files go to), e.g.
 * {@code {"record":{"format":"fmp4","segment_seconds":0}}} for one fMP4 per session.
 */
public final class RoomRecordOptions {
  private RoomRecordOptions() {}

  /** What a room sets; null where it keeps the node's. */
  private record Overrides(RecordFormat format, Long millis, Long bytes, Boolean onDemand, String pathTemplate,
                           String storage) {}

  private static final java.util.Set<String> KEYS = java.util.Set.of("format", "segment_seconds", "split_bytes", "mode",
      "path_template", "storage");

  /** Throws if the room's options.record cannot be used, naming the key. */
  public static void check(Map<String, Object> roomOptions) {
    parse(roomOptions);
  }

  /** The node's options with the room's overrides; a bad value is an IllegalArgumentException naming its key. */
  public static RecordOptions apply(RecordOptions node, Map<String, Object> roomOptions) {
    Overrides o = parse(roomOptions);
    if (o == null) return node;
    RecordFormat format = o.format() != null ? o.format() : node.format();
    long millis = o.millis() != null ? o.millis() : node.split().millis();
    long bytes = o.bytes() != null ? o.bytes() : node.split().bytes();
    boolean onDemand = o.onDemand() != null ? o.onDemand() : node.onDemand();
    String template = o.pathTemplate() != null ? o.pathTemplate() : node.pathTemplate();
    String storage = o.storage() != null ? o.storage() : node.storage();
    return node.with(new SplitRule(millis, bytes), format, onDemand, template, storage);
  }

  private static Overrides parse(Map<String, Object> roomOptions) {
    Object raw = roomOptions == null ? null : roomOptions.get("record");
    if (raw == null) return null;
    if (!(raw instanceof Map<?, ?> record)) throw new IllegalArgumentException("options.record must be an object");
    for (Object key : record.keySet()) {
      if (!KEYS.contains(String.valueOf(key))) {
        throw new IllegalArgumentException("options.record." + key
            + " is not a setting (format, segment_seconds, split_bytes, mode, path_template, storage)");
      }
    }
    RecordFormat format = null;
    if (record.get("format") != null) {
      try {
        format = RecordFormat.parse(String.valueOf(record.get("format")));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("options.record.format '" + record.get("format") + "' " + e.getMessage());
      }
    }
    Long millis = record.get("segment_seconds") == null ? null
        : number(record.get("segment_seconds"), "segment_seconds", 86_400) * 1000;
    Long bytes = record.get("split_bytes") == null ? null : number(record.get("split_bytes"), "split_bytes", Long.MAX_VALUE);
    String template = record.get("path_template") == null ? null : String.valueOf(record.get("path_template"));
    if (template != null) {
      try {
        recfleet.node.modes.PathTemplate.check(template);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("options.record.path_template: " + e.getMessage());
      }
    }
    String storage = recfleet.node.upload.StorageOptions.name(record.get("storage"), "options.record.storage");
    return new Overrides(format, millis, bytes, mode(record.get("mode")), template, storage);
  }

  /** The storage a room's options name (checked first with {@link #check}); null: the node's default. */
  public static String storage(Map<String, Object> roomOptions) {
    Overrides o = parse(roomOptions);
    return o == null ? null : o.storage();
  }

  /** Whether a room's options ask for on-demand recording (checked first with {@link #check}). */
  public static boolean onDemand(Map<String, Object> roomOptions) {
    Overrides o = parse(roomOptions);
    return o != null && Boolean.TRUE.equals(o.onDemand());
  }

  private static Boolean mode(Object value) {
    if (value == null) return null;
    return switch (String.valueOf(value).strip().toLowerCase(java.util.Locale.ROOT)) {
      case "continuous" -> false;
      case "on_demand" -> true;
      default -> throw new IllegalArgumentException("options.record.mode '" + value + "' is not a mode (continuous, on_demand)");
    };
  }

  private static long number(Object value, String key, long max) {
    long n;
    try {
      n = value instanceof Number num ? num.longValue() : Long.parseLong(String.valueOf(value).strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("options.record." + key + " '" + value + "' must be a whole number");
    }
    if (n < 0 || n > max) throw new IllegalArgumentException("options.record." + key + " = " + n + " must be between 0 and " + max);
    return n;
  }
}
