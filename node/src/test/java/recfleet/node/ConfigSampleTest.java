package recfleet.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recfleet.common.config.ConfigException;
import recfleet.common.config.ConfigKey;
import recfleet.common.config.IniFile;
import recfleet.common.config.RecfleetConfig;

/**
 * config.ini.sample documents every key with its real default, and loads as it is; so does an
 * NGlive config.ini; an unknown key or RECFLEET_ variable stops the boot with its name.
 */
class ConfigSampleTest {
  private static final Path SAMPLE = Path.of("..", "config.ini.sample");

  /** Every key of NGlive's config.ini (NGWORKS/NGlive, master branch), with values as its users set them. */
  private static final String NGLIVE_CONFIG = """
      [BASIC]
      ; where NGlive finds BililiveRecorder's CLI, and the port of its GraphQL API
      RecorderPath = ./BililiveRecorder/BililiveRecorder.Cli.exe
      api_port = 8200
      ; BililiveRecorder's work folder
      works_path = %s
      ; where transcoded files go
      out_path = %s
      ; NGlive's own address and port: BililiveRecorder's webhook points at http://127.0.0.1:8100/webhook/
      NGhost = 127.0.0.1
      NGport = 8123
      ; a WebSocket server NGlive pushes its events to
      wspath = ws://127.0.0.1:9999/nglive/ws?token=3b1e903e-1a8c-8fa8-296e-dbd9bfcc2e38

      [TRANSCODE]
      model = CRF
      encoder = X264
      crf = 24
      cq = 24
      Bitrate = 5000
      bufsize = 2000
      preset = veryfast

      [COOKIES]
      ; cloud-drive cookies

      [FACTORY]
      ; flow control
      """;

  @TempDir
  Path dir;

  @Test
  void an_nglive_config_ini_starts_a_node_with_its_keys_mapped() throws Exception {
    Path file = dir.resolve("config.ini");
    Files.writeString(file, NGLIVE_CONFIG.formatted(dir.resolve("works"), dir.resolve("out")));
    NodeOptions options = NodeOptions.from(RecfleetConfig.load(NodeConfigKeys.all(), NodeConfigKeys.NGLIVE, file, Map.of()));
    assertEquals("127.0.0.1", options.httpHost(), "NGhost is http_host");
    assertEquals(8123, options.httpPort(), "NGport is http_port");
    assertEquals(dir.resolve("out").toAbsolutePath().normalize(), options.storage().place("local").folder().toAbsolutePath().normalize(),
        "out_path is output_dir");
    assertEquals(dir.resolve("works").toAbsolutePath().normalize(), options.worksPath().toAbsolutePath().normalize());
    assertEquals("CRF", options.transcode().mode().name());
    assertEquals(24, options.transcode().crf());
    assertEquals(5000, options.transcode().bitrateKbps(), "NGlive writes Bitrate with a capital B");
  }

  @Test
  void recfleets_own_spelling_wins_over_nglives() throws Exception {
    Path file = dir.resolve("config.ini");
    Files.writeString(file, "[BASIC]\nhttp_port = 8111\nNGport = 8123\n");
    RecfleetConfig c = RecfleetConfig.load(NodeConfigKeys.all(), NodeConfigKeys.NGLIVE, file, Map.of());
    assertEquals("8111", c.string("BASIC", "http_port"));
  }

  @Test
  void a_key_known_nowhere_still_stops_the_boot_with_its_name() throws Exception {
    Path file = dir.resolve("config.ini");
    Files.writeString(file, NGLIVE_CONFIG.formatted(dir, dir) + "\n[BASIC]\nNGprot = 8100\n");
    ConfigException e = assertThrows(ConfigException.class,
        () -> RecfleetConfig.load(NodeConfigKeys.all(), NodeConfigKeys.NGLIVE, file, Map.of()));
    assertTrue(e.getMessage().contains("[BASIC] ngprot"), e.getMessage());
  }

  @Test
  void a_misspelt_recfleet_variable_stops_the_boot_with_its_name() {
    ConfigException e = assertThrows(ConfigException.class, () -> RecfleetConfig.load(NodeConfigKeys.all(),
        NodeConfigKeys.NGLIVE, null, Map.of("RECFLEET_BASIC_HTTP_PROT", "8100", "PATH", "/usr/bin")));
    assertTrue(e.getMessage().contains("RECFLEET_BASIC_HTTP_PROT"), e.getMessage());
    assertFalse(e.getMessage().contains("PATH"), "only RECFLEET_ variables are judged: " + e.getMessage());
  }

  @Test
  void the_sample_documents_every_key_with_its_default() throws Exception {
    Map<String, Map<String, String>> sample = IniFile.parse(Files.readString(SAMPLE), SAMPLE.toString());
    List<ConfigKey> keys = NodeConfigKeys.all().stream().filter(k -> !k.isOpenSection()).toList();
    for (ConfigKey key : keys) {
      Map<String, String> section = sample.get(key.section());
      assertTrue(section != null && section.containsKey(key.key()), key.label() + " is missing from the sample");
      assertEquals(key.defaultValue(), section.get(key.key()), key.label() + " default differs from the sample");
    }
    int documented = sample.values().stream().mapToInt(Map::size).sum();
    assertEquals(keys.size(), documented, "the sample has keys the node does not know");
    NodeOptions.from(RecfleetConfig.load(NodeConfigKeys.all(), SAMPLE, Map.of()));
  }

  @Test
  void a_bad_value_stops_the_node_with_the_key_named() {
    ConfigException e = assertThrows(ConfigException.class, () -> NodeOptions.from(
        RecfleetConfig.load(NodeConfigKeys.all(), null, Map.of("RECFLEET_TRANSCODE_MODEL", "FAST"))));
    assertTrue(e.getMessage().startsWith("[TRANSCODE] model"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> NodeOptions.from(
        RecfleetConfig.load(NodeConfigKeys.all(), null, Map.of("RECFLEET_RECORD_BLACKLIST", "ok,../x"))));
    assertTrue(e.getMessage().startsWith("[RECORD] blacklist"), e.getMessage());
    // a rule may only send files to a storage the node has: webdav needs [WEBDAV] hostname
    e = assertThrows(ConfigException.class, () -> NodeOptions.from(RecfleetConfig.load(NodeConfigKeys.all(), null,
        Map.of("RECFLEET_RULES_VAULT", "match=^live/(.+)$; storage=webdav"))));
    assertTrue(e.getMessage().startsWith("[RULES] vault") && e.getMessage().contains("webdav needs [WEBDAV] hostname"),
        e.getMessage());
  }
}
