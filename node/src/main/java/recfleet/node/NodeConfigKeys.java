package recfleet.node;

import java.util.ArrayList;
import java.util.List;
import recfleet.common.config.ConfigKey;
import recfleet.common.config.ForeignKey;
import recfleet.common.source.SourcePolicy;
import recfleet.master.MasterConfigKeys;

/** Every key a node reads, with its default. config.ini.sample documents the same list (a test checks). */
public final class NodeConfigKeys {
  private NodeConfigKeys() {}

  public static final List<ConfigKey> NODE = List.of(
      new ConfigKey("BASIC", "node_id", "node-1", "this node's name in events and on the master"),
      new ConfigKey("BASIC", "http_host", "",
          "address the HTTP API and /ws listen on; empty: 127.0.0.1 without [AUTH] keys, every address with them"),
      new ConfigKey("BASIC", "http_port", "8100", "port of the HTTP API and /ws"),
      new ConfigKey("BASIC", "data_dir", "./data", "H2 database folder"),
      new ConfigKey("BASIC", "works_path", "./data/works", "raw segments and transcoded files before upload"),
      new ConfigKey("BASIC", "heartbeat_seconds", "5", "how often the node reports its figures"),
      new ConfigKey("BASIC", "capacity", "50", "rooms this node is willing to record at once"),
      new ConfigKey("RECORD", "segment_seconds", "1800", "cut a segment at the first keyframe after this long (0: no time split)"),
      new ConfigKey("RECORD", "split_bytes", "0", "cut a segment at the first keyframe after this many bytes (0: no size split)"),
      new ConfigKey("RECORD", "java_ingest", "true", "RTMP and HTTP-FLV sources read by recfleet's Java ingest; false: by FFmpeg"),
      new ConfigKey("RECORD", "rtsp_transport", "tcp", "tcp | udp | auto (UDP first, then TCP): how RTSP sources send media"),
      new ConfigKey("RECORD", "format", "flv", "flv | fmp4 | hls: what copied sources are written as (encoded ones, lavfi and raw frames, write FLV)"),
      ConfigKey.openSection("CAMERAS", "camera.py's cameras: <camera id> = <source URL>, each an on-demand room"),
      ConfigKey.openSection("RULES", "path rules: <name> = match=<regex>; path=<template>; fragment=<s>; format=<f>; mode=<m>"),
      new ConfigKey("CAMERAS", "max_task_seconds", "3600", "a camera task stops by itself after this long (stop_reason max_duration)"),
      new ConfigKey("RECORD", "part_ms", "1000", "fmp4: a part is handed to the disk this often; a crash loses at most one"),
      new ConfigKey("RECORD", "ring_ms", "2000", "media each room keeps in memory (GOP ring), at least one whole GOP"),
      new ConfigKey("RECORD", "ring_max_bytes", "16777216", "bytes a room's GOP ring may hold at most"),
      new ConfigKey("RECORD", "reconnect_min_ms", "1000", "first reconnect delay after a source drops"),
      new ConfigKey("RECORD", "reconnect_max_ms", "60000", "reconnect delay cap"),
      new ConfigKey("RECORD", "read_timeout_seconds", "10", "a source silent this long is treated as dropped"),
      new ConfigKey("RECORD", "session_gap_seconds", "300", "a source away longer than this ends the session"),
      new ConfigKey("RECORD", "live_cover_cache_seconds", "300", "GET /stream/cover/{stream} grabs at most this often"),
      new ConfigKey("RECORD", "source_template", "", "source for /addroom without url=, {roomid} replaced"),
      new ConfigKey("RECORD", "blacklist", "", "comma-separated room ids that may never be added"),
      new ConfigKey("RECORD", "timezone", "", "zone of file names, event and recording timestamps (empty: the system's)"),
      new ConfigKey("TRANSCODE", "model", "COPY", "COPY | CRF | CQ | B | ABR | VBR"),
      new ConfigKey("TRANSCODE", "encoder", "X264", "X264 | X265"),
      new ConfigKey("TRANSCODE", "crf", "23", "CRF mode: constant rate factor, 0-51"),
      new ConfigKey("TRANSCODE", "cq", "23", "CQ mode: constant quantizer, 0-51"),
      new ConfigKey("TRANSCODE", "bitrate", "2000", "B, ABR, VBR: target video bitrate in kbps"),
      new ConfigKey("TRANSCODE", "bufsize", "4000", "B, VBR: rate-control buffer in kbps"),
      new ConfigKey("TRANSCODE", "preset", "veryfast", "x264/x265 preset, ultrafast ... placebo"),
      new ConfigKey("TRANSCODE", "threads", "2", "encoder threads per transcode (0: the encoder decides)"),
      new ConfigKey("TRANSCODE", "nice", "10", "niceness of transcode threads, 0-19 (0: normal priority)"),
      new ConfigKey("TRANSCODE", "workers", "1", "transcodes at once"),
      new ConfigKey("TRANSCODE", "delete_source", "true", "delete the raw FLV once its MP4 is verified"),
      new ConfigKey("WEBHOOK", "bililive_works_path", "", "BililiveRecorder's work folder; RelativePath is resolved in it"),
      new ConfigKey("WEBHOOK", "srs_allowed_roots", "", "comma-separated folders SRS's on_dvr files may be in"),
      new ConfigKey("WEBHOOK", "zlm_allowed_roots", "", "comma-separated folders ZLMediaKit's files may be in"),
      new ConfigKey("WEBHOOK", "bililive_secret", "", "if set, /webhook/ needs ?secret= or X-Recfleet-Secret"),
      new ConfigKey("WEBHOOK", "srs_secret", "", "if set, SRS's callbacks need ?secret= or X-Recfleet-Secret"),
      new ConfigKey("WEBHOOK", "zlm_secret", "", "if set, ZLMediaKit's hooks need ?secret= or X-Recfleet-Secret"),
      new ConfigKey("WEBHOOK", "settle_seconds", "2", "a file changed more recently than this is still growing"),
      new ConfigKey("WEBHOOK", "settle_timeout_seconds", "600",
          "a sender's file still changing this long after it was announced is reported as failed"),
      new ConfigKey("WEBHOOK", "delete_source", "false", "delete a sender's file once its MP4 is verified"),
      new ConfigKey("WEBHOOK", "max_body_kb", "64", "largest webhook body accepted"),
      new ConfigKey("WEBHOOK", "allowed_senders", "", "addresses or CIDRs webhook calls may come from; empty: any"),
      new ConfigKey("UPLOAD", "target", "local", "where recordings go: local or webdav"),
      new ConfigKey("UPLOAD", "delete_local", "true", "webdav: delete the local MP4 once its upload is confirmed"),
      new ConfigKey("UPLOAD", "max_storage_bytes", "0", "local: evict the oldest recordings above this total (0: no limit)"),
      new ConfigKey("UPLOAD", "max_age_days", "0", "local: evict recordings older than this (0: keep)"),
      new ConfigKey("UPLOAD", "output_dir", "./data/output", "the local target's folder"),
      new ConfigKey("UPLOAD", "workers", "2", "uploads at once"),
      new ConfigKey("UPLOAD", "cover_dir", "covers", "covers go to <cover_dir>/<room>/<file>.jpg in the target"),
      new ConfigKey("UPLOAD", "cover_width", "640", "widest a cover may be, in pixels"),
      new ConfigKey("WEBDAV", "hostname", "", "http(s)://host[:port] of the WebDAV server, no credentials"),
      new ConfigKey("WEBDAV", "login", "", "WebDAV user"),
      new ConfigKey("WEBDAV", "password", "", "WebDAV password (never logged or shown)"),
      new ConfigKey("WEBDAV", "root", "/recfleet", "folder on the server that holds <room>/<file>"),
      new ConfigKey("WEBDAV", "max_storage_bytes", "0", "evict the oldest recordings above this total (0: no limit)"),
      new ConfigKey("WEBDAV", "max_age_days", "0", "evict recordings older than this (0: keep)"),
      new ConfigKey("WEBDAV", "cover_remote_dir", "covers", "covers go to <root>/<cover_remote_dir>/<room>/<file>.jpg"),
      new ConfigKey("WEBDAV", "download_idle_seconds", "60",
          "a download relayed from the server that moves no byte for this long is cut off"),
      new ConfigKey("PIPELINE", "max_attempts", "10", "tries per job before it is reported as failed"),
      new ConfigKey("PIPELINE", "retry_base_ms", "2000", "first retry delay of a failed job"),
      new ConfigKey("PIPELINE", "retry_max_ms", "600000", "retry delay cap"),
      new ConfigKey("PIPELINE", "poll_ms", "5000", "how often stages look for due retries and expired leases"),
      new ConfigKey("PIPELINE", "lease_minutes", "360", "a claimed job not finished by then is claimed again"),
      new ConfigKey("DOCTOR", "backoff_min_ms", "1000", "first restart delay of a failed worker"),
      new ConfigKey("DOCTOR", "backoff_max_ms", "60000", "restart delay cap"),
      new ConfigKey("DOCTOR", "healthy_after_seconds", "300", "a run this long resets the failure count"),
      new ConfigKey("LINK", "mode", "none", "none | cluster | forward | reverse: how this node joins a standalone master"),
      new ConfigKey("LINK", "master_url", "",
          "reverse: the masters' base URLs, http(s)://host:port, comma-separated (the node dials /link of the leader)"),
      new ConfigKey("LINK", "token", "", "the master's [MASTER] token; every link presents it"),
      new ConfigKey("LINK", "labels", "", "comma-separated labels rooms can be pinned to"),
      new ConfigKey("LINK", "heartbeat_ms", "1000", "how often the node tells the master its figures and rooms"),
      new ConfigKey("LINK", "reconnect_min_ms", "200", "first redial delay of a lost link"),
      new ConfigKey("LINK", "reconnect_max_ms", "5000", "redial delay cap"),
      new ConfigKey("LINK", "transport", "websocket", "reverse: websocket, or longpoll where WebSockets are blocked"),
      new ConfigKey("LINK", "ca_file", "", "reverse over https/wss: PEM CA the master's certificate must chain to (empty: the JDK's)"),
      new ConfigKey("LINK", "when_master_lost", "keep",
          "keep: rooms the master gave this node go on recording while no master answers; pause: they stop when the lease ends"));

