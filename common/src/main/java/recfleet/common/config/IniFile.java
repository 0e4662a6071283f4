package recfleet.common.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Parses NGlive-style INI text: {@code [SECTION]} headers, {@code key = value} lines, and
 * comments starting with {@code ;} or {@code #}. Section and key names are case-insensitive.
 */
public final class IniFile {
  private IniFile() {}

  /** Returns section (upper case) to key (lower case) to raw value. */
  public static Map<String, Map<String, String>> parse(String text, String origin) {
    Map<String, Map<String, String>> sections = new LinkedHashMap<>();
    String section = null;
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (i == 0 && line.startsWith("\uFEFF")) line = line.substring(1).strip();
      if (line.isEmpty() || line.startsWith(";") || line.startsWith("#")) continue;
      if (line.startsWith("[")) {
        if (!line.endsWith("]") || line.length() < 3) {
          throw new ConfigException(origin + " line " + (i + 1) + ": malformed section header '" + line + "'");
        }
        section = line.substring(1, line.length() - 1).strip().toUpperCase(Locale.ROOT);
        sections.computeIfAbsent(section, s -> new LinkedHashMap<>());
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException(origin + " line " + (i + 1) + ": expected 'key = value', got '" + line + "'");
      }
      if (section == null) {
        throw new ConfigException(origin + " line " + (i + 1) + ": key outside of any [SECTION]");
      }
      String key = line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
      sections.get(section).put(key, unquote(line.substring(eq + 1).strip()));
    }
    return sections;
  }

  private static String unquote(String value) {
    if (value.length() >= 2
        && ((value.startsWith("\"") && value.endsWith("\"")) || (value.startsWith("'") && value.endsWith("'")))) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }
}
