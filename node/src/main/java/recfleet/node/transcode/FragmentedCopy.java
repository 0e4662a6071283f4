package recfleet.node.transcode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * COPY of a fragmented MP4 the recorder wrote: it already plays, so it is kept as it is. The output
 * is a hard link to the raw file (no second copy on disk; a plain copy where links are not
 * possible), made under {@code .part} and renamed, like every stage's output.
 */
final class FragmentedCopy {
  private FragmentedCopy() {}

  static TranscodeResult keep(Path raw, Path output, MediaInfo in) throws IOException {
    Files.createDirectories(output.getParent());
    Path part = output.resolveSibling(output.getFileName() + ".part");
    Files.deleteIfExists(part);
    try {
      Files.createLink(part, raw);
    } catch (IOException | UnsupportedOperationException e) {
      Files.copy(raw, part, StandardCopyOption.REPLACE_EXISTING);
    }
    Files.move(part, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return new TranscodeResult(in.durationMs(), false, null);
  }
}
