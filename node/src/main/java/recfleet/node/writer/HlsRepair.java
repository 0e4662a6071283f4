package recfleet.node.writer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * After a crash, an HLS recording's playlist lists every whole segment (it is only ever replaced
 * whole) but lacks {@code #EXT-X-ENDLIST}, so players would wait for more. This ends it and removes
 * the segment that was being written: it is not listed, may be torn, and must not be stored as if it
 * belonged to the recording.
 */
public final class HlsRepair {
  private HlsRepair() {}

  /** Adds #EXT-X-ENDLIST if missing, drops unlisted segments; returns how many segments the playlist lists. */
  public static int end(Path playlist) throws IOException {
    String text = Files.readString(playlist, StandardCharsets.UTF_8);
    if (!text.contains("#EXT-X-ENDLIST")) {
      Path tmp = playlist.resolveSibling(playlist.getFileName() + ".tmp");
      Files.writeString(tmp, text + (text.endsWith("\n") ? "" : "\n") + "#EXT-X-ENDLIST\n", StandardCharsets.UTF_8);
      Files.move(tmp, playlist, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
    Set<String> listed = Set.copyOf(HlsFolder.listed(playlist));
    for (Path f : HlsFolder.media(playlist)) {
      String name = f.getFileName().toString();
      if (name.endsWith(".m4s") && !listed.contains(name)) Files.delete(f);
    }
    Files.deleteIfExists(playlist.resolveSibling(playlist.getFileName() + ".tmp"));
    return (int) listed.stream().filter(n -> n.endsWith(".m4s")).count();
  }
}
