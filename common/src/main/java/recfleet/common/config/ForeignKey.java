package recfleet.common.config;

import java.util.Locale;

/**
 * A key of another recorder's config file that recfleet accepts in its own (NGlive's
 * {@code config.ini}, for one): either a spelling of a recfleet key ({@code mapsTo}, as
 * {@code SECTION.key}), or a key with no effect here ({@code mapsTo} null), which is accepted with a
 * warning. A key {@code *} stands for every key of its section.
 */
public record ForeignKey(String section, String key, String mapsTo, String note) {
  public ForeignKey {
    section = section.toUpperCase(Locale.ROOT);
    key = key.toLowerCase(Locale.ROOT);
  }

  boolean matches(String section, String key) {
    return this.section.equals(section) && (this.key.equals("*") || this.key.equals(key));
  }
}
