package recfleet.node.writer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.node.media.CodecConfig;
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
  private static final Logger log = LoggerFactory.getLogger(Fmp4Writer.class);
  private static final int DEFAULT_VIDEO_MS = 40;
  private static final int DEFAULT_AUDIO_MS = 23;

  private final Path file;
  private final long partMillis;
  private final OutputStream out;
  private final List<Packet> video = new ArrayList<>();
  private final List<Packet> audio = new ArrayList<>();
  private CodecConfig videoConfig;
  private CodecConfig audioConfig;
  private boolean audioRefused;
  private int durationAt = -1;
  private long firstDts = Long.MIN_VALUE;
  private long partStart;
  private int sequence;
  private long endMillis;
  private int lastVideoDuration = DEFAULT_VIDEO_MS;
  private int lastAudioDuration = DEFAULT_AUDIO_MS;
  private boolean closed;

  public Fmp4Writer(Path file, long partMillis) throws IOException {
    this.file = file;
    this.partMillis = Math.max(100, partMillis);
    this.out = Files.newOutputStream(file);
  }

  @Override
  public void write(Packet p) throws IOException {
    if (firstDts == Long.MIN_VALUE) {
      firstDts = p.dts();
      partStart = p.dts();
    }
    if (p.kind() == TrackKind.VIDEO) {
      if (videoConfig == null) videoConfig = p.config();
      if (p.dts() - partStart >= partMillis && !video.isEmpty()) flush(false);
      video.add(p);
    } else if (acceptsAudio(p)) {
      audio.add(p);
    }
  }

  private boolean acceptsAudio(Packet p) {
    if (p.config().codecId() == CodecConfig.AAC) {
      if (audioConfig == null && durationAt < 0) audioConfig = p.config();
      return p.config().equals(audioConfig);
    }
    if (!audioRefused) {
      audioRefused = true;
      log.warn("{}: audio codec {} is not written to fMP4 (AAC only); the file has video only",
          file.getFileName(), p.config().codecId());
    }
    return false;
  }

  /** Nothing to do: a part goes to the OS whole when it is complete, never half of one. */
  @Override
  public void flush() {
  }

  @Override
  public long durationMillis() {
    return endMillis;
  }

  /** Writes the packets held, keeping each track's newest one back (its duration needs the next) unless last. */
  private void flush(boolean last) throws IOException {
    if (durationAt < 0) writeHeader();
    List<Fmp4Boxes.Sample> v = samples(video, last, true);
    List<Fmp4Boxes.Sample> a = samples(audio, last, false);
    if (!v.isEmpty() || !a.isEmpty()) {
      out.write(Fmp4Boxes.fragment(++sequence, v, a));
      out.flush(); // the part is the OS's now: a kill -9 cannot take it back
    }
    if (!video.isEmpty()) partStart = video.get(0).dts();
  }

  private void writeHeader() throws IOException {
    if (videoConfig == null) throw new IOException("no video to write");
    Fmp4Boxes.Header header = Fmp4Boxes.header(videoConfig, audioConfig);
    out.write(header.bytes());
    durationAt = header.durationAt();
  }

  private List<Fmp4Boxes.Sample> samples(List<Packet> held, boolean last, boolean isVideo) {
    int count = last ? held.size() : Math.max(0, held.size() - 1);
    List<Fmp4Boxes.Sample> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Packet p = held.get(i);
      int duration;
      if (i + 1 < held.size()) {
        duration = (int) Math.max(0, held.get(i + 1).dts() - p.dts());
        if (isVideo) lastVideoDuration = duration;
        else lastAudioDuration = duration;
      } else {
        duration = isVideo ? lastVideoDuration : lastAudioDuration;
      }
      long decodeTime = Math.max(0, p.dts() - firstDts);
      endMillis = Math.max(endMillis, decodeTime + duration);
      out.add(new Fmp4Boxes.Sample(p, decodeTime, duration));
    }
    held.subList(0, count).clear();
    return out;
  }

  /** Writes the last part, fills in the duration and syncs the file to disk. */
  @Override
  public void close() throws IOException {
    if (closed) return;
    closed = true;
    try {
      if (videoConfig != null) flush(true);
    } finally {
      out.close();
    }
    if (durationAt < 0) return;
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(durationAt);
      raf.writeLong(endMillis);
      raf.getFD().sync();
    }
  }
}
