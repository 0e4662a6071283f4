package recfleet.common;

import java.util.Objects;
import java.util.regex.Pattern;

/** A room's id: what users type in {@code /addroom?roomid=}. Safe to use as a folder name. */
public record RoomId(String value) {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

  public RoomId {
    Objects.requireNonNull(value, "room id");
    if (!VALID.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "room id must be 1-64 letters, digits, '_' or '-', starting with a letter or digit");
    }
  }

  public static boolean isValid(String candidate) {
    return candidate != null && VALID.matcher(candidate).matches();
  }

  @Override
  public String toString() {
    return value;
  }
}
