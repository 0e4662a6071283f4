package recfleet.common.auth;

import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import recfleet.common.config.ConfigException;
import recfleet.common.config.ConfigKey;
import recfleet.common.config.RecfleetConfig;

/**
 * The [AUTH] section, read the same way by the node and the master: named API keys with roles,
 * whether an address other than loopback may be bound with none, and the origins a browser may call
 * from (no CORS unless set).
 */
public record AuthOptions(List<ApiKey> keys, boolean open, List<String> corsOrigins, Path tlsCert, Path tlsKey) {
  public static final List<ConfigKey> KEYS = List.of(
      new ConfigKey("AUTH", "keys", "", "named API keys: name:role:key, comma-separated; role admin or viewer"),
      new ConfigKey("AUTH", "open", "false", "true: listen beyond loopback with no key (anyone reaching it has control)"),
      new ConfigKey("AUTH", "cors_origins", "", "comma-separated origins browsers may call the API from"),
      new ConfigKey("AUTH", "tls_cert", "", "PEM certificate (chain) to serve the API over HTTPS; empty: plain HTTP"),
      new ConfigKey("AUTH", "tls_key", "", "PEM private key of tls_cert"));
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,32}");
  private static final int MIN_KEY_LENGTH = 16;

  public static AuthOptions from(RecfleetConfig c) {
    List<ApiKey> keys = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (String entry : c.list("AUTH", "keys")) {
      String[] parts = entry.split(":", 3);
      String shown = parts[0] + (parts.length > 1 ? ":" + parts[1] : "") + ":***";
      if (parts.length != 3 || !NAME.matcher(parts[0]).matches()) {
        throw c.bad("AUTH", "keys", shown, "holds an entry that is not name:role:key (name: 1-32 letters, digits, '_', '-')");
      }
      ApiKey.Role role;
      try {
        role = ApiKey.Role.valueOf(parts[1].strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw c.bad("AUTH", "keys", shown, "gives key '" + parts[0] + "' a role other than admin or viewer");
      }
      if (parts[2].length() < MIN_KEY_LENGTH) {
        throw c.bad("AUTH", "keys", shown, "gives key '" + parts[0] + "' fewer than " + MIN_KEY_LENGTH + " characters");
      }
      if (!names.add(parts[0])) throw c.bad("AUTH", "keys", shown, "names key '" + parts[0] + "' twice");
      keys.add(new ApiKey(parts[0], role, parts[2]));
    }
    Path cert = pem(c, "tls_cert");
    Path key = pem(c, "tls_key");
    if ((cert == null) != (key == null)) throw c.bad("AUTH", cert == null ? "tls_cert" : "tls_key", "", "must be set with the other");
    return new AuthOptions(List.copyOf(keys), c.bool("AUTH", "open"), c.list("AUTH", "cors_origins"), cert, key);
  }

  private static Path pem(RecfleetConfig c, String key) {
    String raw = c.string("AUTH", key).strip();
    if (raw.isEmpty()) return null;
    Path file = Path.of(raw).toAbsolutePath().normalize();
    if (!Files.isReadable(file)) throw c.bad("AUTH", key, raw, "is not a readable file");
    return file;
  }

  /** The API's server options over HTTPS when a certificate is set; as they are otherwise. */
  public HttpServerOptions serve(HttpServerOptions options) {
    if (tlsCert == null) return options;
    return options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(tlsCert.toString())
        .setKeyPath(tlsKey.toString()));
  }

  public boolean enabled() {
    return !keys.isEmpty();
  }

  /**
   * The address to listen on. Empty (the default): loopback without keys, every address with them.
   * An address beyond loopback without a key stops the boot, unless {@code open} says to allow it.
   */
  public String bindAddress(String configured, String setting, Logger log) {
    if (configured == null || configured.isBlank()) {
      if (enabled()) return "0.0.0.0";
      log.info("no API key is configured ([AUTH] keys): listening on 127.0.0.1 only");
      return "127.0.0.1";
    }
    if (enabled() || isLoopback(configured)) return configured;
    if (open) {
      log.warn("[AUTH] open = true: listening on {} with no API key; anyone who reaches it has full control",
          configured);
      return configured;
    }
    throw new ConfigException(setting + " = '" + configured + "' with no API key: anyone who reaches it would"
        + " control this process. Set [AUTH] keys (name:role:key), or [AUTH] open = true to allow it anyway");
  }

  /** Decided from the text alone: no name is looked up to decide it. */
  static boolean isLoopback(String host) {
    String h = host.strip();
    if (h.equalsIgnoreCase("localhost")) return true;
    if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
    if (!h.matches("[0-9.]+") && !h.contains(":")) return false;
    try {
      return InetAddress.getByName(h).isLoopbackAddress(); // a literal: parsed, not resolved
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }
}
