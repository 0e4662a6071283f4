package recfleet.node.writer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * An HLS recording on disk: its playlist, in a folder of its own that holds only init.mp4 and the
 * segments (HlsRepair removes a torn one). So the recording's size is the folder's, and storing or
 * deleting it is done file by file, the playlist last when storing.
 */
public final class HlsFolder {
  private static final java.util.regex.Pattern MAP = java.util.regex.Pattern.compile("#EXT-X-MAP:URI=\"([^\"]*)\".*");
  private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("init\\.mp4|seg-\\d{5,9}\\.m4s");

  private HlsFolder() {}

  /** Whether a recording's file (raw, output or stored path) is an HLS playlist. */
  public static boolean isPlaylist(String path) {
    return path.endsWith(".m3u8");
  }

  public static boolean isPlaylist(Path file) {
    return isPlaylist(file.getFileName().toString());
  }

  /** The recording's bytes on disk: the whole folder for a playlist, the file otherwise; 0 when gone. */
  public static long sizeOf(Path recording) throws IOException {
    if (!Files.exists(recording)) return 0;
    if (!isPlaylist(recording)) return Files.size(recording);
    long total = Files.size(recording);
    for (Path f : media(recording)) total += Files.size(f);
    return total;
  }

  /** The folder's files other than the playlist, in name order (init.mp4 before seg-00001.m4s). */
  public static List<Path> media(Path playlist) throws IOException {
    try (Stream<Path> files = Files.list(playlist.getParent())) {
      return files.filter(Files::isRegularFile)
          .filter(f -> !f.equals(playlist) && !f.getFileName().toString().endsWith(".tmp"))
          .sorted().toList();
    }
  }

  /** Deletes the recording: for a playlist, its folder and everything in it; gone already is fine. */
  public static void delete(Path recording) throws IOException {
    if (!isPlaylist(recording)) {
      Files.deleteIfExists(recording);
      return;
    }
    Path folder = recording.getParent();
    if (!Files.isDirectory(folder)) return;
    try (Stream<Path> files = Files.list(folder)) {
      for (Path f : files.toList()) Files.deleteIfExists(f);
    }
    Files.deleteIfExists(folder);
  }

  /**
   * The files a playlist refers to, init.mp4 first, then its segments in order. Only bare names this
   * writer makes are accepted, so a damaged or altered playlist cannot point outside its folder.
   */
  public static List<String> listed(Path playlist) throws IOException {
    List<String> names = new java.util.ArrayList<>();
    for (String line : Files.readAllLines(playlist, java.nio.charset.StandardCharsets.UTF_8)) {
      java.util.regex.Matcher map = MAP.matcher(line);
      String name = map.matches() ? map.group(1) : line.startsWith("#") ? null : line.strip();
      if (name == null || name.isEmpty()) continue;
      if (!NAME.matcher(name).matches()) throw new IOException(playlist.getFileName() + " lists a file this node did not write: " + name);
      names.add(name);
    }
    return names;
  }

  /** Whether a bare name is one of the files an HLS recording holds besides its playlist. */
  public static boolean isMediaName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /** The folder part of a relative path ({@code room/base/base.m3u8} gives {@code room/base}). */
  public static String folderOf(String relativePath) {
    int slash = relativePath.lastIndexOf('/');
    return slash < 0 ? "" : relativePath.substring(0, slash);
  }
}
