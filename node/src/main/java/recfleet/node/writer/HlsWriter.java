package recfleet.node.writer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import recfleet.node.media.Packet;
import recfleet.node.media.TrackKind;

/**
 * Writes packets as HLS with fMP4 segments (RFC 8216): {@code init.mp4} (ftyp + moov), then
 * {@code seg-00001.m4s}... each starting on a keyframe once {@code segmentMillis} of video has gone
 * by, each written part by part every {@code partMillis}; the playlist beside them is rewritten
 * (a temporary file, then a rename) whenever a segment is complete, so a player or a crash only
 * ever sees a valid playlist of whole segments. Close adds the last segment and
 * {@code #EXT-X-ENDLIST}. Blocking; one writer per folder.
 */
public final class HlsWriter implements MediaWriter {
  /** A complete segment as the playlist lists it. */
  private record Listed(String name, long millis) {}

  private final Path playlist;
  private final Path folder;
  private final long segmentMillis;
  private final long partMillis;
  private final Fragmenter fragments;
  private final List<Listed> listed = new ArrayList<>();
  private OutputStream segment;
  private String segmentName;
  private long segmentStart = Long.MIN_VALUE;
  private long segmentFirstMillis;
  private long partStart;
  private boolean initWritten;
  private boolean closed;

  public HlsWriter(Path playlist, long segmentMillis, long partMillis) throws IOException {
    this.playlist = playlist;
    this.folder = playlist.getParent();
    this.segmentMillis = Math.max(1000, segmentMillis);
    this.partMillis = Math.max(100, partMillis);
    this.fragments = new Fragmenter(playlist.getFileName().toString());
    Files.createDirectories(folder);
    writePlaylist(false);
  }

  @Override
  public void write(Packet p) throws IOException {
    if (p.kind() == TrackKind.VIDEO) {
      if (segmentStart == Long.MIN_VALUE) {
        segmentStart = p.dts();
        partStart = p.dts();
      }
      if (p.startsGop() && p.dts() - segmentStart >= segmentMillis) {
        finishSegment(p.dts());
        segmentStart = p.dts();
        partStart = p.dts();
      } else if (p.dts() - partStart >= partMillis) {
        writePart(null, false);
        partStart = p.dts();
      }
    }
    fragments.add(p);
  }

  /**
   * Writes the packets held into the open segment as one part (opening it, and init.mp4 before the
   * first, if need be). {@code endsAt}: the part ends there (the next segment's keyframe).
   */
  private void writePart(Long endsAt, boolean last) throws IOException {
    if (!fragments.hasVideo()) return;
    if (!initWritten) {
      Files.write(folder.resolve("init.mp4"), fragments.header().bytes());
      initWritten = true;
    }
    long startsAt = fragments.endMillis();
    byte[] part = fragments.fragment(endsAt, last);
    if (part == null) return;
    if (segment == null) {
      segmentName = String.format(Locale.ROOT, "seg-%05d.m4s", listed.size() + 1);
      segment = Files.newOutputStream(folder.resolve(segmentName));
      segmentFirstMillis = startsAt;
    }
    segment.write(part);
    segment.flush(); // whole parts only reach the OS
  }

  /** Everything before {@code endsAt} (the next keyframe; null: the end) closes the segment; the playlist lists it. */
  private void finishSegment(Long endsAt) throws IOException {
    writePart(endsAt, endsAt == null);
    if (segment == null) return;
    segment.close();
    segment = null;
    listed.add(new Listed(segmentName, fragments.endMillis() - segmentFirstMillis));
    writePlaylist(false);
  }

  private void writePlaylist(boolean ended) throws IOException {
    long target = Math.max(1, listed.stream().mapToLong(l -> (l.millis() + 999) / 1000).max().orElse(segmentMillis / 1000));
    StringBuilder m3u8 = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:7\n")
        .append("#EXT-X-TARGETDURATION:").append(target).append('\n')
        .append("#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:EVENT\n#EXT-X-INDEPENDENT-SEGMENTS\n");
    if (!listed.isEmpty()) m3u8.append("#EXT-X-MAP:URI=\"init.mp4\"\n");
    for (Listed l : listed) {
      m3u8.append(String.format(Locale.ROOT, "#EXTINF:%.3f,\n", l.millis() / 1000.0)).append(l.name()).append('\n');
    }
    if (ended) m3u8.append("#EXT-X-ENDLIST\n");
    Path tmp = playlist.resolveSibling(playlist.getFileName() + ".tmp");
    Files.writeString(tmp, m3u8, StandardCharsets.UTF_8);
    Files.move(tmp, playlist, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public void flush() {
    // parts reach the OS whole as they complete; the playlist when a segment does
  }

  @Override
  public long durationMillis() {
    return fragments.endMillis();
  }

  /** The last segment, then #EXT-X-ENDLIST. */
  @Override
  public void close() throws IOException {
    if (closed) return;
    closed = true;
    finishSegment(null);
    writePlaylist(true);
  }
}
