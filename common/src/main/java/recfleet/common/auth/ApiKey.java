package recfleet.common.auth;

import java.util.Locale;

/**
 * A named API key and its role. The secret never leaves this record in a string: {@link
 * #toString()} shows the name and role only, and logs name the key, never its value.
 */
public record ApiKey(String name, Role role, String secret) {
  public enum Role {
    /** Reads rooms, recordings, downloads, covers, events and figures. */
    VIEWER,
    /** Everything a viewer may, and changes: rooms, blacklist, drains. */
    ADMIN;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  @Override
  public String toString() {
    return "ApiKey[" + name + ", " + role.id() + "]";
  }
}
