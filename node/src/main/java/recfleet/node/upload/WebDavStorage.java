package recfleet.node.upload;

import com.github.sardine.DavResource;
import com.github.sardine.impl.SardineImpl;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.http.client.HttpResponseException;
import recfleet.node.pipeline.StageUnhealthyException;

/**
 * The {@code webdav} target, through Sardine (one client, so connections are reused). Folders are
 * created on the way; a PUT streams from disk and is checked afterwards with PROPFIND; a file the
 * server already holds at the right size is not sent again. 401, 403 and 507 are final.
 */
public final class WebDavStorage implements StorageTarget {
  private final WebDavOptions options;
  private final SardineImpl sardine;
  private final Set<String> knownFolders = ConcurrentHashMap.newKeySet();

  public WebDavStorage(WebDavOptions options) {
    this.options = options;
    this.sardine = new SardineImpl(options.login(), options.password());
    this.sardine.enablePreemptiveAuthentication(URI.create(options.baseUrl()).getHost());
  }

  @Override
  public String name() {
    return "webdav";
  }

  @Override
  public void checkReady() throws StageUnhealthyException {
    // Nothing to check up front: the server may be down for a while, and each job retries.
  }

  @Override
  public long store(Path local, String remotePath, long expectedBytes, UploadProgress progress) throws Exception {
    String url = url(remotePath);
    Optional<Long> there = sizeOf(url);
    if (!Files.exists(local)) {
      if (there.isPresent() && there.get() == expectedBytes) return expectedBytes;
      throw new NoSuchFileException(local.getFileName().toString());
    }
    long size = Files.size(local);
    if (there.isPresent() && there.get() == size) return size; // stored before a crash: not twice
    ensureFolders(remotePath);
    guarded(() -> sardine.put(url, new FileUploadEntity(local, size, "video/mp4", progress), "video/mp4", true));
    long stored = sizeOf(url).orElseThrow(() -> new IOException("the server does not list " + remotePath + " after PUT"));
    if (stored != size) throw new IOException("the server holds " + stored + " bytes of " + remotePath + ", expected " + size);
    return stored;
  }

  @Override
  public void storeBytes(byte[] data, String remotePath) throws Exception {
    ensureFolders(remotePath);
    guarded(() -> sardine.put(url(remotePath), data, "image/jpeg"));
  }

  @Override
  public void delete(String remotePath) throws Exception {
    try {
      guarded(() -> sardine.delete(url(remotePath)));
    } catch (HttpResponseException e) {
      if (e.getStatusCode() != 404) throw e;
    }
  }

  /** DELETE on a collection removes its members too (RFC 4918, 9.6.1). */
  @Override
  public void deleteFolder(String remoteFolder) throws Exception {
    try {
      guarded(() -> sardine.delete(url(remoteFolder) + "/"));
    } catch (HttpResponseException e) {
      if (e.getStatusCode() != 404) throw e;
    }
    knownFolders.remove(url(remoteFolder) + "/");
  }

  @Override
  public Optional<Long> storedSize(String remotePath) throws IOException {
    return sizeOf(url(remotePath));
  }

  @Override
  public Optional<Path> localFile(String remotePath) {
    return Optional.empty();
  }

  /** Where a reader fetches the file, and the header that lets it: for the download proxy only. */
  public URI uri(String remotePath) {
    return URI.create(url(remotePath));
  }

  /** How long a download relayed from this server may move no byte before it is cut off. */
  public java.time.Duration downloadIdle() {
    return options.downloadIdle();
  }

  public String authorization() {
    String pair = options.login() + ":" + options.password();
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  private Optional<Long> sizeOf(String url) throws IOException {
    try {
      List<DavResource> found = sardine.list(url, 0);
      return found.isEmpty() ? Optional.empty() : Optional.ofNullable(found.get(0).getContentLength());
    } catch (HttpResponseException e) {
      if (e.getStatusCode() == 404) return Optional.empty();
      throw classify(e);
    }
  }

  /**
   * MKCOL for each folder of the path, the root's own included, that is not known to exist;
   * checked with PROPFIND depth 0.
   */
  private void ensureFolders(String remotePath) throws IOException {
    String[] parts = (options.root() + "/" + remotePath).split("/");
    StringBuilder folder = new StringBuilder(options.baseUrl());
    for (int i = 0; i < parts.length - 1; i++) {
      if (parts[i].isEmpty()) continue;
      folder.append('/').append(encode(parts[i]));
      String url = folder + "/";
      if (knownFolders.contains(url)) continue;
      try {
        sardine.list(url, 0);
      } catch (HttpResponseException e) {
        if (e.getStatusCode() != 404) throw classify(e);
        makeFolder(url);
      }
      knownFolders.add(url);
    }
  }

  /**
   * MKCOL, tolerating a folder another upload made at the same moment: servers answer that with
   * 405 (exists) or 423 (locked while being made), so the folder is looked up again, a few times.
   */
  private void makeFolder(String url) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        sardine.createDirectory(url);
        return;
      } catch (HttpResponseException mk) {
        if (exists(url)) return;
        if ((mk.getStatusCode() != 405 && mk.getStatusCode() != 423) || attempt >= 5) throw classify(mk);
        java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L * attempt); // a worker thread: let the other MKCOL finish
      }
    }
  }

  private boolean exists(String folderUrl) throws IOException {
    try {
      sardine.list(folderUrl, 0);
      return true;
    } catch (HttpResponseException e) {
      if (e.getStatusCode() == 404) return false;
      throw classify(e);
    }
  }

  private String url(String remotePath) {
    StringBuilder url = new StringBuilder(options.baseUrl());
    for (String part : (options.root() + "/" + remotePath).split("/")) {
      if (!part.isEmpty()) url.append('/').append(encode(part));
    }
    return url.toString();
  }

  private static String encode(String part) {
    return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private interface DavCall {
    void run() throws IOException;
  }

  private static void guarded(DavCall call) throws IOException {
    try {
      call.run();
    } catch (HttpResponseException e) {
      throw classify(e);
    }
  }

  private static IOException classify(HttpResponseException e) {
    int status = e.getStatusCode();
    if (status == 401 || status == 403 || status == 507) return new FinalStorageException(FinalStorageException.describe(status));
    return e;
  }
}
