package recfleet.node.modes;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One [RULES] entry: streams whose path matches {@code match} (a regex, Monibuca's
 * {@code ^live/(.+)$}) are recorded when they are published, with this rule's {@code mode} (auto:
 * continuously; on_demand or event: connected and buffered, written on request), {@code format},
 * {@code fragment} (seconds or a Go duration such as {@code 10s}, 0: none) and {@code path} (where the files go in the storage:
 * {@code $0} the whole stream path, {@code $1}... its groups, {@code {date}} {@code {time}}
 * {@code {room}} {@code {seq}}) and {@code storage} (local or webdav; null: the node's [UPLOAD] target).
 * Written as {@code name = match=...; path=...; fragment=60; storage=webdav}.
 */
public record PathRule(String name, Pattern match, String pathTemplate, Long fragmentSeconds, String format,
                       boolean onDemand, String storage) {
  private static final Set<String> KEYS = Set.of("match", "path", "fragment", "format", "mode", "storage");

  /** A stream path this rule matched: the rule, and the groups its template reads ($0, $1...). */
  public record Matched(PathRule rule, String[] groups) {}

  public Matched matches(String streamPath) {
    Matcher m = match.matcher(streamPath);
    if (!m.matches()) return null;
    String[] groups = new String[m.groupCount() + 1];
    for (int i = 0; i <= m.groupCount(); i++) groups[i] = m.group(i) == null ? "" : m.group(i);
    return new Matched(this, groups);
  }

  /** Parses one entry's value; a bad part is an IllegalArgumentException that names it. */
  public static PathRule parse(String name, String value) {
    Map<String, String> parts = new LinkedHashMap<>();
    for (String part : value.split(";")) {
      if (part.isBlank()) continue;
      int eq = part.indexOf('=');
      if (eq < 0) throw new IllegalArgumentException("'" + part.strip() + "' is not key=value");
      String key = part.substring(0, eq).strip().toLowerCase(Locale.ROOT);
      if (!KEYS.contains(key)) throw new IllegalArgumentException(key + " is not a rule setting (" + String.join(", ", KEYS) + ")");
      parts.put(key, part.substring(eq + 1).strip());
    }
    if (!parts.containsKey("match")) throw new IllegalArgumentException("match= is required");
    Pattern match;
    try {
      match = Pattern.compile(parts.get("match"));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("match '" + parts.get("match") + "' is not a regex: " + e.getDescription());
    }
    String path = parts.get("path");
    if (path != null) PathTemplate.check(path);
    Long fragment = null;
    if (parts.containsKey("fragment")) {
      // seconds, or a duration as Monibuca's config writes it (fragment: 10s, 1m; 0: none)
      java.time.Duration d = GoDuration.parse(parts.get("fragment"), "fragment");
      if (d.toMillis() % 1000 != 0) throw new IllegalArgumentException("fragment '" + parts.get("fragment") + "' is not whole seconds");
      fragment = d.toSeconds();
      if (fragment > 86_400) throw new IllegalArgumentException("fragment must be 0-86400 seconds (24h)");
    }
    String mode = parts.getOrDefault("mode", "auto").toLowerCase(Locale.ROOT);
    if (!Set.of("auto", "on_demand", "event").contains(mode)) {
      throw new IllegalArgumentException("mode '" + mode + "' is not auto, on_demand or event");
    }
    String storage = recfleet.node.upload.StorageOptions.name(parts.get("storage"), "storage");
    return new PathRule(name, match, path, fragment, parts.get("format"), !mode.equals("auto"), storage);
  }
}
