package recfleet.common;

/** Untrusted text made fit for a log line or an error message: printable ASCII, and short. */
public final class Printable {
  private Printable() {}

  public static String clip(String s, int max) {
    if (s == null) return "";
    String printable = s.replaceAll("[^\\x20-\\x7E]", "?");
    return printable.length() > max ? printable.substring(0, max) + "..." : printable;
  }
}
