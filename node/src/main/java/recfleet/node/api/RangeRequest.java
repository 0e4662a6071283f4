package recfleet.node.api;

import io.vertx.core.http.HttpServerRequest;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * What a download request asks of the file's bytes, by RFC 9110: {@code Range} (section 14.2),
 * honoured only while {@code If-Range} (13.1.5) still matches the file. A stale If-Range, or a
 * request for several ranges, gets the whole file with a 200, which the RFC allows and which no
 * client can take for part of a changed file.
 */
record RangeRequest(String range, String ifRange) {
  static RangeRequest of(HttpServerRequest request) {
    String range = request.getHeader("Range");
    // several ranges: answered with the whole file (a 200), so they are not passed to a server either
    if (range != null && range.contains(",")) range = null;
    return new RangeRequest(range, range == null ? null : request.getHeader("If-Range"));
  }

  /** The bytes to send of a file with these validators. */
  ByteRange resolve(long size, String etag, Instant lastModified) {
    if (range == null) return ByteRange.WHOLE;
    if (ifRange != null && !ifRangeMatches(etag, lastModified)) return ByteRange.WHOLE;
    return ByteRange.parse(range, size);
  }

  /**
   * An entity tag must match strongly (a weak one never does); a date must equal the file's
   * Last-Modified exactly. Anything else, or a date that cannot be read, does not match.
   */
  boolean ifRangeMatches(String etag, Instant lastModified) {
    String v = ifRange.strip();
    if (v.startsWith("W/")) return false;
    if (v.startsWith("\"")) return etag != null && !etag.startsWith("W/") && v.equals(etag);
    try {
      Instant date = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return lastModified != null && date.getEpochSecond() == lastModified.getEpochSecond();
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /** A strong entity tag for a file on disk: it changes whenever its size or modification time does. */
  static String etagOf(long size, Instant modified) {
    return "\"" + Long.toHexString(size) + "-" + Long.toHexString(modified.toEpochMilli()) + "\"";
  }
}
