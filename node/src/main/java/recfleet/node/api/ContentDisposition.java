package recfleet.node.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The Content-Disposition of a download (RFC 6266): the name as plain {@code filename} when it is
 * ASCII, else an ASCII stand-in plus {@code filename*} in UTF-8 (RFC 8187), since a header value
 * itself cannot carry other characters.
 */
final class ContentDisposition {
  private ContentDisposition() {}

  static String of(boolean attachment, String name) {
    String kind = attachment ? "attachment" : "inline";
    if (name.chars().allMatch(c -> c < 128)) return kind + "; filename=\"" + name + "\"";
    String ascii = name.replaceAll("[^\\x20-\\x7e]", "_").replace("\"", "_");
    String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    return kind + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
  }
}
