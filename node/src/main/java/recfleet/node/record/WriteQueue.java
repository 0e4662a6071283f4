package recfleet.node.record;

import io.vertx.core.Context;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.node.media.Packet;

/**
 * Hands one room's packets and bookkeeping jobs from its event loop to a shared worker pool, in
 * order, one batch at a time: at most one drain per room runs, so the room's files see one writer.
 * Packets are written in batches of up to {@link #BATCH_MILLIS} or {@link #BATCH_BYTES}, whichever
 * comes first: one hand-off and one write to the OS per batch instead of per packet is most of
 * what a recording costs (a kill -9 loses at most the batch in memory). Jobs go at once.
 * Bounded in bytes: above {@link #HIGH} the source is paused (TCP then slows it), below {@link #LOW}
 * it is resumed. A write that fails skips the packets queued behind it until the next job (the
 * recorder closes the segment and reconnects).
 */
final class WriteQueue {
  private static final Logger log = LoggerFactory.getLogger(WriteQueue.class);
  static final long HIGH = 8L * 1024 * 1024;
  static final long LOW = 2L * 1024 * 1024;
  static final long BATCH_MILLIS = 500;
  static final long BATCH_BYTES = 256 * 1024;

  private final String roomId;
  private final Context loop;
  private final WorkerExecutor io;
  private final PacketSegments segments;
  private final Consumer<String> writeFailed;
  private final Runnable caughtUp;
  private ArrayDeque<Object> items = new ArrayDeque<>();
  /** The batch being written: swapped with {@link #items}, so taking a batch copies nothing. */
  private ArrayDeque<Object> batch = new ArrayDeque<>();
  private long bytes;
  private boolean draining;
  private boolean paused;
  private boolean failed;
  private boolean timerArmed;

  WriteQueue(String roomId, Context loop, WorkerExecutor io, PacketSegments segments, Consumer<String> writeFailed,
             Runnable caughtUp) {
    this.roomId = roomId;
    this.loop = loop;
    this.io = io;
    this.segments = segments;
    this.writeFailed = writeFailed;
    this.caughtUp = caughtUp;
  }

  /** A packet and when it arrived (wall clock): the batch is written later, its files' times are the media's. */
  private record Arrived(Packet packet, long atMs) {}

  /** Queues a packet that arrived at {@code atMs}; true if the source should now pause. */
  synchronized boolean offer(Packet p, long atMs) {
    items.add(new Arrived(p.retain(), atMs)); // let go once written (or skipped after a failed write)
    bytes += p.size();
    if (bytes >= BATCH_BYTES) schedule();
    else armTimer();
    if (paused || bytes <= HIGH) return false;
    paused = true;
    return true;
  }

  /** Queues a blocking job behind the packets already queued. */
  synchronized void run(Runnable job) {
    items.add(job);
    schedule();
  }

  /** On the room's event loop: the batch goes at the latest {@link #BATCH_MILLIS} after its first packet. */
  private void armTimer() {
    if (timerArmed || draining) return;
    timerArmed = true;
    loop.owner().setTimer(BATCH_MILLIS, t -> {
      synchronized (this) {
        timerArmed = false;
        if (!items.isEmpty()) schedule();
      }
    });
  }

  private void schedule() {
    if (draining) return;
    draining = true;
    io.executeBlocking(() -> {
      drain();
      return null;
    }, false);
  }

  private void drain() {
    while (true) {
      synchronized (this) {
        if (items.isEmpty()) {
          draining = false;
          return;
        }
        ArrayDeque<Object> taken = items;
        items = batch;
        batch = taken;
      }
      long done = 0;
      for (Object item; (item = batch.poll()) != null; ) {
        if (item instanceof Arrived a) {
          done += a.packet().size();
          write(a);
        } else {
          failed = false;
          runJob((Runnable) item);
        }
      }
      flush();
      synchronized (this) {
        bytes -= done;
        if (paused && bytes < LOW) {
          paused = false;
          loop.runOnContext(v -> caughtUp.run());
        }
      }
    }
  }

  private void write(Arrived a) {
    try {
      if (!failed) segments.write(a.packet(), a.atMs());
    } catch (IOException | RuntimeException e) {
      fail(e);
    } finally {
      a.packet().release();
    }
  }

  /** Skips what is queued behind a failed write until the recorder's next job, and tells it on its loop. */
  private void fail(Exception e) {
    failed = true;
    String why = String.valueOf(e.getMessage());
    loop.runOnContext(v -> writeFailed.accept(why));
  }

  private void flush() {
    if (failed) return;
    try {
      segments.flush();
    } catch (IOException e) {
      fail(e);
    }
  }

  private void runJob(Runnable job) {
    try {
      job.run();
    } catch (RuntimeException e) {
      log.error("[room {}] a recording job failed: {}", roomId, e.getMessage(), e);
    }
  }
}
