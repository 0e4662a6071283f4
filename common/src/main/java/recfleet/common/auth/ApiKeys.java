package recfleet.common.auth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.AuthenticationProvider;
import io.vertx.ext.auth.authentication.Credentials;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.authorization.RoleBasedAuthorization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Checks a presented key against the configured ones, each in constant time (digests of equal
 * length compared with {@link MessageDigest#isEqual}), and makes the user its name and role: an
 * admin holds the viewer role too. The failure says nothing about which key or why.
 */
public final class ApiKeys implements AuthenticationProvider {
  static final String PROVIDER = "recfleet-api-keys";
  private final List<ApiKey> keys;
  private final List<byte[]> digests;

  public ApiKeys(List<ApiKey> keys) {
    this.keys = keys;
    this.digests = keys.stream().map(k -> digest(k.secret())).toList();
  }

  @Override
  public Future<User> authenticate(Credentials credentials) {
    if (!(credentials instanceof TokenCredentials token) || token.getToken() == null) {
      return Future.failedFuture("no API key");
    }
    byte[] presented = digest(token.getToken());
    ApiKey found = null;
    for (int i = 0; i < keys.size(); i++) {
      if (MessageDigest.isEqual(presented, digests.get(i)) && found == null) found = keys.get(i); // no early exit
    }
    if (found == null) return Future.failedFuture("wrong API key");
    User user = User.create(new JsonObject().put("name", found.name()).put("role", found.role().id()));
    if (found.role() == ApiKey.Role.ADMIN) {
      user.authorizations().put(PROVIDER, RoleBasedAuthorization.create(ApiKey.Role.ADMIN.id()),
          RoleBasedAuthorization.create(ApiKey.Role.VIEWER.id()));
    } else {
      user.authorizations().put(PROVIDER, RoleBasedAuthorization.create(ApiKey.Role.VIEWER.id()));
    }
    return Future.succeededFuture(user);
  }

  private static byte[] digest(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
