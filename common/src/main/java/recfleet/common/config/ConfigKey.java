package recfleet.common.config;

import java.util.Locale;

/** One documented key: where it lives, its default and what it means. */
public record ConfigKey(String section, String key, String defaultValue, String description) {
  public ConfigKey {
    section = section.toUpperCase(Locale.ROOT);
    key = key.toLowerCase(Locale.ROOT);
  }

  /** {@code RECFLEET_<SECTION>_<KEY>}, the environment variable that overrides this key. */
  public String envName() {
    return "RECFLEET_" + section + "_" + key.toUpperCase(Locale.ROOT);
  }

  /** Marks {@code section} as open: besides its declared keys, any key is an entry the user names. */
  public static ConfigKey openSection(String section, String description) {
    return new ConfigKey(section, OPEN, "", description);
  }

  private static final String OPEN = "*";

  public boolean isOpenSection() {
    return OPEN.equals(key);
  }

  public String label() {
    return "[" + section + "] " + key;
  }
}
