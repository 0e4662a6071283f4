package recfleet.common.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Configuration loaded in a fixed order: the documented defaults, then the INI file, then
 * {@code RECFLEET_<SECTION>_<KEY>} environment variables. Typed getters validate and name the
 * key when a value is wrong. An unknown key in the file, or a {@code RECFLEET_*} variable that
 * names no key, fails at boot rather than being ignored; keys of another recorder's file that
 * recfleet knows ({@link ForeignKey}) are taken as their recfleet spelling, or accepted with a
 * warning when they have no effect here.
 */
public final class RecfleetConfig {
  private static final Logger log = LoggerFactory.getLogger(RecfleetConfig.class);
  private static final String ENV_PREFIX = "RECFLEET_";
  private final Map<String, ConfigKey> known = new LinkedHashMap<>();
  private final List<ForeignKey> foreign;
  private final Map<String, String> values = new LinkedHashMap<>();
  private final Map<String, String> origins = new LinkedHashMap<>();
  /** Sections whose other keys are names the user chooses ([CAMERAS]: camera id = source). */
  private final Set<String> openSections = new java.util.HashSet<>();
  private final Map<String, Map<String, String>> entries = new LinkedHashMap<>();

  private RecfleetConfig(List<ConfigKey> keys, List<ForeignKey> foreign) {
    this.foreign = foreign;
    for (ConfigKey k : keys) {
      if (k.isOpenSection()) {
        openSections.add(k.section());
        continue;
      }
      known.put(id(k.section(), k.key()), k);
      values.put(id(k.section(), k.key()), k.defaultValue());
      origins.put(id(k.section(), k.key()), "default");
    }
  }

  public static RecfleetConfig load(List<ConfigKey> keys, Path file, Map<String, String> env) {
    return load(keys, List.of(), file, env);
  }

