package recfleet.node.testing;

import java.time.Clock;
import static recfleet.node.store.schema.Tables.JOB;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;
import recfleet.node.store.NodeDatabase;
import recfleet.node.store.Recording;
import recfleet.node.store.RecordingStore;
import recfleet.node.media.Packet;
import recfleet.node.writer.HlsFolder;
import recfleet.node.writer.HlsWriter;
import recfleet.node.writer.RecordFormat;

/**
 * Puts a recorded file into a node's works folder and database the way the record stage does
 * (a recording row, then its transcode job), for a node that starts afterwards. The job is held
 * back a little so a WebSocket subscriber can connect before the work starts.
 */
public final class Seed {
  private Seed() {}

  public static String recording(Path nodeDir, String room, Path file, Duration holdBack) throws IOException {
    return recording(nodeDir, room, file, holdBack, OffsetDateTime.now());
  }

  /** As above, for a recording that started at {@code startedAt} (to age it). */
  public static String recording(Path nodeDir, String room, Path file, Duration holdBack, OffsetDateTime startedAt)
      throws IOException {
    return seeded(nodeDir, room, RecordFormat.FLV, holdBack, startedAt, works -> Files.copy(file, works));
  }

  /** An FLV file's packets written as the HLS recorder writes them: a folder with playlist, init and segments. */
  public static String hlsRecording(Path nodeDir, String room, Path flv, Duration holdBack) throws IOException {
    return seeded(nodeDir, room, RecordFormat.HLS, holdBack, OffsetDateTime.now(), playlist -> {
      try (HlsWriter writer = new HlsWriter(playlist, RecordFormat.HLS_SEGMENT_MILLIS, 500)) {
        for (Packet p : FlvPackets.read(flv)) writer.write(p);
      }
    });
  }

  private interface Placer {
    void place(Path works) throws IOException;
  }

  private static String seeded(Path nodeDir, String room, RecordFormat format, Duration holdBack,
                               OffsetDateTime startedAt, Placer placer) throws IOException {
    String id = UUID.randomUUID().toString();
    String base = room + "-" + id.substring(0, 8);
    String rel = room + "/" + format.fileName(base);
    Path works = nodeDir.resolve("works").resolve(rel);
    Files.createDirectories(works.getParent());
    placer.place(works);
    try (NodeDatabase db = NodeDatabase.open(nodeDir.resolve("data"))) {
      var recordings = new RecordingStore(db, Clock.systemUTC());
      recordings.insertOpening(Recording.opening(id, room, UUID.randomUUID().toString(), 1, base, rel, startedAt,
          null, null), null);
      recordings.closeAndEnqueue(id, HlsFolder.sizeOf(works), null, OffsetDateTime.now());
      db.dsl().update(JOB).set(JOB.NEXT_TRY_AT, OffsetDateTime.now().plus(holdBack))
          .where(JOB.RECORDING_ID.eq(id)).execute();
    }
    return id;
  }
}
