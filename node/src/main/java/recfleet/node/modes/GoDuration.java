package recfleet.node.modes;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Monibuca's clients send them: Go's time.ParseDuration form ("30s", "1m30s", "1.5s",
 * "500ms"), or a plain number of seconds.
 */
final class GoDuration {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|m|s|ms|us|µs|ns)");

  private GoDuration() {}

  static Duration parse(Object value, String field) {
    if (value instanceof Number n) return Duration.ofMillis(Math.round(n.doubleValue() * 1000));
    String text = String.valueOf(value).strip();
    if (text.matches("\\d+(\\.\\d+)?")) return Duration.ofMillis(Math.round(Double.parseDouble(text) * 1000));
    Matcher m = PART.matcher(text);
    double nanos = 0;
    int at = 0;
    while (m.find() && m.start() == at) {
      nanos += Double.parseDouble(m.group(1)) * switch (m.group(2)) {
        case "h" -> 3.6e12;
        case "m" -> 6e10;
        case "s" -> 1e9;
        case "ms" -> 1e6;
        case "us", "µs" -> 1e3;
        default -> 1;
      };
      at = m.end();
    }
    if (text.isEmpty() || at != text.length()) {
      throw new IllegalArgumentException(field + " '" + text + "' is not a duration (30s, 1m30s, 500ms, or seconds)");
    }
    return Duration.ofNanos(Math.round(nanos));
  }
}
