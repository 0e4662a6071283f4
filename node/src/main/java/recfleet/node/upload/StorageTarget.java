package recfleet.node.upload;

import java.nio.file.Path;
import recfleet.node.pipeline.StageUnhealthyException;
import recfleet.node.writer.HlsFolder;

/**
 * Where finished recordings go. Remote paths are {@code <room>/<file>}, decided by the recording
 * alone, so storing the same file twice lands in the same place.
 */
public interface StorageTarget {
  String name();

  /** Throws when the target cannot take files at all (not for one bad file). */
  void checkReady() throws StageUnhealthyException;

  /**
   * Stores {@code local} at {@code remotePath} and returns the size the target reports for it.
   * If {@code local} is gone but the target already holds {@code expectedBytes} there (a crash
   * after an earlier store), that counts as stored.
   */
  long store(Path local, String remotePath, long expectedBytes, UploadProgress progress) throws Exception;

  /** Stores a small file made here (a cover) at {@code remotePath}, replacing what was there. */
  void storeBytes(byte[] data, String remotePath) throws Exception;

  /** Removes a stored file; one that is already gone is not an error. */
  void delete(String remotePath) throws Exception;

  /** Removes a stored folder and the files in it; one that is already gone is not an error. */
  void deleteFolder(String remoteFolder) throws Exception;

  /** Removes a stored recording: its file, or for HLS the folder of its playlist, init and segments. */
  default void deleteRecording(String storedPath) throws Exception {
    if (HlsFolder.isPlaylist(storedPath)) {
      deleteFolder(HlsFolder.folderOf(storedPath));
    } else {
      delete(storedPath);
    }
  }

  /** The size of what the target holds at {@code remotePath}, if it holds anything there. */
  java.util.Optional<Long> storedSize(String remotePath) throws Exception;

  /** The file on this machine's disk, when the target is a folder here. */
  java.util.Optional<Path> localFile(String remotePath);
}
