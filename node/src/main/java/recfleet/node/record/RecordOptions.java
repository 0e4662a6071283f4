package recfleet.node.record;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import recfleet.common.source.SourcePolicy;

/**
 * The [RECORD] section: where raw segments go, how long they are, how reconnects back off, and the
 * time zone of file names (events and timestamps use it too), and what a source may be.
 */
public record RecordOptions(Path worksPath, Duration segmentLength, Duration reconnectMin,
                            Duration reconnectMax, Duration readTimeout, Duration sessionGap, ZoneId zone,
                            SourcePolicy sources) {}
