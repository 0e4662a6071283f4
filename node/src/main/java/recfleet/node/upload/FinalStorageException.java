package recfleet.node.upload;

import java.io.IOException;

/**
 * The storage refused in a way retrying cannot fix: 401 or 403 (credentials or rights) or 507
 * (the drive is full). The job ends with an UpError that says which.
 */
public final class FinalStorageException extends IOException {
  public FinalStorageException(String message) {
    super(message);
  }

  static String describe(int status) {
    return switch (status) {
      case 401 -> "401 Unauthorized: the WebDAV login or password is wrong";
      case 403 -> "403 Forbidden: the WebDAV account may not write there";
      case 507 -> "507 Insufficient Storage: the WebDAV drive is full";
      default -> status + " from the WebDAV server";
    };
  }
}
