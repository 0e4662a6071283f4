package recfleet.node.upload;

/** Told how many bytes of an upload have been sent; called from the uploading thread. */
@FunctionalInterface
public interface UploadProgress {
  void sent(long bytes, long total);

  UploadProgress NONE = (bytes, total) -> { };
}
