package recfleet.node.upload;

import recfleet.node.writer.HlsFolder;

/**
 * Where a recording's output goes in the storage: {@code <room>/<file>} (its path under works_path),
 * or where a path rule put it ({@code targetPath}, without extension) with the output's extension;
 * an HLS recording's playlist goes into a folder of that name. Decided by the recording alone, so a
 * repeated upload lands in the same place.
 */
public final class RemotePaths {
  private RemotePaths() {}

  public static String of(String outputPath, String targetPath) {
    if (targetPath == null) return outputPath;
    String file = outputPath.substring(outputPath.lastIndexOf('/') + 1);
    if (HlsFolder.isPlaylist(outputPath)) {
      return targetPath + "/" + targetPath.substring(targetPath.lastIndexOf('/') + 1) + ".m3u8";
    }
    int dot = file.indexOf('.');
    return targetPath + (dot < 0 ? "" : file.substring(dot));
  }
}
