package recfleet.node.api;

import recfleet.common.ApiError;
import recfleet.common.web.Replies;
import recfleet.common.web.RoomIdGuard;
import recfleet.common.Printable;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import recfleet.node.store.Recording;
import recfleet.node.store.RecordingStore;
import recfleet.node.upload.StorageTarget;
import recfleet.node.upload.Storages;
import recfleet.node.upload.WebDavStorage;
import recfleet.node.writer.HlsFolder;

/**
 * Reading stored recordings back, with the SRS DVR manager's routes kept verbatim
 * ({@code /stream/query_record/{stream}}, {@code /stream/record/d|p/{file}},
 * {@code /stream/record/cover/{cover}}) and native ones under {@code /api/recordings/{id}}.
 * Downloads answer HEAD and Range (200, 206, 416) from local disk, or are proxied from WebDAV
 * with the Range passed through and the body streamed with backpressure. The server's address
 * and credentials never reach the client.
 */
final class DownloadRoutes {
  private static final Logger log = LoggerFactory.getLogger(DownloadRoutes.class);
  /**
   * A bare file name: letters (of any script: BililiveRecorder's names are Chinese), digits, '.', '_'
   * and '-', starting with a letter or digit; no folder, no "..", nothing a path could be made of.
   */
  private static final Pattern FILE_NAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}._-]{0,254}");

  private final Vertx vertx;
  private final RecordingStore recordings;
  private final Storages storages;
  private final WorkerExecutor db;
  private final HttpClient proxy;

  DownloadRoutes(Vertx vertx, RecordingStore recordings, Storages storages, WorkerExecutor db) {
    this.vertx = vertx;
    this.recordings = recordings;
    this.storages = storages;
    this.db = db;
    // Large chunks: Netty's default 8 KiB chunk means a hundred thousand events per GiB relayed.
    this.proxy = vertx.createHttpClient(new io.vertx.core.http.HttpClientOptions()
        .setMaxChunkSize(256 * 1024).setReceiveBufferSize(1 << 20));
  }

  void mount(Router router) {
    router.get("/stream/query_record/:stream").handler(RoomIdGuard.path("stream")).handler(this::queryRecord);
    for (HttpMethod m : List.of(HttpMethod.GET, HttpMethod.HEAD)) {
      router.route(m, "/stream/record/d/:file").handler(ctx -> byName(ctx, ctx.pathParam("file"), false, true));
      router.route(m, "/stream/record/p/:file").handler(ctx -> byName(ctx, ctx.pathParam("file"), false, false));
      router.route(m, "/stream/record/cover/:cover").handler(ctx -> byName(ctx, ctx.pathParam("cover"), true, false));
      router.route(m, "/api/recordings/:id/file").handler(ctx -> byId(ctx, false));
      router.route(m, "/api/recordings/:id/cover").handler(ctx -> byId(ctx, true));
      // an HLS recording's init.mp4 and segments, where its playlist (served as /file) says they are
      router.route(m, "/api/recordings/:id/:name").handler(this::byIdPart);
    }
  }

  private void queryRecord(RoutingContext ctx) {
    String stream = ctx.pathParam("stream");
    db.executeBlocking(() -> recordings.storedInRoom(stream)).onSuccess(list -> {
      List<Map<String, Object>> files = list.stream().map(r -> {
        Map<String, Object> f = new LinkedHashMap<>();
        String name = nameOf(r.storedPath());
        f.put("file_name", name);
        f.put("timestamp", r.startedAt().toEpochSecond());
        f.put("file_size", r.storedBytes());
        f.put("download_url", "/stream/record/d/" + name);
        f.put("play_url", "/stream/record/p/" + name);
        f.put("thumb_url", r.coverPath() == null ? null : "/stream/record/cover/" + nameOf(r.coverPath()));
        return f;
      }).toList();
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("stream_name", stream);
      body.put("files", files);
      ctx.response().putHeader("content-type", "application/json; charset=utf-8")
          .end(recfleet.common.json.Jsons.write(body));
    }).onFailure(err -> Replies.fail(ctx, err));
  }

  private void byName(RoutingContext ctx, String name, boolean cover, boolean attachment) {
    if (name == null || !FILE_NAME.matcher(name).matches() || name.contains("..")) {
      log.warn("refused a download of '{}' from {}: not a file name", Printable.clip(name, 80), ctx.request().remoteAddress());
      Replies.error(ctx, 400, 4000, "not a file name");
      return;
    }
    db.executeBlocking(() -> locate(recordings.findStoredByName(name, cover), cover))
        .onSuccess(found -> serve(ctx, found, cover, attachment))
        .onFailure(err -> Replies.fail(ctx, err));
  }

  private void byId(RoutingContext ctx, boolean cover) {
    db.executeBlocking(() -> locate(recordings.get(ctx.pathParam("id")).filter(r -> r.state().equals(Recording.STORED)),
            cover))
        .onSuccess(found -> serve(ctx, found, cover, !cover && "1".equals(ctx.request().getParam("download"))))
        .onFailure(err -> Replies.fail(ctx, err));
  }

  private void byIdPart(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    if (!HlsFolder.isMediaName(name)) {
      Replies.error(ctx, 404, ApiError.NO_SUCH_ROOM, "no such file of a recording");
      return;
    }
    db.executeBlocking(() -> recordings.get(ctx.pathParam("id"))
            .filter(r -> r.state().equals(Recording.STORED) && HlsFolder.isPlaylist(r.storedPath()))
            .flatMap(r -> located(r, HlsFolder.folderOf(r.storedPath()) + "/" + name)))
        .onSuccess(found -> serve(ctx, found, false, false))
        .onFailure(err -> Replies.fail(ctx, err));
  }

  /** Where a stored file is: the storage holding it, its path there, and on this disk when that storage is local. */
  private record Located(StorageTarget target, String remote, Optional<Path> local) {}

  /** Blocking (database, file system): runs on a worker. */
  private Optional<Located> locate(Optional<Recording> found, boolean cover) {
    return found.flatMap(r -> Optional.ofNullable(cover ? r.coverPath() : r.storedPath()).flatMap(remote -> located(r, remote)));
  }

  /** A file of a recording in the storage the recording is in (none: a storage this node no longer has). */
  private Optional<Located> located(Recording r, String remote) {
    return storages.find(r).map(target -> new Located(target, remote, target.localFile(remote)));
  }

  private void serve(RoutingContext ctx, Optional<Located> found, boolean cover, boolean attachment) {
    if (found.isEmpty()) {
      Replies.error(ctx, 404, ApiError.NO_SUCH_ROOM, cover ? "no such cover" : "no such recording");
      return;
    }
    String remote = found.get().remote();
    String type = cover ? "image/jpeg" : typeOf(remote);
    String disposition = ContentDisposition.of(attachment, nameOf(remote));
    Optional<Path> local = found.get().local();
    if (local.isPresent()) {
      sendLocal(ctx, local.get(), type, disposition);
    } else if (found.get().target() instanceof WebDavStorage dav) {
      sendProxied(ctx, dav, remote, type, disposition);
    } else {
      Replies.error(ctx, 404, ApiError.NO_SUCH_ROOM, "the file is not in the storage");
    }
  }

  /**
   * A file on this disk, with the validators RFC 9110 expects (a strong ETag, Last-Modified) on GET
   * and HEAD alike: a conditional GET that still matches gets a 304, a Range whose If-Range no longer
   * matches gets the whole file.
   */
  private void sendLocal(RoutingContext ctx, Path file, String type, String disposition) {
    vertx.fileSystem().props(file.toString()).onSuccess(props -> {
      long size = props.size();
      Instant modified = Instant.ofEpochMilli(props.lastModifiedTime());
      String etag = RangeRequest.etagOf(size, modified);
      ctx.etag(etag).lastModified(modified);
      HttpServerResponse res = ctx.response().putHeader(HttpHeaders.ACCEPT_RANGES, "bytes")
          .putHeader(HttpHeaders.CONTENT_TYPE, type).putHeader("Content-Disposition", disposition);
      if (ctx.isFresh()) {
        res.setStatusCode(304).end();
        return;
      }
      ByteRange range = RangeRequest.of(ctx.request()).resolve(size, etag, modified);
      if (range == ByteRange.UNSATISFIABLE) {
        res.setStatusCode(416).putHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + size).end();
        return;
      }
      long offset = range.isPartial() ? range.start() : 0;
      long length = range.isPartial() ? range.length() : size;
      if (range.isPartial()) {
        res.setStatusCode(206).putHeader(HttpHeaders.CONTENT_RANGE,
            "bytes " + range.start() + "-" + range.end() + "/" + size);
      }
      res.putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(length));
      if (ctx.request().method() == HttpMethod.HEAD) {
        res.end();
      } else {
        res.sendFile(file.toString(), offset, length);
      }
    }).onFailure(err -> Replies.error(ctx, 404, ApiError.NO_SUCH_ROOM, "the file is not in the storage"));
  }

  private void sendProxied(RoutingContext ctx, WebDavStorage dav, String remote, String type, String disposition) {
    Optional<AbstractEpollStreamChannel> client = ctx.request().method() == HttpMethod.GET
        ? DavRelay.clientChannel(ctx.request()) : Optional.empty();
    if (client.isPresent()) {
      sendRelayed(ctx, client.get(), dav, remote, type, disposition);
    } else {
      sendPiped(ctx, dav, remote, type, disposition);
    }
  }

  /** On the epoll transport, on a connection of the relay's own: the body is spliced, or copied where it cannot be. */
  private void sendRelayed(RoutingContext ctx, AbstractEpollStreamChannel client, WebDavStorage dav, String remote,
                           String type, String disposition) {
    Context context = vertx.getOrCreateContext();
    HttpServerResponse res = ctx.response();
    boolean splice = DavRelay.canSpliceInto(ctx.request(), client);
    DavRelay.open(context, client, splice, dav.uri(remote), dav.authorization(), RangeRequest.of(ctx.request()))
        .onSuccess(up -> {
          if (!answerHead(ctx, remote, up.status(), up::header, type, disposition)) {
            up.close();
            return;
          }
          up.closeWhenIdle(client, dav.downloadIdle(), () -> log.warn("download of {} cut off: no byte moved between "
              + "the WebDAV server and the client for {} s", remote, dav.downloadIdle().toSeconds()));
          Future<Void> body;
          if (up.spliced()) {
            body = res.writeHead().compose(v -> up.spliceRestTo(context, res, client));
          } else {
            if (up.header(HttpHeaders.CONTENT_LENGTH) == null) res.setChunked(true);
            body = up.copyTo(res);
          }
          body.onSuccess(v -> res.end()).onFailure(err -> {
            // the head is out: all that is left is to cut the answer off, so the client sees a short body
            if (client.isActive()) {
              log.warn("download of {} from the WebDAV server broke off: {}", remote, err.toString());
            } else {
              log.info("download of {} stopped: the client went away", remote);
            }
            up.close();
            res.reset(); // the connection on HTTP/1.x, only this stream on HTTP/2
          });
        })
        .onFailure(err -> unreachable(ctx, remote, err));
  }

  /** The body goes through Vert.x: with backpressure, never whole in memory. */
  private void sendPiped(RoutingContext ctx, WebDavStorage dav, String remote, String type, String disposition) {
    RequestOptions req = new RequestOptions().setMethod(ctx.request().method()).setAbsoluteURI(dav.uri(remote).toString())
        .putHeader(HttpHeaders.AUTHORIZATION, dav.authorization())
        .setIdleTimeout(dav.downloadIdle().toMillis()); // a server that hangs mid-file does not hold the client
    RangeRequest range = RangeRequest.of(ctx.request());
    if (range.range() != null) req.putHeader("Range", range.range());
    if (range.ifRange() != null) req.putHeader("If-Range", range.ifRange());
    HttpServerResponse res = ctx.response();
    proxy.request(req).compose(r -> r.send()).onSuccess(upstream -> {
      if (!answerHead(ctx, remote, upstream.statusCode(), upstream::getHeader, type, disposition)) {
        upstream.end();
        return;
      }
      if (ctx.request().method() == HttpMethod.HEAD) {
        res.end();
      } else {
        // a 1 MiB write queue keeps the relay from pausing the upstream after every few packets
        res.setWriteQueueMaxSize(1 << 20);
        upstream.pipeTo(res);
      }
    }).onFailure(err -> unreachable(ctx, remote, err));
  }

  /**
   * Answers the client's status and headers from the WebDAV server's answer. False when that is the
   * whole answer (the server refused, or has no such file) and no body is to follow.
   */
  private boolean answerHead(RoutingContext ctx, String remote, int status, Function<CharSequence, String> header,
                             String type, String disposition) {
    if (status == 401 || status == 403) {
      log.error("the WebDAV server refused a download of {} ({})", remote, status);
      Replies.error(ctx, 502, 5020, "the storage refused the download");
      return false;
    }
    if (status == 404) {
      Replies.error(ctx, 404, ApiError.NO_SUCH_ROOM, "the file is not in the storage");
      return false;
    }
    HttpServerResponse res = ctx.response().setStatusCode(status).putHeader(HttpHeaders.ACCEPT_RANGES, "bytes")
        .putHeader(HttpHeaders.CONTENT_TYPE, type).putHeader("Content-Disposition", disposition);
    for (var h : List.of(HttpHeaders.CONTENT_LENGTH, HttpHeaders.CONTENT_RANGE, HttpHeaders.ETAG, HttpHeaders.LAST_MODIFIED)) {
      String v = header.apply(h);
      if (v != null) res.putHeader(h, v);
    }
    return true;
  }

  private void unreachable(RoutingContext ctx, String remote, Throwable err) {
    log.warn("download of {} from the WebDAV server failed: {}", remote, err.getMessage());
    Replies.error(ctx, 503, 5030, "the storage cannot be reached right now");
  }

  /** RFC 8216's types for a playlist and an fMP4 segment; MP4 for the rest. */
  private static String typeOf(String remotePath) {
    return HlsFolder.isPlaylist(remotePath) ? "application/vnd.apple.mpegurl"
        : remotePath.endsWith(".m4s") ? "video/iso.segment" : "video/mp4";
  }

  private static String nameOf(String remotePath) {
    return remotePath.substring(remotePath.lastIndexOf('/') + 1);
  }

}
