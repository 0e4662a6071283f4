package recfleet.node.upload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import recfleet.node.writer.HlsFolder;

/**
 * Stores an HLS recording file by file into a folder of the target: init.mp4 and the segments first,
 * each checked for size, the playlist last, so a target that holds the playlist holds everything it
 * lists. Run again after a crash, a file an earlier run already moved counts once the target shows
 * it. Blocking.
 */
final class HlsUpload {
  private HlsUpload() {}

  /** Returns the bytes the target holds for the recording (playlist included). */
  static long store(StorageTarget target, Path playlist, String remotePlaylist, long expectedBytes,
                    UploadProgress progress) throws Exception {
    if (!Files.exists(playlist)) {
      if (target.storedSize(remotePlaylist).isPresent()) return expectedBytes; // stored whole before a crash
      throw new NoSuchFileException(playlist.getFileName().toString());
    }
    String folder = HlsFolder.folderOf(remotePlaylist);
    long total = 0;
    for (String name : HlsFolder.listed(playlist)) {
      total += storeOne(target, playlist.resolveSibling(name), folder + "/" + name, total, expectedBytes, progress);
    }
    return total + storeOne(target, playlist, remotePlaylist, total, expectedBytes, progress);
  }

  private static long storeOne(StorageTarget target, Path local, String remote, long before, long expectedBytes,
                               UploadProgress progress) throws Exception {
    if (!Files.exists(local)) {
      return target.storedSize(remote).orElseThrow(() -> new NoSuchFileException(local.getFileName().toString()));
    }
    long size = Files.size(local);
    long stored = target.store(local, remote, size, (sent, ignored) -> progress.sent(before + sent, expectedBytes));
    if (stored != size) throw new IOException("the target holds " + stored + " bytes of " + remote + ", expected " + size);
    return stored;
  }
}