  /**
   * NGlive's own config.ini keys, so that a user's file from NGlive starts a node as it is: its
   * spellings of recfleet keys are taken as those keys, and what has no meaning here is accepted
   * with a warning. Its [TRANSCODE] keys are recfleet's already.
   */
  public static final List<ForeignKey> NGLIVE = List.of(
      new ForeignKey("BASIC", "NGhost", "BASIC.http_host", "NGlive's server address"),
      new ForeignKey("BASIC", "NGport", "BASIC.http_port", "NGlive's server port"),
      new ForeignKey("BASIC", "out_path", "UPLOAD.output_dir", "NGlive's transcode output folder"),
      new ForeignKey("BASIC", "RecorderPath", null,
          "NGlive starts BililiveRecorder from there; recfleet records by itself and takes BililiveRecorder's"
              + " files through POST /webhook/ ([WEBHOOK] bililive_works_path)"),
      new ForeignKey("BASIC", "api_port", null, "the port of BililiveRecorder's GraphQL API, which recfleet does not call"),
      new ForeignKey("BASIC", "sendHeartBeat", null, "recfleet always sends heartbeats, every [BASIC] heartbeat_seconds"),
      new ForeignKey("BASIC", "wspath", null,
          "NGlive pushes its events to that WebSocket server; recfleet serves them at /ws for anyone to subscribe"),
      new ForeignKey("COOKIES", "*", null, "NGlive's cloud-drive cookies; recfleet uploads to a folder or WebDAV"),
      new ForeignKey("FACTORY", "*", null, "NGlive's flow control; recfleet's stages are fixed: record, transcode, upload, notify"));

  public static List<ConfigKey> all() {
    List<ConfigKey> all = new ArrayList<>(NODE);
    all.addAll(SourcePolicy.KEYS);
    all.addAll(MasterConfigKeys.ALL);
    return all;
  }
}
