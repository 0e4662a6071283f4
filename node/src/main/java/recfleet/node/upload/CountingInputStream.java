package recfleet.node.upload;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reports the bytes read through it, so an upload streamed from disk can show its progress. */
final class CountingInputStream extends FilterInputStream {
  private final UploadProgress progress;
  private final long total;
  private long count;

  CountingInputStream(InputStream in, long total, UploadProgress progress) {
    super(in);
    this.total = total;
    this.progress = progress;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) progress.sent(++count, total);
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n = super.read(buf, off, len);
    if (n > 0) {
      count += n;
      progress.sent(count, total);
    }
    return n;
  }
}