  /** As {@link #load(List, Path, Map)}, also accepting {@code foreign} keys in the file. */
  public static RecfleetConfig load(List<ConfigKey> keys, List<ForeignKey> foreign, Path file, Map<String, String> env) {
    RecfleetConfig config = new RecfleetConfig(keys, foreign);
    if (file != null) {
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
      }
      config.apply(IniFile.parse(text, file.toString()), file.toString());
    }
    Set<String> envNames = new java.util.HashSet<>();
    for (ConfigKey k : keys) {
      if (k.isOpenSection()) continue;
      envNames.add(k.envName());
      String override = env.get(k.envName());
      if (override != null) {
        config.values.put(id(k.section(), k.key()), override.strip());
        config.origins.put(id(k.section(), k.key()), k.envName());
      }
    }
    List<String> strays = env.keySet().stream().filter(n -> n.startsWith(ENV_PREFIX) && !envNames.contains(n))
        .filter(n -> !config.takeOpenEntry(n, env.get(n))).sorted().toList();
    if (!strays.isEmpty()) {
      throw new ConfigException("environment variable " + String.join(", ", strays) + " names no config key"
          + " (RECFLEET_<SECTION>_<KEY>; see config.ini.sample for every key)");
    }
    return config;
  }

  /** {@code RECFLEET_<SECTION>_<NAME>} for an open section: its entry {@code name} (lower case); false otherwise. */
  private boolean takeOpenEntry(String envName, String value) {
    for (String section : openSections) {
      String prefix = ENV_PREFIX + section + "_";
      if (envName.startsWith(prefix) && envName.length() > prefix.length()) {
        entries.computeIfAbsent(section, s -> new LinkedHashMap<>())
            .put(envName.substring(prefix.length()).toLowerCase(Locale.ROOT), value.strip());
        return true;
      }
    }
    return false;
  }

  /** The user-named keys of an open section, in the order written (names in lower case). */
  public Map<String, String> entries(String section) {
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries.getOrDefault(section.toUpperCase(Locale.ROOT), Map.of())));
  }

  private void apply(Map<String, Map<String, String>> sections, String origin) {
    List<String> unknown = new ArrayList<>();
    Map<String, String> mapped = new LinkedHashMap<>();
    Map<String, String> mappedFrom = new LinkedHashMap<>();
    sections.forEach((section, entries) -> entries.forEach((key, value) -> {
      String id = id(section, key);
      if (known.containsKey(id)) {
        values.put(id, value);
        origins.put(id, origin);
        return;
      }
      if (openSections.contains(section)) {
        this.entries.computeIfAbsent(section, x -> new LinkedHashMap<>()).put(key, value);
        return;
      }
      ForeignKey f = foreign.stream().filter(k -> k.matches(section, key)).findFirst().orElse(null);
      if (f == null) {
        unknown.add("[" + section + "] " + key);
      } else if (f.mapsTo() == null) {
        log.warn("config [{}] {} in {} has no effect in recfleet ({})", section, key, origin, f.note());
      } else {
        mapped.put(f.mapsTo(), value);
        mappedFrom.put(f.mapsTo(), "[" + section + "] " + key);
      }
    }));
    // a key written in recfleet's own spelling wins over another recorder's spelling of it
    mapped.forEach((id, value) -> {
      if (origin.equals(origins.get(id))) return;
      values.put(id, value);
      origins.put(id, origin + " as " + mappedFrom.get(id));
    });
    if (!unknown.isEmpty()) {
      throw new ConfigException("unknown config key " + String.join(", ", unknown) + " in " + origin
          + " (see config.ini.sample for every key)");
    }
  }

  public String string(String section, String key) {
    String id = id(section.toUpperCase(Locale.ROOT), key.toLowerCase(Locale.ROOT));
    if (!known.containsKey(id)) {
      throw new IllegalArgumentException("undocumented config key " + id);
    }
    return values.get(id);
  }

  public String nonBlank(String section, String key) {
    String v = string(section, key);
    if (v == null || v.isBlank()) throw bad(section, key, v, "must not be empty");
    return v;
  }

  public int integer(String section, String key, int min, int max) {
    long v = number(section, key, min, max);
    return (int) v;
  }

  public long number(String section, String key, long min, long max) {
    String raw = string(section, key);
    long v;
    try {
      v = Long.parseLong(raw.strip().replace("_", ""));
    } catch (NumberFormatException e) {
      throw bad(section, key, raw, "must be a whole number");
    }
    if (v < min || v > max) throw bad(section, key, raw, "must be between " + min + " and " + max);
    return v;
  }

  public boolean bool(String section, String key) {
    String raw = string(section, key).strip().toLowerCase(Locale.ROOT);
    return switch (raw) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw bad(section, key, raw, "must be true or false");
    };
  }

  /** A value from a closed set, matched without caring about case; returns the canonical spelling. */
  public String oneOf(String section, String key, Set<String> allowed) {
    String raw = string(section, key).strip();
    for (String a : allowed) {
      if (a.equalsIgnoreCase(raw)) return a;
    }
    throw bad(section, key, raw, "must be one of " + allowed);
  }

  public List<String> list(String section, String key) {
    List<String> out = new ArrayList<>();
    for (String part : string(section, key).split(",")) {
      if (!part.isBlank()) out.add(part.strip());
    }
    return out;
  }

  public Path path(String section, String key) {
    return Path.of(nonBlank(section, key));
  }

  public ConfigException bad(String section, String key, String value, String why) {
    String id = id(section.toUpperCase(Locale.ROOT), key.toLowerCase(Locale.ROOT));
    String from = origins.getOrDefault(id, "default");
    String shown = isSecret(key) ? "***" : value;
    return new ConfigException("[" + section.toUpperCase(Locale.ROOT) + "] " + key.toLowerCase(Locale.ROOT)
        + " = '" + shown + "' (from " + from + ") " + why);
  }

  /** Keys whose values must never appear in a message. */
  private static boolean isSecret(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.contains("password") || k.contains("token") || k.contains("secret") || k.equals("keys");
  }

  private static String id(String section, String key) {
    return section + "." + key;
  }
}
