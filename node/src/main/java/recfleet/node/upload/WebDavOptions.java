package recfleet.node.upload;

/**
 * The [WEBDAV] section. {@code baseUrl} is scheme, host and port only; the credentials are kept
 * apart from it so no URL the node logs or shows can ever carry them. {@code downloadIdle}: how
 * long a download relayed from the server may move no byte before it is cut off.
 */
public record WebDavOptions(String baseUrl, String login, String password, String root, String coverDir,
                            java.time.Duration downloadIdle) {
  @Override
  public String toString() {
    return "WebDavOptions[" + baseUrl + root + ", login=" + login + "]";
  }
}
