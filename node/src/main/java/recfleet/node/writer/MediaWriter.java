package recfleet.node.writer;

import java.io.IOException;
import recfleet.node.media.Packet;

/** One open output file of one room: packets in, a playable file on close. Blocking; one thread at a time. */
public interface MediaWriter extends AutoCloseable {
  /** Writes the packet; the first one is a video keyframe, and its dts is the file's zero. */
  void write(Packet p) throws IOException;

  /** Hands what is written so far to the OS (a kill -9 then loses nothing of it); called after each batch. */
  void flush() throws IOException;

  /** Media written so far, in ms. */
  long durationMillis();

  /** Finishes the file (trailer, index, sizes) and syncs it to disk. */
  @Override
  void close() throws IOException;
}
