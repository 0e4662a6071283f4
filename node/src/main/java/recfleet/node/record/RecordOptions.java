package recfleet.node.record;

import java.nio.file.Path;
import java.time.Duration;

/** The [RECORD] section: where raw segments go, how long they are, how reconnects back off. */
public record RecordOptions(Path worksPath, Duration segmentLength, Duration reconnectMin,
                            Duration reconnectMax, Duration readTimeout, Duration sessionGap) {}
