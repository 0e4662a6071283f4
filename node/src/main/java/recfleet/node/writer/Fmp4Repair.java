package recfleet.node.writer;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;

/**
 * After a crash, an fMP4 file may end inside a part that was being written. This trims it back to
 * its last whole box, and a {@code moof} left without its {@code mdat} with it, so that what remains
 * is exactly the parts that were written whole: a file that plays.
 */
public final class Fmp4Repair {
  private Fmp4Repair() {}

  /** Trims the file to its whole boxes; returns its length after (0: no whole part, nothing to play). */
  public static long trimToWholeParts(Path file) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      long length = raf.length();
      long at = 0;
      long keep = 0;
      boolean media = false;
      while (at + 8 <= length) {
        raf.seek(at);
        long size = raf.readInt() & 0xffffffffL;
        byte[] type = new byte[4];
        raf.readFully(type);
        if (size == 1 && at + 16 <= length) size = raf.readLong();
        if (size < 8 || at + size > length) break;
        String name = new String(type, java.nio.charset.StandardCharsets.US_ASCII);
        at += size;
        if (!name.equals("moof")) keep = at; // a moof counts once its mdat is whole too
        if (name.equals("mdat")) media = true;
      }
      if (!media) keep = 0; // a header alone holds nothing to play
      if (keep < length) raf.setLength(keep);
      raf.getFD().sync();
      return keep;
    }
  }
}
