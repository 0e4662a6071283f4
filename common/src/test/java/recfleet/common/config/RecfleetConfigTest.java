package recfleet.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecfleetConfigTest {
  private static final List<ConfigKey> KEYS = List.of(
      new ConfigKey("BASIC", "http_port", "8100", "port"),
      new ConfigKey("BASIC", "node_id", "node-1", "name"),
      new ConfigKey("TRANSCODE", "model", "COPY", "mode"),
      new ConfigKey("WEBDAV", "password", "", "secret"));

  @TempDir
  Path dir;

  @Test
  void defaults_then_file_then_environment_win_in_that_order() throws Exception {
    Path file = dir.resolve("config.ini");
    Files.writeString(file, """
        ; a comment
        [basic]
        HTTP_PORT = 8200
        node_id = "from-file"
        """);
    RecfleetConfig c = RecfleetConfig.load(KEYS, file, Map.of("RECFLEET_BASIC_HTTP_PORT", "8300"));
    assertEquals(8300, c.integer("BASIC", "http_port", 1, 65535));
    assertEquals("from-file", c.string("BASIC", "node_id"));
    assertEquals("COPY", c.string("TRANSCODE", "model"));
  }

  @Test
  void an_open_section_takes_names_the_user_chooses_from_the_file_and_the_environment() throws Exception {
    List<ConfigKey> keys = new java.util.ArrayList<>(KEYS);
    keys.add(ConfigKey.openSection("CAMERAS", "camera id = source"));
    keys.add(new ConfigKey("CAMERAS", "max_task_seconds", "3600", "how long a task runs"));
    Path file = dir.resolve("config.ini");
    Files.writeString(file, "[CAMERAS]\nGate = rtsp://a/1\nyard = rtsp://a/2\nmax_task_seconds = 60\n[BASIC]\nhttp_prot = 1\n");
    ConfigException e = assertThrows(ConfigException.class, () -> RecfleetConfig.load(keys, file, Map.of()));
    assertTrue(e.getMessage().contains("[BASIC] http_prot"), "other sections stay closed: " + e.getMessage());
    Files.writeString(file, "[CAMERAS]\nGate = rtsp://a/1\nyard = rtsp://a/2\nmax_task_seconds = 60\n");
    RecfleetConfig c = RecfleetConfig.load(keys, file, Map.of("RECFLEET_CAMERAS_DOOR", "rtsp://a/3"));
    assertEquals(Map.of("gate", "rtsp://a/1", "yard", "rtsp://a/2", "door", "rtsp://a/3"), c.entries("CAMERAS"));
    assertEquals(List.of("gate", "yard", "door"), List.copyOf(c.entries("CAMERAS").keySet()), "in the order written");
    assertEquals(60, c.integer("CAMERAS", "max_task_seconds", 1, 3600), "a declared key is not an entry");
  }

  @Test
  void an_unknown_key_in_the_file_fails_and_is_named() throws Exception {
    Path file = dir.resolve("config.ini");
    Files.writeString(file, "[BASIC]\nhttp_prot = 1\n");
    ConfigException e = assertThrows(ConfigException.class, () -> RecfleetConfig.load(KEYS, file, Map.of()));
    assertTrue(e.getMessage().contains("[BASIC] http_prot"), e.getMessage());
  }

  @Test
  void a_bad_value_names_the_key_and_where_it_came_from() {
    RecfleetConfig c = RecfleetConfig.load(KEYS, null, Map.of("RECFLEET_BASIC_HTTP_PORT", "eighty"));
    ConfigException e = assertThrows(ConfigException.class, () -> c.integer("BASIC", "http_port", 1, 65535));
    assertTrue(e.getMessage().startsWith("[BASIC] http_port = 'eighty'"), e.getMessage());
    assertTrue(e.getMessage().contains("RECFLEET_BASIC_HTTP_PORT"), e.getMessage());
    RecfleetConfig range = RecfleetConfig.load(KEYS, null, Map.of("RECFLEET_BASIC_HTTP_PORT", "70000"));
    assertThrows(ConfigException.class, () -> range.integer("BASIC", "http_port", 1, 65535));
  }

  @Test
  void closed_sets_match_without_caring_about_case() {
    RecfleetConfig c = RecfleetConfig.load(KEYS, null, Map.of("RECFLEET_TRANSCODE_MODEL", "copy"));
    assertEquals("COPY", c.oneOf("TRANSCODE", "model", Set.of("COPY", "CRF")));
  }

  @Test
  void a_secret_value_never_appears_in_a_message() {
    RecfleetConfig c = RecfleetConfig.load(KEYS, null, Map.of("RECFLEET_WEBDAV_PASSWORD", "hunter2"));
    ConfigException e = c.bad("WEBDAV", "password", c.string("WEBDAV", "password"), "is wrong");
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
  }

  @Test
  void malformed_lines_are_refused_with_their_line_number() throws Exception {
    Path file = dir.resolve("config.ini");
    Files.writeString(file, "[BASIC]\njust words\n");
    ConfigException e = assertThrows(ConfigException.class, () -> RecfleetConfig.load(KEYS, file, Map.of()));
    assertTrue(e.getMessage().contains("line 2"), e.getMessage());
  }
}
