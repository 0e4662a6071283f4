package recfleet.node.testing;

import recfleet.common.testing.EventClient;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Who wrote which room when, from two independent sources: the raw segment files each node left
 * (opened at the time in the file name, for as long as ffprobe says they last) and the events the
 * master relayed (FileOpening's open time to FileClosed's last write). Two nodes writing one room
 * at the same moment shows up as overlapping spans.
 */
public final class WriterTimeline {
  private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

  public record Span(String nodeId, String roomId, Instant from, Instant to, String what) {
    boolean overlaps(Span o) {
      return from.isBefore(o.to) && o.from.isBefore(to);
    }
  }

  private WriterTimeline() {}

  /** Spans from every raw FLV under each node's works folder, for the given rooms. */
  public static List<Span> fromFiles(Map<String, Path> worksByNode, List<String> rooms) throws Exception {
    List<Span> out = new ArrayList<>();
    for (var node : worksByNode.entrySet()) {
      for (String room : rooms) {
        Path folder = node.getValue().resolve(room);
        if (!Files.isDirectory(folder)) continue;
        List<Path> flvs;
        try (Stream<Path> files = Files.list(folder)) {
          flvs = files.filter(f -> f.getFileName().toString().endsWith(".flv")).toList();
        }
        for (Path flv : flvs) {
          if (Files.size(flv) == 0) continue; // killed before its first write: it holds no media, no span
          String name = flv.getFileName().toString();
          String stamp = name.substring(room.length() + 1, name.length() - ".flv".length());
          Instant from = LocalDateTime.parse(stamp, FILE_TIME).atOffset(java.time.ZoneOffset.UTC).toInstant();
          double seconds = probeSeconds(flv);
          out.add(new Span(node.getKey(), room, from, from.plusMillis((long) (seconds * 1000)), name));
        }
      }
    }
    return out;
  }

  /**
   * Spans from FileOpening/FileClosed events. A segment never closed runs to {@code openUntil},
   * or to the moment its node was killed ({@code killed}): a SIGKILLed node closes nothing.
   */
  public static List<Span> fromEvents(List<JsonObject> events, List<String> rooms, Instant openUntil,
                                      Map<String, Instant> killed) {
    Map<String, Span> byRecording = new HashMap<>();
    for (JsonObject e : events) {
      JsonObject d = EventClient.data(e);
      String room = d.getString("RoomId");
      if (room == null || !rooms.contains(room)) continue;
      String rec = d.getString("RecordingId");
      if ("FileOpening".equals(EventClient.type(e))) {
        Instant from = OffsetDateTime.parse(d.getString("FileOpenTime")).toInstant();
        String node = e.getString("NodeId");
        byRecording.put(rec, new Span(node, room, from, killed.getOrDefault(node, openUntil), rec));
      } else if ("FileClosed".equals(EventClient.type(e)) && byRecording.containsKey(rec)) {
        Span open = byRecording.get(rec);
        Instant to = OffsetDateTime.parse(d.getString("LastWriteTime")).toInstant();
        byRecording.put(rec, new Span(open.nodeId(), room, open.from(), to, rec));
      }
    }
    return new ArrayList<>(byRecording.values());
  }

  /** Every pair of spans of one room written by two different nodes at once. */
  public static List<String> overlaps(List<Span> spans) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < spans.size(); i++) {
      for (int j = i + 1; j < spans.size(); j++) {
        Span a = spans.get(i);
        Span b = spans.get(j);
        if (a.roomId().equals(b.roomId()) && !a.nodeId().equals(b.nodeId()) && a.overlaps(b)) {
          out.add(a + " overlaps " + b);
        }
      }
    }
    return out;
  }

  /** How much of [from, to] no node wrote of {@code room}: the room-seconds lost. */
  public static java.time.Duration unwritten(List<Span> spans, String room, Instant from, Instant to) {
    List<Span> ofRoom = spans.stream().filter(s -> s.roomId().equals(room))
        .sorted(java.util.Comparator.comparing(Span::from)).toList();
    java.time.Duration lost = java.time.Duration.ZERO;
    Instant covered = from;
    for (Span s : ofRoom) {
      if (!s.to().isAfter(covered)) continue;
      if (s.from().isAfter(covered)) {
        Instant gapEnd = s.from().isBefore(to) ? s.from() : to;
        if (gapEnd.isAfter(covered)) lost = lost.plus(java.time.Duration.between(covered, gapEnd));
      }
      if (s.to().isAfter(covered)) covered = s.to();
      if (!covered.isBefore(to)) return lost;
    }
    return lost.plus(java.time.Duration.between(covered, to));
  }

  private static double probeSeconds(Path file) throws IOException, InterruptedException {
    return Ffmpeg.probe(file).durationSeconds();
  }
}
