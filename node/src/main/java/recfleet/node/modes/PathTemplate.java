package recfleet.node.modes;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a rule's files go in the storage: {@code record/$1/{date}/{time}} with the stream path's
 * groups ($0 the whole path, $1...), {@code {date}} (yyyy-MM-dd) and {@code {time}} (HH-mm-ss) of the
 * file's start in the node's zone, {@code {room}} and {@code {seq}} (the file's number in its
 * session). It must hold {@code {time}} or {@code {seq}} so two files never share a name; the result
 * keeps to the characters of a stream path, so it cannot leave the storage root.
 */
public final class PathTemplate {
  private static final Pattern GROUP = Pattern.compile("\\$(\\d)");
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH-mm-ss");

  private PathTemplate() {}

  public static void check(String template) {
    if (!template.contains("{time}") && !template.contains("{seq}")) {
      throw new IllegalArgumentException("path '" + template + "' must hold {time} or {seq}, so files never share a name");
    }
  }

  /** The groups put in now, when the stream is published: what is left is filled per file. */
  public static String withGroups(String template, String[] groups) {
    Matcher m = GROUP.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      int i = m.group(1).charAt(0) - '0';
      m.appendReplacement(out, Matcher.quoteReplacement(i < groups.length ? groups[i] : ""));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** A file's place in the storage (without its extension), or null if the result is not a safe path. */
  public static String render(String template, String room, int seq, OffsetDateTime startedAt) {
    String path = template.replace("{date}", startedAt.format(DATE)).replace("{time}", startedAt.format(TIME))
        .replace("{room}", room).replace("{seq}", String.valueOf(seq));
    return StreamPaths.isValid(path) && !path.contains("..") ? path : null;
  }
}
