package recfleet.node.record;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import recfleet.common.source.SourcePolicy;
import recfleet.node.writer.RecordFormat;
import recfleet.node.writer.SplitRule;

/**
 * The [RECORD] section: where raw segments go, when they are cut, how reconnects back off, the
 * time zone of file names (events and timestamps use it too), what a source may be, whether RTMP
 * and HTTP-FLV are read by the Java ingest, how much of each room the GOP ring keeps, and the
 * format copied sources are written in (with fMP4's part length), how RTSP carries media, and
 * whether the room writes continuously or only while a capture asks ({@code onDemand}; a room's own
 * option, the node's default is continuous), and where a path rule puts its files in the storage
 * ({@code pathTemplate}; null: {@code <room>/<file>}) and in which storage ({@code storage}, local or
 * webdav: the node's [UPLOAD] target unless the room names another).
 */
public record RecordOptions(Path worksPath, SplitRule split, Duration reconnectMin,
                            Duration reconnectMax, Duration readTimeout, Duration sessionGap, ZoneId zone,
                            SourcePolicy sources, boolean javaIngest, Duration ring, long ringMaxBytes,
                            RecordFormat format, Duration part, String rtspTransport, boolean onDemand,
                            String pathTemplate, String storage) {
  /** The same options with a room's own options.record: split rule, format, mode, path template and storage. */
  public RecordOptions with(SplitRule otherSplit, RecordFormat otherFormat, boolean otherOnDemand,
                            String otherPathTemplate, String otherStorage) {
    return new RecordOptions(worksPath, otherSplit, reconnectMin, reconnectMax, readTimeout, sessionGap, zone, sources,
        javaIngest, ring, ringMaxBytes, otherFormat, part, rtspTransport, otherOnDemand, otherPathTemplate, otherStorage);
  }
}
