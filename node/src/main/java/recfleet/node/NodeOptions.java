package recfleet.node;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import recfleet.common.RoomId;
import recfleet.common.config.RecfleetConfig;
import recfleet.node.doctor.DoctorPolicy;
import recfleet.node.pipeline.PumpOptions;
import recfleet.node.record.RecordOptions;
import recfleet.node.writer.RecordFormat;
import recfleet.node.writer.SplitRule;
import recfleet.node.transcode.TranscodeMode;
import recfleet.node.transcode.TranscodeSettings;
import recfleet.node.transcode.VideoEncoder;
import recfleet.node.upload.StorageOptions;
import recfleet.node.upload.WebDavOptions;
import recfleet.node.webhook.WebhookOptions;
import recfleet.common.auth.AuthOptions;
import recfleet.master.MasterOptions;
import recfleet.common.source.SourcePolicy;

/** The node's configuration as typed, validated values. Built once at boot; a bad key fails here. */
public record NodeOptions(
    String nodeId,
    String httpHost,
    int httpPort,
    Path dataDir,
    Path worksPath,
    Duration heartbeatEvery,
    int capacity,
    RecordOptions record,
    String sourceTemplate,
    Duration liveCoverCache,
    List<String> blacklist,
    TranscodeSettings transcode,
    int transcodeNice,
    boolean deleteSourceAfterTranscode,
    WebhookOptions webhook,
    /** [UPLOAD] and [WEBDAV]: the storages recordings can go to, and the default one. */
    StorageOptions storage,
    int coverWidth,
    boolean deleteLocalAfterUpload,
    PumpOptions transcodePump,
    PumpOptions uploadPump,
    PumpOptions notifyPump,
    DoctorPolicy doctor,
    /** The master this node runs inside itself, or null (none, or a standalone master it links to). */
    MasterOptions embeddedMaster,
    recfleet.node.link.LinkOptions link,
    AuthOptions auth,
    /** camera.py's [CAMERAS]: camera ids and their sources, and how long a task may run. */
    recfleet.node.modes.CameraOptions cameras,
    /** [RULES]: stream paths recorded when published (on_publish), and how. */
    recfleet.node.modes.PathRules pathRules) {

  public static NodeOptions from(RecfleetConfig c) {
    String nodeId = c.nonBlank("BASIC", "node_id");
    if (!RoomId.isValid(nodeId)) throw c.bad("BASIC", "node_id", nodeId, "must be letters, digits, '_' or '-'");
    Path works = c.path("BASIC", "works_path").toAbsolutePath().normalize();
    StorageOptions storage = storageOptions(c);
    var record = recordOptions(c, works, storage.defaultName());
    List<String> blacklist = blacklist(c);
    String template = c.string("RECORD", "source_template");
    TranscodeSettings transcode = transcodeSettings(c);
    String masterMode = c.oneOf("MASTER", "mode", Set.of("embedded", "none"));
    var link = recfleet.node.link.LinkOptions.from(c);
    AuthOptions auth = AuthOptions.from(c);
    return new NodeOptions(
        nodeId,
        auth.bindAddress(c.string("BASIC", "http_host"), "[BASIC] http_host",
            org.slf4j.LoggerFactory.getLogger(NodeOptions.class)),
        c.integer("BASIC", "http_port", 0, 65_535),
        c.path("BASIC", "data_dir").toAbsolutePath().normalize(),
        works,
        Duration.ofSeconds(c.number("BASIC", "heartbeat_seconds", 1, 3600)),
        c.integer("BASIC", "capacity", 0, 100_000),
        record,
        template,
        Duration.ofSeconds(c.number("RECORD", "live_cover_cache_seconds", 1, 86_400)),
        blacklist,
        transcode,
        c.integer("TRANSCODE", "nice", 0, 19),
        c.bool("TRANSCODE", "delete_source"),
        webhookOptions(c),
        storage,
        c.integer("UPLOAD", "cover_width", 16, 7680),
        c.bool("UPLOAD", "delete_local"),
        pump(c, c.integer("TRANSCODE", "workers", 1, 64)),
        pump(c, c.integer("UPLOAD", "workers", 1, 64)),
        pump(c, 1),
        new DoctorPolicy(Duration.ofMillis(c.number("DOCTOR", "backoff_min_ms", 1, 3_600_000)),
            Duration.ofMillis(c.number("DOCTOR", "backoff_max_ms", 1, 3_600_000)),
            Duration.ofSeconds(c.number("DOCTOR", "healthy_after_seconds", 1, 86_400))),
        // a node linked to a standalone master runs no master of its own
        masterMode.equals("embedded") && !link.linked()
            ? MasterOptions.embedded(c, c.path("BASIC", "data_dir").toAbsolutePath().normalize()) : null,
        link,
        auth,
        recfleet.node.modes.CameraOptions.from(c),
        recfleet.node.modes.PathRules.from(c, storage));
  }
  private static RecordOptions recordOptions(RecfleetConfig c, Path works, String defaultStorage) {
    var record = new RecordOptions(works,
        new SplitRule(c.number("RECORD", "segment_seconds", 0, 86_400) * 1000L,
            c.number("RECORD", "split_bytes", 0, Long.MAX_VALUE)),
        Duration.ofMillis(c.number("RECORD", "reconnect_min_ms", 10, 3_600_000)),
        Duration.ofMillis(c.number("RECORD", "reconnect_max_ms", 10, 3_600_000)),
        Duration.ofSeconds(c.number("RECORD", "read_timeout_seconds", 1, 3600)),
        Duration.ofSeconds(c.number("RECORD", "session_gap_seconds", 0, 86_400)),
        zone(c),
        SourcePolicy.from(c),
        c.bool("RECORD", "java_ingest"),
        Duration.ofMillis(c.number("RECORD", "ring_ms", 0, 60_000)),
        c.number("RECORD", "ring_max_bytes", 65_536, 1L << 30),
        format(c),
        Duration.ofMillis(c.number("RECORD", "part_ms", 100, 60_000)),
        rtspTransport(c),
        false, // continuous; a room chooses on_demand in its options.record.mode
        null, // files go to <room>/<file>; a path rule gives a room a template
        defaultStorage); // each file names its storage, so a later change of [UPLOAD] target cannot lose it
    if (record.reconnectMax().compareTo(record.reconnectMin()) < 0) {
      throw c.bad("RECORD", "reconnect_max_ms", c.string("RECORD", "reconnect_max_ms"), "must be >= reconnect_min_ms");
    }
    return record;
  }

  private static String rtspTransport(RecfleetConfig c) {
    String value = c.string("RECORD", "rtsp_transport").strip().toLowerCase(java.util.Locale.ROOT);
    if (!List.of("tcp", "udp", "auto").contains(value)) {
      throw c.bad("RECORD", "rtsp_transport", value, "is not tcp, udp or auto");
    }
    return value;
  }

  private static RecordFormat format(RecfleetConfig c) {
    try {
      return RecordFormat.parse(c.string("RECORD", "format"));
    } catch (IllegalArgumentException e) {
      throw c.bad("RECORD", "format", c.string("RECORD", "format"), e.getMessage());
    }
  }

  private static List<String> blacklist(RecfleetConfig c) {
    List<String> blacklist = c.list("RECORD", "blacklist");
    for (String id : blacklist) {
      if (!RoomId.isValid(id)) throw c.bad("RECORD", "blacklist", id, "holds an invalid room id");
    }
    return blacklist;
  }

  /** One stage's pump: its own worker count, the [PIPELINE] lease, poll and retry settings shared by all. */
  private static PumpOptions pump(RecfleetConfig c, int workers) {
    return new PumpOptions(workers,
        Duration.ofMinutes(c.number("PIPELINE", "lease_minutes", 1, 10_080)),
        Duration.ofMillis(c.number("PIPELINE", "poll_ms", 10, 600_000)),
        Duration.ofMillis(c.number("PIPELINE", "retry_base_ms", 1, 86_400_000)),
        Duration.ofMillis(c.number("PIPELINE", "retry_max_ms", 1, 86_400_000)),
        c.integer("PIPELINE", "max_attempts", 1, 1000));
  }


  private static TranscodeSettings transcodeSettings(RecfleetConfig c) {
    TranscodeMode mode = enumKey(c, "model", TranscodeMode.class);
    VideoEncoder encoder = enumKey(c, "encoder", VideoEncoder.class);
    String preset = c.string("TRANSCODE", "preset").strip().toLowerCase(java.util.Locale.ROOT);
    if (!TranscodeSettings.PRESETS.contains(preset)) {
      throw c.bad("TRANSCODE", "preset", preset, "must be one of " + TranscodeSettings.PRESETS);
    }
    return new TranscodeSettings(mode, encoder,
        c.integer("TRANSCODE", "crf", 0, 51),
        c.integer("TRANSCODE", "cq", 0, 51),
        c.integer("TRANSCODE", "bitrate", 1, 1_000_000),
        c.integer("TRANSCODE", "bufsize", 1, 10_000_000),
        preset,
        c.integer("TRANSCODE", "threads", 0, 64));
  }

  private static <E extends Enum<E>> E enumKey(RecfleetConfig c, String key, Class<E> type) {
    String value = c.string("TRANSCODE", key).strip();
    try {
      return TranscodeSettings.parseEnum(type, key, value);
    } catch (IllegalArgumentException e) {
      throw c.bad("TRANSCODE", key, value, "must be one of " + java.util.Arrays.toString(type.getEnumConstants()));
    }
  }

  /** {@code [RECORD] timezone}: an IANA zone such as Asia/Shanghai, a fixed offset such as +08:00, or empty for the system's. */
  private static java.time.ZoneId zone(RecfleetConfig c) {
    String raw = c.string("RECORD", "timezone").strip();
    if (raw.isEmpty()) return java.time.ZoneId.systemDefault();
    try {
      return java.time.ZoneId.of(raw);
    } catch (java.time.DateTimeException e) {
      throw c.bad("RECORD", "timezone", raw, "is not a time zone (e.g. Asia/Shanghai, Europe/Berlin, +08:00)");
    }
  }

  private static List<String> senders(RecfleetConfig c) {
    List<String> senders = c.list("WEBHOOK", "allowed_senders");
    try {
      recfleet.common.source.AddressRules.of(senders);
    } catch (IllegalArgumentException e) {
      throw c.bad("WEBHOOK", "allowed_senders", c.string("WEBHOOK", "allowed_senders"), e.getMessage());
    }
    return senders;
  }

  private static WebhookOptions webhookOptions(RecfleetConfig c) {
    String bililive = c.string("WEBHOOK", "bililive_works_path").strip();
    return new WebhookOptions(
        bililive.isEmpty() ? null : Path.of(bililive).toAbsolutePath().normalize(),
        c.list("WEBHOOK", "srs_allowed_roots").stream().map(p -> Path.of(p).toAbsolutePath().normalize()).toList(),
        c.list("WEBHOOK", "zlm_allowed_roots").stream().map(p -> Path.of(p).toAbsolutePath().normalize()).toList(),
        c.string("WEBHOOK", "bililive_secret"),
        c.string("WEBHOOK", "srs_secret"),
        c.string("WEBHOOK", "zlm_secret"),
        Duration.ofSeconds(c.number("WEBHOOK", "settle_seconds", 0, 3600)),
        Duration.ofSeconds(c.number("WEBHOOK", "settle_timeout_seconds", 1, 86_400)),
        c.bool("WEBHOOK", "delete_source"),
        c.integer("WEBHOOK", "max_body_kb", 1, 10_240) * 1024,
        senders(c));
  }

  private static String folder(RecfleetConfig c, String section, String key) {
    String dir = c.nonBlank(section, key).strip().replaceAll("^/+|/+$", "");
    if (dir.isEmpty() || dir.contains("..") || dir.contains("\\")) {
      throw c.bad(section, key, dir, "must be a relative folder without '..'");
    }
    return dir;
  }

  /**
   * local always; webdav when [WEBDAV] hostname is set (or [UPLOAD] target asks for it), each with its
   * own cover folder, quota and age limit.
   */
  private static StorageOptions storageOptions(RecfleetConfig c) {
    String target = c.oneOf("UPLOAD", "target", Set.of(StorageOptions.LOCAL, StorageOptions.WEBDAV));
    Map<String, StorageOptions.Place> places = new java.util.LinkedHashMap<>();
    places.put(StorageOptions.LOCAL, new StorageOptions.Place(StorageOptions.LOCAL, null,
        c.path("UPLOAD", "output_dir").toAbsolutePath().normalize(), folder(c, "UPLOAD", "cover_dir"),
        c.number("UPLOAD", "max_storage_bytes", 0, Long.MAX_VALUE),
        Duration.ofDays(c.number("UPLOAD", "max_age_days", 0, 36_500))));
    if (target.equals(StorageOptions.WEBDAV) || !c.string("WEBDAV", "hostname").isBlank()) {
      places.put(StorageOptions.WEBDAV, new StorageOptions.Place(StorageOptions.WEBDAV, webdavOptions(c), null,
          folder(c, "WEBDAV", "cover_remote_dir"), c.number("WEBDAV", "max_storage_bytes", 0, Long.MAX_VALUE),
          Duration.ofDays(c.number("WEBDAV", "max_age_days", 0, 36_500))));
    }
    return new StorageOptions(target, places);
  }

  private static WebDavOptions webdavOptions(RecfleetConfig c) {
    String host = c.nonBlank("WEBDAV", "hostname").strip().replaceAll("/+$", "");
    java.net.URI uri;
    try {
      uri = java.net.URI.create(host);
    } catch (IllegalArgumentException e) {
      throw c.bad("WEBDAV", "hostname", host, "is not a URL");
    }
    if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
        || uri.getHost() == null) {
      throw c.bad("WEBDAV", "hostname", host, "must look like http(s)://host[:port]");
    }
    if (uri.getUserInfo() != null) {
      throw c.bad("WEBDAV", "hostname", "(hidden)", "must not carry credentials; use login and password");
    }
    String base = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    String root = ((uri.getPath() == null ? "" : uri.getPath()) + "/" + c.string("WEBDAV", "root").strip())
        .replaceAll("/+", "/").replaceAll("/$", "");
    if (root.contains("..")) throw c.bad("WEBDAV", "root", root, "must not contain '..'");
    return new WebDavOptions(base, c.nonBlank("WEBDAV", "login"), c.string("WEBDAV", "password"), root,
        folder(c, "WEBDAV", "cover_remote_dir"), Duration.ofSeconds(c.number("WEBDAV", "download_idle_seconds", 1, 86_400)));
  }
}
