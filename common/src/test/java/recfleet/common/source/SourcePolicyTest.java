package recfleet.common.source;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import recfleet.common.SourceSpec;

/**
 * The source policy on addresses of every kind, judged from the address alone: no test here opens a
 * connection or looks a name up (addresses are made with InetAddress.getByAddress).
 */
class SourcePolicyTest {
  private static final Set<String> SCHEMES = Set.of("rtmp", "rtmps", "rtsp", "rtsps", "srt", "http", "https");
  private static final SourcePolicy DEFAULTS = SourcePolicy.of(SCHEMES, List.of(), false, List.of(), List.of());

  private static InetAddress at(String host, int... bytes) throws Exception {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) b[i] = (byte) bytes[i];
    return InetAddress.getByAddress(host, b);
  }

  private static String refusal(SourcePolicy p, String host, InetAddress a) {
    return assertThrows(SourceRefused.class, () -> p.checkAddress(host, a)).getMessage();
  }

  @Test
  void link_local_addresses_are_refused_unless_allowed_hosts_names_them() throws Exception {
    InetAddress metadata = at("169.254.169.254", 169, 254, 169, 254);
    assertTrue(refusal(DEFAULTS, "169.254.169.254", metadata).contains("link-local"));
    InetAddress v6 = at("fe80::1", 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
    assertTrue(refusal(DEFAULTS, "fe80::1", v6).contains("link-local"));
    // a name that resolves there is judged by its address
    assertTrue(refusal(DEFAULTS, "metadata.example", at("metadata.example", 169, 254, 169, 254)).contains("link-local"));
    SourcePolicy listed = SourcePolicy.of(SCHEMES, List.of(), false, List.of("169.254.10.0/24"), List.of());
    assertDoesNotThrow(() -> listed.checkAddress("cam", at("cam", 169, 254, 10, 7)));
  }

  @Test
  void lan_cameras_loopback_and_public_servers_are_allowed_by_default() throws Exception {
    for (InetAddress a : List.of(at("cam1", 10, 0, 0, 5), at("cam2", 192, 168, 1, 10), at("cam3", 172, 16, 0, 1),
        at("localhost", 127, 0, 0, 1), at("live.example", 203, 0, 113, 9))) {
      assertDoesNotThrow(() -> DEFAULTS.checkAddress(a.getHostName(), a), a.toString());
    }
    assertTrue(refusal(DEFAULTS, "0.0.0.0", at("0.0.0.0", 0, 0, 0, 0)).contains("unspecified"));
  }

  @Test
  void denied_hosts_refuse_and_allowed_hosts_admit_only_what_they_list() throws Exception {
    SourcePolicy denied = SourcePolicy.of(SCHEMES, List.of(), false, List.of(), List.of("10.0.0.0/8", "db.internal", "127.0.0.2"));
    assertTrue(refusal(denied, "cam", at("cam", 10, 1, 2, 3)).contains("denied_hosts"));
    assertTrue(refusal(denied, "db.internal", at("db.internal", 192, 168, 0, 2)).contains("denied_hosts"));
    assertTrue(refusal(denied, "127.0.0.2", at("127.0.0.2", 127, 0, 0, 2)).contains("denied_hosts"));
    assertDoesNotThrow(() -> denied.checkAddress("cam", at("cam", 192, 168, 0, 3)));

    SourcePolicy only = SourcePolicy.of(SCHEMES, List.of(), false, List.of("192.168.1.0/24", "live.example"), List.of());
    assertDoesNotThrow(() -> only.checkAddress("cam", at("cam", 192, 168, 1, 10)));
    assertDoesNotThrow(() -> only.checkAddress("live.example", at("live.example", 203, 0, 113, 9)));
    assertTrue(refusal(only, "cam", at("cam", 10, 0, 0, 5)).contains("allowed_hosts"));
    assertTrue(refusal(only, "other.example", at("other.example", 198, 51, 100, 1)).contains("allowed_hosts"));
  }

  @Test
  void files_only_under_their_roots_and_lavfi_only_when_on_and_never_reading_files() {
    SourcePolicy roots = SourcePolicy.of(SCHEMES, List.of(Path.of("/srv/recordings")), false, List.of(), List.of());
    for (String url : List.of("file:///etc/passwd", "/etc/passwd", "/srv/recordings/../../etc/passwd")) {
      assertTrue(assertThrows(SourceRefused.class, () -> roots.checkForm(url, SourceSpec.parse(url))).getMessage()
          .contains("file_roots"), url);
    }
    assertDoesNotThrow(() -> roots.checkForm("/srv/recordings/a.mp4", SourceSpec.parse("/srv/recordings/a.mp4")));

    String demo = "lavfi:testsrc2=size=640x360:rate=25,realtime[out0];sine=frequency=440:sample_rate=44100,arealtime[out1]";
    assertTrue(assertThrows(SourceRefused.class, () -> DEFAULTS.checkForm(demo, SourceSpec.parse(demo))).getMessage()
        .contains("allow_lavfi"));
    SourcePolicy lavfi = DEFAULTS.withLavfi();
    assertDoesNotThrow(() -> lavfi.checkForm(demo, SourceSpec.parse(demo)));
    for (String hostile : List.of("lavfi:movie=/etc/passwd", "lavfi:amovie=/etc/shadow[out1]",
        "lavfi:testsrc2,drawtext=textfile=/etc/passwd", "lavfi:testsrc2[a];movie=x.mp4[b]")) {
      String why = assertThrows(SourceRefused.class, () -> lavfi.checkForm(hostile, SourceSpec.parse(hostile))).getMessage();
      assertTrue(why.contains("not one of the test-signal filters"), hostile + ": " + why);
    }
    SourcePolicy rtmpOnly = SourcePolicy.of(Set.of("rtmp"), List.of(), false, List.of(), List.of());
    assertTrue(assertThrows(SourceRefused.class, () -> rtmpOnly.checkForm("http://cam/live.flv",
        SourceSpec.parse("http://cam/live.flv"))).getMessage().contains("allowed_schemes"));
  }

  @Test
  void a_graphs_filter_names_are_read_past_labels_and_options() {
    assertEquals(List.of("testsrc2", "realtime", "sine", "arealtime"), SourcePolicy.filtersOf(
        "testsrc2=size=640x360:rate=25,realtime[out0];sine=frequency=440,arealtime[out1]"));
  }
}
