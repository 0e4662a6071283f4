package recfleet.node.upload;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import recfleet.node.pipeline.StageUnhealthyException;

/**
 * The {@code local} target: a folder. On the same file system a store is one atomic rename;
 * across file systems it copies to {@code .part}, renames, checks the size, and only then
 * removes the source.
 */
public final class LocalStorage implements StorageTarget {
  private final Path root;

  public LocalStorage(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public String name() {
    return "local";
  }

  @Override
  public void checkReady() throws StageUnhealthyException {
    try {
      Files.createDirectories(root);
      Path probe = Files.createTempFile(root, ".probe", ".tmp");
      Files.delete(probe);
    } catch (FileAlreadyExistsException e) {
      throw new StageUnhealthyException("output_dir " + root + " is not a folder");
    } catch (IOException e) {
      throw new StageUnhealthyException("output_dir " + root + " is not writable: " + e.getMessage());
    }
  }

  public Path resolve(String remotePath) {
    Path dest = root.resolve(remotePath).normalize();
    if (!dest.startsWith(root)) throw new IllegalArgumentException("path escapes the storage root: " + remotePath);
    return dest;
  }

  @Override
  public long store(Path local, String remotePath, long expectedBytes, UploadProgress progress) throws Exception {
    Path dest = resolve(remotePath);
    if (!Files.exists(local)) {
      if (Files.exists(dest) && Files.size(dest) == expectedBytes) return expectedBytes;
      throw new NoSuchFileException(local.getFileName().toString());
    }
    Files.createDirectories(dest.getParent());
    try {
      Files.move(local, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return Files.size(dest);
    } catch (AtomicMoveNotSupportedException crossDevice) {
      Path part = dest.resolveSibling(dest.getFileName() + ".part");
      Files.copy(local, part, StandardCopyOption.REPLACE_EXISTING);
      Files.move(part, dest, StandardCopyOption.REPLACE_EXISTING);
      long stored = Files.size(dest);
      if (stored != Files.size(local)) throw new IOException("size check failed after copy to " + remotePath);
      Files.delete(local);
      return stored;
    }
  }

  @Override
  public void storeBytes(byte[] data, String remotePath) throws IOException {
    Path dest = resolve(remotePath);
    Files.createDirectories(dest.getParent());
    Path part = dest.resolveSibling(dest.getFileName() + ".part");
    Files.write(part, data);
    Files.move(part, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public void delete(String remotePath) throws IOException {
    Files.deleteIfExists(resolve(remotePath));
  }

  @Override
  public void deleteFolder(String remoteFolder) throws IOException {
    Path folder = resolve(remoteFolder);
    if (folder.equals(root) || !Files.isDirectory(folder)) return;
    try (java.util.stream.Stream<Path> files = Files.list(folder)) {
      for (Path f : files.toList()) Files.deleteIfExists(f);
    }
    Files.deleteIfExists(folder);
  }

  @Override
  public java.util.Optional<Long> storedSize(String remotePath) throws IOException {
    Path file = resolve(remotePath);
    return Files.isRegularFile(file) ? java.util.Optional.of(Files.size(file)) : java.util.Optional.empty();
  }

  @Override
  public java.util.Optional<Path> localFile(String remotePath) {
    Path file = resolve(remotePath);
    return Files.isRegularFile(file) ? java.util.Optional.of(file) : java.util.Optional.empty();
  }
}
