package recfleet.node.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Requests made with the real curl, the way users and DVR players fetch recordings. */
public final class Curl {
  /** {@code protocol} is the status line's first word: "HTTP/1.1", "HTTP/2". */
  public record Result(String protocol, int status, Map<String, String> headers, byte[] body) {}

  private Curl() {}

  /** {@code range} is curl's {@code -r} value ("0-99", "-500", "1000-") or null; {@code head} sends HEAD. */
  public static Result fetch(String url, String range, boolean head, Path scratch) throws IOException, InterruptedException {
    return fetch(url, range, head, scratch, new String[0]);
  }

  /** As {@link #fetch(String, String, boolean, Path)}, with more of curl's options ("--limit-rate", "12M"). */
  public static Result fetch(String url, String range, boolean head, Path scratch, String... options)
      throws IOException, InterruptedException {
    Path headers = Files.createTempFile(scratch, "h", ".txt");
    Path body = Files.createTempFile(scratch, "b", ".bin");
    // a relay that stops sending must fail the test, not hang it
    List<String> cmd = new ArrayList<>(List.of("curl", "-s", "-S", "-g", "--path-as-is", "-m", "120", "-D", headers.toString(),
        "-o", body.toString()));
    if (range != null) cmd.addAll(List.of("-r", range));
    if (head) cmd.add("-I");
    cmd.addAll(List.of(options));
    cmd.add(url);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("curl failed: " + out);
    List<String> lines = Files.readAllLines(headers);
    String[] statusLine = lines.get(0).split(" ");
    int status = Integer.parseInt(statusLine[1]);
    Map<String, String> map = new LinkedHashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      int colon = line.indexOf(':');
      if (colon > 0) map.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
    }
    return new Result(statusLine[0], status, map, Files.readAllBytes(body));
  }
}
