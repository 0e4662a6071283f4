package recfleet.node.transcode;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The [TRANSCODE] section as values, and a room's overrides of it. Keys and values are accepted
 * the way NGlive's users write them ({@code Bitrate}, {@code crf}, {@code model = vbr}): case
 * does not matter. A bad value is refused with the key named.
 */
public record TranscodeSettings(TranscodeMode mode, VideoEncoder encoder, int crf, int cq, int bitrateKbps,
                                int bufsizeKbps, String preset, int threads) {

  public static final List<String> PRESETS = List.of("ultrafast", "superfast", "veryfast", "faster", "fast",
      "medium", "slow", "slower", "veryslow", "placebo");

  public TranscodeSettings {
    check("crf", crf, 0, 51);
    check("cq", cq, 0, 51);
    check("bitrate", bitrateKbps, 1, 1_000_000);
    check("bufsize", bufsizeKbps, 1, 10_000_000);
    check("threads", threads, 0, 64);
    if (!PRESETS.contains(preset)) throw new IllegalArgumentException("preset '" + preset + "' must be one of " + PRESETS);
  }

  /** This room's settings: the node's, with whatever keys the room's {@code transcode} options set. */
  public TranscodeSettings withOverrides(Map<String, ?> overrides) {
    if (overrides == null || overrides.isEmpty()) return this;
    TranscodeMode m = mode;
    VideoEncoder e = encoder;
    int c = crf, q = cq, b = bitrateKbps, buf = bufsizeKbps, t = threads;
    String p = preset;
    for (var entry : overrides.entrySet()) {
      String key = entry.getKey().toLowerCase(Locale.ROOT);
      String value = String.valueOf(entry.getValue()).strip();
      switch (key) {
        case "model", "mode" -> m = parseEnum(TranscodeMode.class, "model", value);
        case "encoder" -> e = parseEnum(VideoEncoder.class, "encoder", value);
        case "crf" -> c = parseInt("crf", value);
        case "cq" -> q = parseInt("cq", value);
        case "bitrate" -> b = parseInt("bitrate", value);
        case "bufsize" -> buf = parseInt("bufsize", value);
        case "preset" -> p = value.toLowerCase(Locale.ROOT);
        case "threads" -> t = parseInt("threads", value);
        default -> throw new IllegalArgumentException("unknown transcode key '" + entry.getKey()
            + "'; known: model, encoder, crf, cq, bitrate, bufsize, preset, threads");
      }
    }
    return new TranscodeSettings(m, e, c, q, b, buf, p, t);
  }

  /**
   * This room's settings from its options ({@code options.transcode}, an object of [TRANSCODE]
   * keys); the node's own when the room sets none. Throws, naming the problem, when unusable.
   */
  public TranscodeSettings forRoom(Map<String, Object> roomOptions) {
    Object overrides = roomOptions == null ? null : roomOptions.get("transcode");
    if (overrides == null) return this;
    if (!(overrides instanceof Map<?, ?> map)) throw new IllegalArgumentException("options.transcode must be an object");
    Map<String, Object> typed = new java.util.LinkedHashMap<>();
    map.forEach((k, v) -> typed.put(String.valueOf(k), v));
    return withOverrides(typed);
  }

  public static <E extends Enum<E>> E parseEnum(Class<E> type, String key, String value) {
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(value)) return constant;
    }
    throw new IllegalArgumentException(key + " '" + value + "' must be one of "
        + java.util.Arrays.toString(type.getEnumConstants()));
  }

  private static int parseInt(String key, String value) {
    try {
      return Integer.parseInt(value.replace("k", "").replace("K", ""));
    } catch (NumberFormatException ex) {
      throw new IllegalArgumentException(key + " '" + value + "' must be a whole number");
    }
  }

  private static void check(String key, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(key + " = " + value + " must be between " + min + " and " + max);
    }
  }
}
