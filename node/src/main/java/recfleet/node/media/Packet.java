package recfleet.node.media;

import java.util.Arrays;
import java.util.Objects;

/**
 * One coded frame, the same for every ingest and every writer: its track, decode time and
 * composition offset in milliseconds (presentation = dts + cts), whether it starts a GOP, the codec
 * configuration it decodes with, and its payload as the codec defines it (AVC/HEVC: length-prefixed
 * NAL units; AAC: one raw frame). The payload is {@code size} bytes of {@code data} from
 * {@code offset}: an ingest that owns the array it read a message into hands it on without a copy.
 * Nobody writes into a packet's array once it is made. Writers never see where a packet came from.
 * A payload from the {@link PayloadPool} ({@code pooled}, else null) goes back to it once every
 * holder has let go: whatever keeps a packet beyond the call that handed it over (the ring, the
 * write queue, a fragment in making) calls {@link #retain()} and later {@link #release()}, and reads
 * its bytes only in between.
 */
public record Packet(TrackKind kind, long dts, int cts, boolean keyframe, CodecConfig config, byte[] data, int offset,
                     int size, PooledBytes pooled) {
  public Packet {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(data, "data");
    if (offset < 0 || size < 0 || offset + size > data.length) throw new IllegalArgumentException("payload out of bounds");
  }

  /** A packet whose payload is not pooled. */
  public Packet(TrackKind kind, long dts, int cts, boolean keyframe, CodecConfig config, byte[] data, int offset,
                int size) {
    this(kind, dts, cts, keyframe, config, data, offset, size, null);
  }

  /** A packet whose payload is the whole array. */
  public Packet(TrackKind kind, long dts, int cts, boolean keyframe, CodecConfig config, byte[] payload) {
    this(kind, dts, cts, keyframe, config, payload, 0, payload.length);
  }

  /** The payload as an array of its own (a copy unless the packet spans its whole array). */
  public byte[] payload() {
    return offset == 0 && size == data.length ? data : Arrays.copyOfRange(data, offset, offset + size);
  }

  /** The same media at another time (a stream rebased or joined to another). */
  public Packet at(long newDts) {
    return new Packet(kind, newDts, cts, keyframe, config, data, offset, size, pooled);
  }

  /** Takes a hold on a pooled payload (nothing for a plain one); returns this packet. */
  public Packet retain() {
    if (pooled != null) pooled.retain();
    return this;
  }

  /** Lets go of a hold taken with {@link #retain()}. */
  public void release() {
    if (pooled != null) pooled.release();
  }

  /** The same packet with a plain copy of its payload: for a reader that keeps it outside the holds. */
  public Packet detached() {
    return new Packet(kind, dts, cts, keyframe, config, Arrays.copyOfRange(data, offset, offset + size));
  }

  public long pts() {
    return dts + cts;
  }

  /** A video keyframe: where a recording, a pre-roll or a split may start. */
  public boolean startsGop() {
    return kind == TrackKind.VIDEO && keyframe;
  }
}
