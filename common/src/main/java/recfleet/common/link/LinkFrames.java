package recfleet.common.link;

import recfleet.common.json.Jsons;

/** Link messages as WebSocket or HTTP text: one JSON object per message. */
public final class LinkFrames {
  /**
   * The largest message a link accepts: a room list for a node holding thousands of rooms.
   * (Vert.x's default, 256 KiB, holds about a thousand.)
   */
  public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
  /**
   * The link protocol's version, written into every frame as {@code "v"}. Readers ignore fields and
   * message types they do not know, so it only says what a peer speaks (for logs and, later, for a
   * change that old readers could not ignore).
   */
  public static final int PROTOCOL = 1;

  private LinkFrames() {}

  public static String encode(LinkMessage message) {
    var tree = (com.fasterxml.jackson.databind.node.ObjectNode) Jsons.MAPPER.valueToTree(message);
    return Jsons.write(tree.put("v", PROTOCOL));
  }

  /** The message, or an IllegalArgumentException whose text is fit for a log line (no payload echoed). */
  public static LinkMessage decode(String text) {
    try {
      return Jsons.readWire(text, LinkMessage.class);
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
