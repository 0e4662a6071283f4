package recfleet.node.upload;

/**
 * The [WEBDAV] section. {@code baseUrl} is scheme, host and port only; the credentials are kept
 * apart from it so no URL the node logs or shows can ever carry them.
 */
public record WebDavOptions(String baseUrl, String login, String password, String root, String coverDir) {
  @Override
  public String toString() {
    return "WebDavOptions[" + baseUrl + root + ", login=" + login + "]";
  }
}
