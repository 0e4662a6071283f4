package recfleet.node.api;

import java.nio.file.Path;
import java.time.Duration;
import recfleet.common.auth.AuthOptions;

/**
 * How the node's HTTP port is served: where it listens, who may use it, the works folder that
 * disk figures are read from, and how live covers are taken.
 */
public record ApiOptions(String host, int port, AuthOptions auth, Path disk, Duration liveCoverCache,
                         Duration readTimeout) {}
