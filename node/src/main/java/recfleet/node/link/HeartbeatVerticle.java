package recfleet.node.link;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import recfleet.common.event.EventType;
import recfleet.common.link.NodeHeartbeat;
import recfleet.node.notify.NodeEvents;
import recfleet.node.record.RecordingBoard;

/**
 * The node's figures every few seconds as a {@code heartbeat} event for its subscribers. A master
 * (embedded or standalone) hears the node through {@link MasterLinkAgent}.
 */
public final class HeartbeatVerticle extends VerticleBase {
  private final String nodeId;
  private final String httpAddress;
  private final Duration every;
  private final int capacity;
  private final Path disk;
  private final RecordingBoard board;
  private final NodeEvents events;
  private long seq;
  private long timerId;

  public HeartbeatVerticle(String nodeId, String httpAddress, Duration every, int capacity, Path disk,
                           RecordingBoard board, NodeEvents events) {
    this.nodeId = nodeId;
    this.httpAddress = httpAddress;
    this.every = every;
    this.capacity = capacity;
    this.disk = disk;
    this.board = board;
    this.events = events;
  }

  @Override
  public Future<?> start() {
    timerId = vertx.setPeriodic(1, every.toMillis(), id -> beat());
    return Future.succeededFuture();
  }

  private void beat() {
    vertx.executeBlocking(() -> SystemFigures.sample(disk), false).onSuccess(s -> {
      var hb = new NodeHeartbeat(nodeId, httpAddress, ++seq, System.currentTimeMillis(), s.cpuLoad(),
          s.heapUsedBytes(), s.heapMaxBytes(), s.diskFreeBytes(), board.activeRecordings(), -1, capacity, List.of());
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("CpuLoad", s.cpuLoad());
      data.put("ProcessCpuLoad", s.processCpuLoad());
      data.put("HeapUsedBytes", s.heapUsedBytes());
      data.put("HeapMaxBytes", s.heapMaxBytes());
      data.put("DiskFreeBytes", s.diskFreeBytes());
      data.put("ActiveRecordings", hb.activeRecordings());
      data.put("Capacity", capacity);
      events.publish(EventType.heartbeat, data);
    });
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timerId);
    return Future.succeededFuture();
  }
}
