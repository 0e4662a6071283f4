package recfleet.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import recfleet.common.config.ConfigException;
import recfleet.common.config.ConfigKey;
import recfleet.common.config.IniFile;
import recfleet.common.config.RecfleetConfig;

/** config.ini.sample documents every key with its real default, and loads as it is. */
class ConfigSampleTest {
  private static final Path SAMPLE = Path.of("..", "config.ini.sample");

  @Test
  void the_sample_documents_every_key_with_its_default() throws Exception {
    Map<String, Map<String, String>> sample = IniFile.parse(Files.readString(SAMPLE), SAMPLE.toString());
    for (ConfigKey key : NodeConfigKeys.all()) {
      Map<String, String> section = sample.get(key.section());
      assertTrue(section != null && section.containsKey(key.key()), key.label() + " is missing from the sample");
      assertEquals(key.defaultValue(), section.get(key.key()), key.label() + " default differs from the sample");
    }
    int documented = sample.values().stream().mapToInt(Map::size).sum();
    assertEquals(NodeConfigKeys.all().size(), documented, "the sample has keys the node does not know");
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
  }
}
