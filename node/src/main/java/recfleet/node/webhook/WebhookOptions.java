package recfleet.node.webhook;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The [WEBHOOK] section: where each sender's files may come from, the optional shared secret per
 * sender, how long a file must have stopped changing (and how long it may keep changing before
 * that is an error), whether an ingested file is deleted once its MP4 is verified, and the
 * addresses (or CIDRs) senders may call from (any, when empty).
 */
public record WebhookOptions(Path bililiveWorksPath, List<Path> srsRoots, List<Path> zlmRoots,
                             String bililiveSecret, String srsSecret, String zlmSecret,
                             Duration settleTime, Duration settleTimeout, boolean deleteSource, int maxBodyBytes,
                             List<String> allowedSenders) {}
