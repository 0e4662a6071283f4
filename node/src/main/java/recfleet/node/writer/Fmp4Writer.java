package recfleet.node.writer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import recfleet.node.media.Packet;
import recfleet.node.media.TrackKind;

/**
 * Writes packets as fragmented MP4: the header once the first part has shown which tracks there
 * are, then a {@code moof}/{@code mdat} part every {@code partMillis} of video, each written in one
 * go and handed to the OS at once. A kill -9 loses at most the part in progress, and the file plays
 * as it is; {@link Fmp4Repair} trims a torn last part after a crash. Close writes the last part,
 * fills in the duration (mehd) and syncs the file. The parts hold references to packets the room's
 * GOP ring holds anyway. Only AAC audio goes in (MP4 carries other FLV audio codecs differently);
 * other audio is left out and said so once. Blocking; one writer per file.
 */
public final class Fmp4Writer implements MediaWriter {
  private final Path file;
  private final long partMillis;
  private final OutputStream out;
  private final Fragmenter fragments;
  private int durationAt = -1;
  private boolean closed;

  public Fmp4Writer(Path file, long partMillis) throws IOException {
    this.file = file;
    this.partMillis = Math.max(100, partMillis);
    this.out = Files.newOutputStream(file);
    this.fragments = new Fragmenter(file.getFileName().toString());
  }

  @Override
  public void write(Packet p) throws IOException {
    if (p.kind() == TrackKind.VIDEO && fragments.heldVideoMillis(p.dts()) >= partMillis) flush(false);
    fragments.add(p);
  }

  /** Nothing to do: a part goes to the OS whole when it is complete, never half of one. */
  @Override
  public void flush() {
  }

  @Override
  public long durationMillis() {
    return fragments.endMillis();
  }

  /** Writes the packets held as one part (each track's newest kept back unless last). */
  private void flush(boolean last) throws IOException {
    if (durationAt < 0) {
      Fmp4Boxes.Header header = fragments.header();
      out.write(header.bytes());
      durationAt = header.durationAt();
    }
    byte[] part = fragments.fragment(null, last);
    if (part != null) {
      out.write(part);
      out.flush(); // the part is the OS's now: a kill -9 cannot take it back
    }
  }

  /** Writes the last part, fills in the duration and syncs the file to disk. */
  @Override
  public void close() throws IOException {
    if (closed) return;
    closed = true;
    try {
      if (fragments.hasVideo()) flush(true);
    } finally {
      out.close();
    }
    if (durationAt < 0) return;
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(durationAt);
      raf.writeLong(fragments.endMillis());
      raf.getFD().sync();
    }
  }
}
