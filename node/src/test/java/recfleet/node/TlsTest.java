package recfleet.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import recfleet.common.config.RecfleetConfig;
import recfleet.master.MasterConfigKeys;
import recfleet.master.MasterMain;
import recfleet.master.MasterOptions;
import recfleet.node.link.ReverseDialer;
import recfleet.common.testing.Poll;
import recfleet.node.testing.TestNode;

/**
 * HTTPS on the API and wss on a reverse link, with certificates made by openssl in the test: a
 * round trip over HTTPS; a node that trusts the master's certificate links; one that trusts another
 * CA refuses the master and never links.
 */
class TlsTest {
  private static final String TOKEN = "fleet-t0ken-of-the-tests";

  @TempDir
  Path dir;

  @Test
  void the_api_answers_over_https_and_not_over_plain_http() throws Exception {
    Path cert = certificate("api");
    try (TestNode node = TestNode.start(dir.resolve("node"), tls(cert))) {
      HttpResponse<String> r = client(cert).send(HttpRequest.newBuilder(
          URI.create("https://127.0.0.1:" + node.port() + "/api/rooms")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      assertEquals(0, new JsonObject(r.body()).getInteger("code"));
      assertThrows(Exception.class, () -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + node.port() + "/api/rooms")).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString()), "plain HTTP gets no answer from an HTTPS port");
    }
  }

  @Test
  void a_reverse_link_over_wss_verifies_the_masters_certificate() throws Exception {
    Path cert = certificate("master");
    Path other = certificate("other");
    MasterMain.Running master = MasterMain.start(MasterOptions.from(RecfleetConfig.load(MasterConfigKeys.ALL, null,
        Map.of("RECFLEET_MASTER_TOKEN", TOKEN, "RECFLEET_MASTER_HTTP_HOST", "127.0.0.1", "RECFLEET_MASTER_HTTP_PORT", "0",
            "RECFLEET_MASTER_DATA_DIR", dir.resolve("master").toString(),
            "RECFLEET_AUTH_TLS_CERT", cert.toString(), "RECFLEET_AUTH_TLS_KEY", key(cert).toString()))))
        .await(60, TimeUnit.SECONDS);
    Logger dialer = (Logger) LoggerFactory.getLogger(ReverseDialer.class);
    ListAppender<ILoggingEvent> seen = new ListAppender<>();
    seen.start();
    dialer.addAppender(seen);
    try {
      String url = "wss://127.0.0.1:" + master.port();
      // trusting another CA: the master's certificate is refused, and the node never links
      try (TestNode wrong = TestNode.start(dir.resolve("wrong"), link("node-wrong", url, other))) {
        Poll.until(Duration.ofSeconds(30), "the node refusing the master's certificate", () -> seen.list.stream()
            .anyMatch(e -> e.getFormattedMessage().contains("cannot reach the master")));
        assertTrue(nodes(master, cert).isEmpty(), "a node that refused the master is not linked");
      }
      // trusting the master's certificate: linked over wss
      try (TestNode node = TestNode.start(dir.resolve("node"), link("node-tls", url, cert))) {
        JsonArray linked = Poll.until(Duration.ofSeconds(30), "the node linked over wss", () -> {
          JsonArray n = nodes(master, cert);
          return n.isEmpty() ? null : n;
        });
        assertEquals("node-tls", linked.getJsonObject(0).getString("nodeId"));
      }
    } finally {
      dialer.detachAppender(seen);
      master.stop().await(30, TimeUnit.SECONDS);
    }
  }

  private static Map<String, String> link(String id, String url, Path ca) {
    return Map.of("RECFLEET_BASIC_NODE_ID", id, "RECFLEET_LINK_MODE", "reverse", "RECFLEET_LINK_MASTER_URL", url,
        "RECFLEET_LINK_TOKEN", TOKEN, "RECFLEET_LINK_CA_FILE", ca.toString());
  }

  private static Map<String, String> tls(Path cert) {
    return Map.of("RECFLEET_AUTH_TLS_CERT", cert.toString(), "RECFLEET_AUTH_TLS_KEY", key(cert).toString());
  }

  private static JsonArray nodes(MasterMain.Running master, Path cert) throws Exception {
    HttpResponse<String> r = client(cert).send(HttpRequest.newBuilder(
        URI.create("https://127.0.0.1:" + master.port() + "/api/nodes")).build(), HttpResponse.BodyHandlers.ofString());
    return new JsonObject(r.body()).getJsonArray("data");
  }

  /** A self-signed certificate for 127.0.0.1 and localhost, made by openssl; its key beside it. */
  private Path certificate(String name) throws Exception {
    Path cert = dir.resolve(name + ".pem");
    Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        "-keyout", key(cert).toString(), "-out", cert.toString(), "-subj", "/CN=localhost",
        "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), out);
    return cert;
  }

  private static Path key(Path cert) {
    return cert.resolveSibling(cert.getFileName().toString().replace(".pem", "-key.pem"));
  }

  private static HttpClient client(Path trusted) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (InputStream in = Files.newInputStream(trusted)) {
      store.setCertificateEntry("trusted", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }
}
