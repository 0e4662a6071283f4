package recfleet.node.writer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The container a room's segments are written in: FLV (remuxed to MP4 by the transcode stage's COPY),
 * fragmented MP4 (plays part by part after a crash; COPY keeps it as it is) or HLS (a folder per
 * recording: playlist, init.mp4 and fMP4 segments; COPY keeps it too, the upload sends the folder).
 */
public enum RecordFormat {
  FLV("flv"),
  FMP4("rec.mp4"),
  HLS("m3u8");

  /** How long an HLS segment runs before the next keyframe starts another: a crash loses at most this. */
  public static final long HLS_SEGMENT_MILLIS = 4000;

  private final String extension;

  RecordFormat(String extension) {
    this.extension = extension;
  }

  /**
   * A segment's file, relative to its room's folder. fMP4's extension differs from the stored MP4's so
   * the two never share a name; an HLS recording is a folder of its own, named like its playlist.
   */
  public String fileName(String base) {
    return this == HLS ? base + "/" + base + "." + extension : base + "." + extension;
  }

  public MediaWriter open(Path file, long partMillis) throws IOException {
    return switch (this) {
      case FLV -> new FlvWriter(file, true, true);
      case FMP4 -> new Fmp4Writer(file, partMillis);
      case HLS -> new HlsWriter(file, HLS_SEGMENT_MILLIS, partMillis);
    };
  }

  /** {@code flv}, {@code fmp4} or {@code hls}, any case. */
  public static RecordFormat parse(String name) {
    return switch (name.strip().toLowerCase(Locale.ROOT)) {
      case "flv" -> FLV;
      case "fmp4" -> FMP4;
      case "hls" -> HLS;
      default -> throw new IllegalArgumentException("is not a format (flv, fmp4, hls)");
    };
  }

  /** Whether a raw file is a fragmented MP4 this node wrote (by its name). */
  public static boolean isFragmented(Path raw) {
    return raw.getFileName().toString().endsWith("." + FMP4.extension);
  }
}
