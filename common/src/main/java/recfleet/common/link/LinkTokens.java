package recfleet.common.link;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Checks a presented link token in constant time, so the answer's timing says nothing about the token. */
public final class LinkTokens {
  private LinkTokens() {}

  public static boolean matches(String expected, String presented) {
    if (presented == null || expected == null || expected.isEmpty()) return false;
    return MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
  }
}
