package recfleet.common.config;

/** A configuration problem; the message always names the section and key. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
