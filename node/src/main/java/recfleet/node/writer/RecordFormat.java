package recfleet.node.writer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The container a room's segments are written in: FLV (remuxed to MP4 by the transcode stage's COPY)
 * or fragmented MP4 (plays part by part after a crash; COPY keeps it as it is).
 */
public enum RecordFormat {
  FLV("flv"),
  FMP4("rec.mp4");

  private final String extension;

  RecordFormat(String extension) {
    this.extension = extension;
  }

  /** The raw file's extension; fMP4's differs from the stored MP4's so the two never share a name. */
  public String extension() {
    return extension;
  }

  public MediaWriter open(Path file, long partMillis) throws IOException {
    return this == FLV ? new FlvWriter(file, true, true) : new Fmp4Writer(file, partMillis);
  }

  /** {@code flv} or {@code fmp4}, any case. */
  public static RecordFormat parse(String name) {
    return switch (name.strip().toLowerCase(Locale.ROOT)) {
      case "flv" -> FLV;
      case "fmp4" -> FMP4;
      default -> throw new IllegalArgumentException("is not a format (flv, fmp4)");
    };
  }

  /** Whether a raw file is a fragmented MP4 this node wrote (by its name). */
  public static boolean isFragmented(Path raw) {
    return raw.getFileName().toString().endsWith("." + FMP4.extension);
  }
}
