package recfleet.common.link;

import recfleet.common.json.Jsons;

/** Link messages as WebSocket or HTTP text: one JSON object per message. */
public final class LinkFrames {
  /**
   * The largest message a link accepts: a room list for a node holding thousands of rooms.
   * (Vert.x's default, 256 KiB, holds about a thousand.)
   */
  public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

  private LinkFrames() {}

  public static String encode(LinkMessage message) {
    return Jsons.write(message);
  }

  /** The message, or an IllegalArgumentException whose text is fit for a log line (no payload echoed). */
  public static LinkMessage decode(String text) {
    try {
      return Jsons.read(text, LinkMessage.class);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a link message: " + Jsons.describe(e));
    }
  }

  /** The {@code Authorization} header's value that carries {@code token}; {@link #bearer} reads it back. */
  public static String authorization(String token) {
    return "Bearer " + token;
  }

  /** The token from an {@code Authorization: Bearer ...} header, or null. */
  public static String bearer(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) return null;
    return authorization.substring(7).strip();
  }
}
