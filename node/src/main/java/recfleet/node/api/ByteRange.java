package recfleet.node.api;

/**
 * One byte range of a file of known size, from an HTTP {@code Range} header: {@code bytes=a-b},
 * {@code bytes=a-} (open-ended) or {@code bytes=-n} (the last n bytes). Several ranges in one
 * header are answered with the whole file, which HTTP allows; {@link RangeRequest} decides whether
 * the header counts at all.
 */
record ByteRange(long start, long end) {
  /** The whole file, no range asked. */
  static final ByteRange WHOLE = new ByteRange(-1, -1);
  /** A range that lies outside the file: answer 416. */
  static final ByteRange UNSATISFIABLE = new ByteRange(-2, -2);

  long length() {
    return end - start + 1;
  }

  boolean isPartial() {
    return start >= 0;
  }

  static ByteRange parse(String header, long size) {
    if (header == null || header.isBlank()) return WHOLE;
    String h = header.strip();
    if (!h.startsWith("bytes=") || h.contains(",")) return WHOLE;
    String spec = h.substring(6).strip();
    int dash = spec.indexOf('-');
    if (dash < 0) return UNSATISFIABLE;
    try {
      String a = spec.substring(0, dash).strip();
      String b = spec.substring(dash + 1).strip();
      if (a.isEmpty()) {
        long suffix = Long.parseLong(b);
        if (suffix <= 0 || size == 0) return UNSATISFIABLE;
        return new ByteRange(Math.max(0, size - suffix), size - 1);
      }
      long start = Long.parseLong(a);
      long end = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
      if (start < 0 || start >= size || end < start) return UNSATISFIABLE;
      return new ByteRange(start, end);
    } catch (NumberFormatException e) {
      return UNSATISFIABLE;
    }
  }
}
