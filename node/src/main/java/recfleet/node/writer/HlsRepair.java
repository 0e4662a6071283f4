package recfleet.node.writer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * After a crash, an HLS recording's playlist lists every whole segment (it is only ever replaced
 * whole) but lacks {@code #EXT-X-ENDLIST}, so players would wait for more. This ends it; the segment
 * that was being written is not listed and stays out.
 */
public final class HlsRepair {
  private HlsRepair() {}

  /** Adds #EXT-X-ENDLIST if missing; returns how many segments the playlist lists. */
  public static int end(Path playlist) throws IOException {
    String text = Files.readString(playlist, StandardCharsets.UTF_8);
    if (!text.contains("#EXT-X-ENDLIST")) {
      Files.writeString(playlist, text + (text.endsWith("\n") ? "" : "\n") + "#EXT-X-ENDLIST\n", StandardCharsets.UTF_8);
    }
    return (int) text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).count();
  }
}
