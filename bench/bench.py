#!/usr/bin/env python3
"""recfleet benchmark: every case measures recfleet and a reference tool in the same run.

Case "record": N concurrent live 2 Mbps RTMP streams (fanned out by nginx-rtmp from one ffmpeg
publisher) recorded by one recfleet node, against one `ffmpeg -c copy` process per stream, the
way the older recorders do it. CPU is read from /proc (utime+stime over the window), memory as
the summed PSS (/proc/PID/smaps_rollup) at the end of the window: RSS counts every shared library
once per ffmpeg process and would flatter recfleet. Keep-up per room is media seconds written per
wall second over the window, read from the FLV files' last whole tag (1.00: nothing falls behind).
"""
import argparse, contextlib, json, os, shutil, signal, socket, subprocess, sys, tempfile, time, urllib.parse, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "bench", "out")
TICKS = os.sysconf("SC_CLK_TCK")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def free_port_for_later():
    """A free port below the ephemeral range, for a server that binds it only later: an ephemeral
    port can meanwhile become the source port of some outgoing connection."""
    import random
    for _ in range(200):
        port = random.randint(20000, 31999)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
                return port
            except OSError:
                pass
    raise RuntimeError("no free port between 20000 and 32000")


def wait_for(what, probe, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if probe():
                return
        except Exception:
            pass
        time.sleep(0.2)
    raise RuntimeError("timed out waiting for " + what)


def cpu_seconds(pids):
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICKS


def proc_kib_sum(pids, file, field):
    """Sum of a `field:` line (in kB) of /proc/PID/<file> over the processes, in bytes."""
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/{file}") as f:
            for line in f:
                if line.startswith(field + ":"):
                    total += int(line.split()[1]) * 1024
    return total


def rss_bytes(pids):
    return proc_kib_sum(pids, "status", "VmRSS")


def pss_bytes(pids):
    return proc_kib_sum(pids, "smaps_rollup", "Pss")


class FlvClock:
    """The timestamp of the last whole tag of a growing FLV file, read incrementally (tag headers
    only): how much media a recorder has written so far."""

    def __init__(self, path):
        self.path, self.offset, self.last_ms = path, None, None

    def media_ms(self):
        with open(self.path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if self.offset is None:
                head = f.read(9)
                if len(head) < 9 or head[:3] != b"FLV":
                    return None
                self.offset = int.from_bytes(head[5:9], "big") + 4
            while self.offset + 11 <= size:
                f.seek(self.offset)
                h = f.read(11)
                data = int.from_bytes(h[1:4], "big")
                if self.offset + 11 + data + 4 > size:
                    break  # the tag is still being written
                if h[0] & 0x1f in (8, 9):
                    self.last_ms = int.from_bytes(h[4:7], "big") | (h[7] << 24)
                self.offset += 11 + data + 4
        return self.last_ms


def measure(pids, seconds, files=None):
    """CPU over the window, PSS (and RSS) at its end; with files (one growing FLV per room), each
    room's media seconds written per wall second over the same window."""
    clocks = [FlvClock(f) for f in (files or [])]
    m0 = [c.media_ms() for c in clocks]
    c0, t0 = cpu_seconds(pids), time.time()
    time.sleep(seconds)  # the measurement window itself
    c1, t1 = cpu_seconds(pids), time.time()
    m1 = [c.media_ms() for c in clocks]
    keep_up = [(b - a) / 1000.0 / (t1 - t0) if a is not None and b is not None else 0.0 for a, b in zip(m0, m1)]
    out = {"cpu_cores": (c1 - c0) / (t1 - t0), "pss_bytes": pss_bytes(pids), "rss_bytes": rss_bytes(pids)}
    if keep_up:
        out.update({"keep_up_min": min(keep_up), "keep_up_mean": sum(keep_up) / len(keep_up),
                    "rooms_below_0_99": sum(1 for k in keep_up if k < 0.99)})
    return out


def start_nginx(workdir, http_port=None):
    """nginx with the RTMP module; with http_port, also a server that answers every request
    with a fixed 200 JSON body (the reference for webhook throughput)."""
    port = free_port()
    os.makedirs(os.path.join(workdir, "logs"), exist_ok=True)
    conf = os.path.join(workdir, "nginx.conf")
    http = "" if http_port is None else f"""
http {{ access_log off; client_body_temp_path {workdir}/body;
  server {{ listen 127.0.0.1:{http_port}; location / {{ return 200 '{{"code":0}}'; }} }} }}"""
    with open(conf, "w") as f:
        f.write(f"""load_module /usr/lib/nginx/modules/ngx_rtmp_module.so;
worker_processes 1; error_log logs/error.log warn; pid logs/nginx.pid;
events {{ worker_connections 4096; }}
rtmp {{ server {{ listen 127.0.0.1:{port}; chunk_size 4096;
  application live {{ live on; record off; }} }} }}{http}
""")
    p = subprocess.Popen(["nginx", "-p", workdir, "-c", conf, "-g", "daemon off;"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for("nginx", lambda: socket.create_connection(("127.0.0.1", port), 0.2).close() or True, 20)
    return p, port


def start_publisher(url):
    return subprocess.Popen(["ffmpeg", "-hide_banner", "-loglevel", "error", "-re",
                             "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30",
                             "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
                             "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency",
                             "-g", "60", "-b:v", "2M", "-maxrate", "2M", "-bufsize", "2M",
                             "-c:a", "aac", "-b:a", "128k", "-f", "flv", url],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@contextlib.contextmanager
def live_source(workdir, http_port=None):
    """nginx-rtmp with one 2 Mbps publisher on it; yields the stream's RTMP URL."""
    nginx, port = start_nginx(os.path.join(workdir, "nginx"), http_port)
    url = f"rtmp://127.0.0.1:{port}/live/bench"
    publisher = start_publisher(url)
    try:
        time.sleep(3)  # let the publisher's first GOPs reach nginx
        yield url
    finally:
        publisher.kill()
        nginx.terminate()
        nginx.wait(10)


def api(port, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method,
                                 headers={"content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read())


def start_node(n, url, workdir, **config):
    """A node process with n rooms on the same live source; returns (process, port)."""
    data = os.path.join(workdir, "node")
    env = dict(os.environ, RECFLEET_BASIC_HTTP_HOST="127.0.0.1", RECFLEET_BASIC_HTTP_PORT="0",
               RECFLEET_BASIC_DATA_DIR=os.path.join(data, "data"),
               RECFLEET_BASIC_WORKS_PATH=os.path.join(data, "works"),
               RECFLEET_UPLOAD_OUTPUT_DIR=os.path.join(data, "output"),
               RECFLEET_RECORD_SEGMENT_SECONDS="3600", RECFLEET_BASIC_CAPACITY=str(max(n, 1)))
    env.update({k: str(v) for k, v in config.items()})
    os.makedirs(workdir, exist_ok=True)
    log = open(os.path.join(workdir, "node.log"), "w")
    # the README's sizing for a recording node: 192 MiB + 2 MiB per 2 Mbps room (the GOP rings),
    # the throughput collector; BENCH_HEAP_BASE, BENCH_HEAP_PER_ROOM and BENCH_JVM_OPTS try others
    heap_mb = int(os.environ.get("BENCH_HEAP_BASE", "192")) + int(float(os.environ.get("BENCH_HEAP_PER_ROOM", "2")) * n)
    jvm = os.environ.get("BENCH_JVM_OPTS", "-XX:+UseParallelGC").split()
    p = subprocess.Popen(["java", "-Xms64m", f"-Xmx{heap_mb}m", *jvm, "-jar", os.path.join(ROOT, "node/target/recfleet-node.jar")],
                         env=env, stdout=log, stderr=subprocess.STDOUT)
    p.log = log
    port_file = os.path.join(data, "data", "node.port")
    wait_for("the node", lambda: os.path.exists(port_file), 90)
    port = int(open(port_file).read())
    for i in range(n):
        api(port, "POST", "/api/rooms", {"roomId": f"bench{i}", "url": url})
    wait_for(f"{n} rooms recording", lambda: sum(
        1 for r in api(port, "GET", "/api/rooms")["data"] if r["state"] == "RECORDING") == n, 120 + n)
    p.works = os.path.join(data, "works")
    return p, port


def newest_flv(folder):
    files = [os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(".flv")]
    return max(files, key=os.path.getmtime)


def stop_node(p):
    p.send_signal(signal.SIGTERM)
    try:
        p.wait(60)
    except subprocess.TimeoutExpired:
        p.kill()
    p.log.close()


def run_recfleet(n, url, seconds, workdir):
    p, _ = start_node(n, url, workdir)
    try:
        time.sleep(5)  # warm-up: JIT and the first probes are not the steady state
        files = [newest_flv(os.path.join(p.works, f"bench{i}")) for i in range(n)]
        return measure([p.pid], seconds, files)
    finally:
        stop_node(p)


def contention_case(n, seconds):
    """Live recordings while the same node transcodes (CRF veryfast 720p) without pause: at nice 0
    and at the default nice 10. Keep-up = media seconds recorded / wall seconds, per room (1.0 is
    perfect); the transcoder's speed shows what the recordings cost it."""
    work = tempfile.mkdtemp(prefix="recfleet-bench-nice-")
    rows = []
    try:
        with live_source(work) as url:
            for nice in (0, 10):
                d = os.path.join(work, f"nice{nice}")
                os.makedirs(d)
                p, node_port = start_node(n, url, d, RECFLEET_RECORD_SEGMENT_SECONDS=6, RECFLEET_TRANSCODE_MODEL="CRF",
                                          RECFLEET_TRANSCODE_NICE=nice, RECFLEET_TRANSCODE_THREADS=2)
                try:
                    time.sleep(seconds)
                    recs = api(node_port, "GET", "/api/recordings?limit=10000")["data"]
                finally:
                    stop_node(p)
                closed = [r for r in recs if r["durationMs"] and r["endedAt"] and r["seq"] > 1]
                keep_up = []
                for room in {r["roomId"] for r in closed}:
                    segs = sorted((r for r in closed if r["roomId"] == room), key=lambda r: r["startedAt"])
                    if len(segs) < 2:
                        continue
                    from datetime import datetime
                    wall = (datetime.fromisoformat(segs[-1]["endedAt"]) - datetime.fromisoformat(segs[0]["startedAt"])).total_seconds()
                    keep_up.append(sum(r["durationMs"] for r in segs) / 1000.0 / wall)
                transcoded = [r for r in recs if r["state"] in ("TRANSCODED", "STORED")]
                media_done = sum(r["durationMs"] for r in transcoded) / 1000.0
                row = {"case": "contention", "streams": n, "nice": nice, "window_seconds": seconds,
                       "keep_up_min": min(keep_up) if keep_up else None,
                       "keep_up_mean": sum(keep_up) / len(keep_up) if keep_up else None,
                       "transcoded_media_seconds": media_done, "transcode_speed_x_realtime": media_done / seconds}
                print(json.dumps(row), flush=True)
                rows.append(row)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return rows


def run_ffmpeg(n, url, seconds, workdir):
    procs = []
    try:
        for i in range(n):
            procs.append(subprocess.Popen(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", url,
                                           "-c", "copy", "-f", "flv", os.path.join(workdir, f"ff{i}.flv")],
                                          stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                          stderr=subprocess.DEVNULL))
        wait_for(f"{n} ffmpeg recordings growing", lambda: all(
            os.path.exists(os.path.join(workdir, f"ff{i}.flv")) and
            os.path.getsize(os.path.join(workdir, f"ff{i}.flv")) > 100_000 for i in range(n)), 120 + n)
        time.sleep(5)
        return measure([q.pid for q in procs], seconds, [os.path.join(workdir, f"ff{i}.flv") for i in range(n)])
    finally:
        for q in procs:
            q.send_signal(signal.SIGINT)
        for q in procs:
            try:
                q.wait(20)
            except subprocess.TimeoutExpired:
                q.kill()


def timed(cmd):
    t0 = time.time()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.time() - t0


def recfleet_transcode(src, dst, *settings):
    """Runs the node's own transcoder in a JVM; the time is the transcode's, without JVM start-up."""
    cp = os.path.join(ROOT, "node/target/lib/*") + ":" + os.path.join(ROOT, "node/target/recfleet-node.jar")
    out = subprocess.run(["java", "-cp", cp, "recfleet.node.transcode.TranscodeCli", src, dst, *settings],
                         check=True, capture_output=True, text=True).stdout
    line = [l for l in out.splitlines() if "RESULT " in l][-1]
    return json.loads(line.split("RESULT ", 1)[1])["elapsedMs"] / 1000.0


def transcode_case(seconds_of_media):
    """COPY and CRF/veryfast on one 720p recording: recfleet's transcoder against the ffmpeg CLI."""
    work = tempfile.mkdtemp(prefix="recfleet-bench-tc-")
    try:
        src = os.path.join(work, "in.flv")
        subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
                        "-f", "lavfi", "-i", f"testsrc2=size=1280x720:rate=30:duration={seconds_of_media}",
                        "-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=44100:duration={seconds_of_media}",
                        "-c:v", "libx264", "-preset", "ultrafast", "-b:v", "4M", "-g", "60",
                        "-c:a", "aac", "-shortest", "-f", "flv", src], check=True)
        out = os.path.join(work, "out.mp4")
        rows = []
        cases = [
            ("COPY", ["model=COPY", "repeat=5"], ["-c", "copy", "-movflags", "+faststart"], 5),
            ("CRF veryfast, encoder threads auto", ["model=CRF", "crf=23", "preset=veryfast", "threads=0"],
             ["-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-c:a", "aac", "-movflags", "+faststart"], 1),
            ("CRF veryfast, threads=2 (the default)", ["model=CRF", "crf=23", "preset=veryfast", "threads=2"],
             ["-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-threads", "2", "-c:a", "aac",
              "-movflags", "+faststart"], 1),
        ]
        for name, ours, theirs, repeats in cases:
            rec = recfleet_transcode(src, out, *ours)
            ref = min(timed(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", src, *theirs, out])
                      for _ in range(repeats))
            row = {"case": "transcode", "mode": name, "media_seconds": seconds_of_media,
                   "recfleet_seconds": rec, "ffmpeg_seconds": ref,
                   "recfleet_speed_x_realtime": seconds_of_media / rec, "ffmpeg_speed_x_realtime": seconds_of_media / ref,
                   "throughput_ratio": ref / rec}
            print(json.dumps(row), flush=True)
            rows.append(row)
        return rows
    finally:
        shutil.rmtree(work, ignore_errors=True)


def wrk(url, seconds):
    out = subprocess.run(["wrk", "-t2", "-c32", f"-d{seconds}s", "--latency", "-s",
                          os.path.join(ROOT, "bench", "webhook.lua"), url],
                         check=True, capture_output=True, text=True).stdout
    rps = float(next(l for l in out.splitlines() if l.startswith("Requests/sec:")).split()[1])
    p99 = next(l for l in out.splitlines() if l.strip().startswith("99%")).split()[1]
    unit = 1e-3 if p99.endswith("us") else 1.0 if p99.endswith("ms") else 1000.0
    non2xx = [l for l in out.splitlines() if "Non-2xx" in l]
    return {"requests_per_second": rps, "p99_ms": float(p99.rstrip("usm")) * unit,
            "non_2xx": int(non2xx[0].split()[-1]) if non2xx else 0}


def webhook_case(streams, seconds):
    """BililiveRecorder webhook calls against a node that is recording `streams` live rooms,
    and against nginx answering a fixed 200 on the same machine (the loopback ceiling)."""
    if shutil.which("wrk") is None:
        print("webhook case skipped: wrk is not installed (apt-get install wrk)", flush=True)
        return []
    work = tempfile.mkdtemp(prefix="recfleet-bench-webhook-")
    http_port = free_port()
    try:
        with live_source(work, http_port) as url:
            p, node_port = start_node(streams, url, work)
            try:
                wrk(f"http://127.0.0.1:{node_port}", 3)  # warm-up
                ours = wrk(f"http://127.0.0.1:{node_port}", seconds)
            finally:
                stop_node(p)
            ref = wrk(f"http://127.0.0.1:{http_port}", seconds)
        row = {"case": "webhook", "recording_streams": streams, "seconds": seconds, "recfleet": ours,
               "nginx_fixed_200": ref, "throughput_ratio": ours["requests_per_second"] / ref["requests_per_second"]}
        print(json.dumps(row), flush=True)
        return [row]
    finally:
        shutil.rmtree(work, ignore_errors=True)


def start_rclone(folder, port, bwlimit=None):
    p = subprocess.Popen(["rclone", "serve", "webdav", folder, "--addr", f"127.0.0.1:{port}", "--user", "bench",
                          "--pass", "bench-pass", "--config", "/dev/null"] + (["--bwlimit", bwlimit] if bwlimit else []),
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for("rclone", lambda: socket.create_connection(("127.0.0.1", port), 0.2).close() or True, 20)
    return p


def curl_seconds(*args, expect_bytes=None):
    t0 = time.time()
    out = subprocess.run(["curl", "-s", "-S", "-f", "-w", "%{size_download}", *args], check=True,
                         capture_output=True, text=True).stdout
    if expect_bytes is not None and int(out.strip().split()[-1]) != expect_bytes:
        raise RuntimeError(f"downloaded {out.strip()} bytes, expected {expect_bytes}")
    return time.time() - t0


def upload_pairs(cp, env, big, base, megabytes, pairs=5):
    """The node's upload code against `curl -T`, to the same server. One uploader JVM serves the
    whole run, as a running node does: its first upload (JVM start, class loading, JIT
    compilation) is a warm-up, reported apart. Then pairs, each `curl -T` and then the node's
    code, so both see the same moment of a shared machine; every file is deleted after its pair."""
    auth = ("-u", "bench:bench-pass")
    uploader = subprocess.Popen(["java", "-cp", cp, "recfleet.node.upload.UploadCli", big, base, "/up"], env=env,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def ours(path):
        uploader.stdin.write(path + "\n")
        uploader.stdin.flush()
        for line in uploader.stdout:
            if "RESULT " in line:
                r = json.loads(line.split("RESULT ", 1)[1])
                return r["elapsedMs"] / 1000, r["cpuMs"] / 1000
        raise RuntimeError("the uploader ended before its result")

    def curl_upload(path):
        before = os.times()
        seconds = curl_seconds(*auth, "-T", big, f"{base}/up/{path}")
        after = os.times()
        return seconds, (after.children_user + after.children_system) - (before.children_user + before.children_system)

    def delete(path):
        curl_seconds(*auth, "-X", "DELETE", f"{base}/up/{path}")

    try:
        cold, _ = ours("ours/warm-up.bin")
        delete("ours/warm-up.bin")
        curl_upload("curl-warm-up.bin")
        delete("curl-warm-up.bin")
        rows = []
        for i in range(pairs):
            c, c_cpu = curl_upload(f"curl{i}.bin")
            o, o_cpu = ours(f"ours/{i}.bin")
            rows.append({"curl": c, "ours": o, "ratio": c / o, "ours_cpu": o_cpu, "curl_cpu": c_cpu})
            delete(f"curl{i}.bin")
            delete(f"ours/{i}.bin")
    finally:
        uploader.stdin.close()
        uploader.wait(60)
    median = lambda xs: sorted(xs)[len(xs) // 2]
    ours_s, curl_s = median([r["ours"] for r in rows]), median([r["curl"] for r in rows])
    return {"case": "webdav_upload", "megabytes": megabytes, "pairs": rows, "recfleet_seconds": ours_s,
            "curl_seconds": curl_s, "recfleet_mb_s": megabytes / ours_s, "curl_mb_s": megabytes / curl_s,
            "throughput_ratio": median([r["ratio"] for r in rows]), "ratio_min": min(r["ratio"] for r in rows),
            "ratio_max": max(r["ratio"] for r in rows),
            "recfleet_cpu_s_per_gib": median([r["ours_cpu"] for r in rows]) * 1024 / megabytes,
            "curl_cpu_s_per_gib": median([r["curl_cpu"] for r in rows]) * 1024 / megabytes,
            "cold_first_mb_s": megabytes / cold}


def storage_case(megabytes):
    """WebDAV upload (the node's WebDavStorage vs curl -T) and the Range proxy (a download through
    the node vs a direct GET from the server), on one file, same server, same run; plus the
    node's heap before and after proxying it."""
    if shutil.which("rclone") is None:
        print("storage case skipped: rclone is not installed", flush=True)
        return []
    work = tempfile.mkdtemp(prefix="recfleet-bench-dav-")
    dav_port = free_port()
    dav = start_rclone(os.path.join(work, "dav"), dav_port)
    base = f"http://127.0.0.1:{dav_port}"
    try:
        big = os.path.join(work, "big.bin")
        with open(big, "wb") as f:
            for _ in range(megabytes):
                f.write(os.urandom(1 << 20))
        cp = os.path.join(ROOT, "node/target/lib/*") + ":" + os.path.join(ROOT, "node/target/recfleet-node.jar")
        env = dict(os.environ, RECFLEET_WEBDAV_LOGIN="bench", RECFLEET_WEBDAV_PASSWORD="bench-pass")
        up = upload_pairs(cp, env, big, base, megabytes)
        print(json.dumps(up), flush=True)

        # a node that stores to this server; its one recording's file is then swapped for the big one.
        # The live source (an x264 encoder) is stopped before anything is timed: on 2 cores it
        # would take CPU from whichever download it happened to overlap.
        p = None
        try:
            with live_source(work) as url:
                p, port = start_node(1, url, os.path.join(work, "n"), RECFLEET_RECORD_SEGMENT_SECONDS=2,
                                     RECFLEET_UPLOAD_TARGET="webdav", RECFLEET_WEBDAV_HOSTNAME=base,
                                     RECFLEET_WEBDAV_LOGIN="bench", RECFLEET_WEBDAV_PASSWORD="bench-pass",
                                     RECFLEET_WEBDAV_ROOT="/rec")
                wait_for("a stored recording", lambda: any(r["state"] == "STORED" for r in
                         api(port, "GET", "/api/recordings")["data"]), 60)
                api(port, "DELETE", "/api/rooms/bench0")
            rec = next(r for r in api(port, "GET", "/api/recordings")["data"] if r["state"] == "STORED")
            # the big file replaces the recording on the server, through WebDAV so the server knows
            curl_seconds("-u", "bench:bench-pass", "-T", big, f"{base}/rec/{rec['storedPath']}")
            proxied_url = f"http://127.0.0.1:{port}/api/recordings/{rec['recordingId']}/file"
            direct_url = f"{base}/rec/{rec['storedPath']}"
            proxied = lambda: curl_seconds("-o", "/dev/null", proxied_url, expect_bytes=megabytes << 20)
            direct = lambda: curl_seconds("-u", "bench:bench-pass", "-o", "/dev/null", direct_url,
                                          expect_bytes=megabytes << 20)
            heap_before = api(port, "GET", "/api/system")["data"]["figures"]["heapUsedBytes"]
            proxied()  # warm-up: the node's first download runs before the JIT has compiled the path
            # Pairs, each a direct GET then a proxied one, so that both see the same moment of a
            # shared machine; the ratio is per pair, and the report gives the median and the range.
            pairs = []
            for _ in range(7):
                d = direct()
                cpu0 = cpu_seconds([p.pid])
                r = proxied()
                pairs.append({"direct": d, "proxied": r, "ratio": d / r, "node_cpu": cpu_seconds([p.pid]) - cpu0})
            heap_after = api(port, "GET", "/api/system")["data"]["figures"]["heapUsedBytes"]
            rss = rss_bytes([p.pid])
            # The same with the server's link limited to 100 MiB/s, as a real drive's would be.
            dav.terminate()
            dav.wait(10)
            dav = start_rclone(os.path.join(work, "dav"), dav_port, "100M")
            limited = [(direct(), proxied()) for _ in range(2)]
        finally:
            if p is not None:
                stop_node(p)
        median = lambda xs: sorted(xs)[len(xs) // 2]
        ratio = median([x["ratio"] for x in pairs])
        direct_s = median([x["direct"] for x in pairs])
        proxied_s = median([x["proxied"] for x in pairs])
        limited_direct = min(d for d, _ in limited)
        limited_proxied = min(r for _, r in limited)
        down = {"case": "range_proxy", "megabytes": megabytes, "pairs": pairs, "recfleet_seconds": proxied_s,
                "direct_seconds": direct_s, "recfleet_mb_s": megabytes / proxied_s, "direct_mb_s": megabytes / direct_s,
                "throughput_ratio": ratio, "ratio_min": min(x["ratio"] for x in pairs),
                "ratio_max": max(x["ratio"] for x in pairs),
                "node_cpu_s_per_gib": median([x["node_cpu"] for x in pairs]) * 1024 / megabytes,
                "heap_before_mib": heap_before / 2**20, "heap_after_mib": heap_after / 2**20,
                "node_rss_mib_after": rss / 2**20,
                "limited_recfleet_mb_s": megabytes / limited_proxied, "limited_direct_mb_s": megabytes / limited_direct,
                "limited_throughput_ratio": limited_direct / limited_proxied}
        print(json.dumps(down), flush=True)
        return [up, down]
    finally:
        dav.terminate()
        dav.wait(10)
        shutil.rmtree(work, ignore_errors=True)


def first_bytes_seconds(url):
    """The floor of any failover: a fresh `ffmpeg -c copy` connecting to the stream, probing it
    and writing its first kilobyte of FLV."""
    t0 = time.time()
    p = subprocess.Popen(["ffmpeg", "-hide_banner", "-loglevel", "error", "-i", url, "-c", "copy", "-f", "flv", "pipe:1"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        got = 0
        while got < 1024:
            chunk = p.stdout.read1(65536)
            if not chunk:
                raise RuntimeError("ffmpeg wrote nothing")
            got += len(chunk)
        return time.time() - t0
    finally:
        p.kill()
        p.wait()


def placement_case(rooms, nodes):
    """Placing ROOMS rooms on NODES simulated nodes: the master's own decisions, then storing them."""
    cp = os.path.join(ROOT, "master/target/lib/*") + ":" + os.path.join(ROOT, "master/target/recfleet-master.jar")
    out = subprocess.run(["java", "-cp", cp, "recfleet.master.fleet.PlacementCli", str(rooms), str(nodes), "5"],
                         check=True, capture_output=True, text=True).stdout
    rounds = [l for l in out.splitlines() if "rooms on" in l and "decided in" in l]
    cold_ms = float(rounds[0].split("decided in ")[1].split(" ms")[0])
    r = json.loads([l for l in out.splitlines() if "RESULT " in l][-1].split("RESULT ", 1)[1])
    row = {"case": "placement", "rooms": rooms, "nodes": nodes, "decide_ms_cold": cold_ms,
           "decide_ms_best": r["decideMs"], "store_ms_best": r["storeMs"],
           "min_rooms_per_node": r["minRoomsPerNode"], "max_rooms_per_node": r["maxRoomsPerNode"],
           "target_ms": 1000}
    print(json.dumps(row), flush=True)
    return [row]


TOKEN = "bench-fleet-token"


def start_java(jar, env, workdir, name, port_file):
    os.makedirs(workdir, exist_ok=True)
    log = open(os.path.join(workdir, name + ".log"), "w")
    p = subprocess.Popen(["java", "-Xms64m", "-Xmx384m", "-jar", os.path.join(ROOT, jar)],
                         env=dict(os.environ, **env), stdout=log, stderr=subprocess.STDOUT)
    p.log = log
    wait_for(name, lambda: os.path.exists(port_file), 120)
    return p, int(open(port_file).read())


def fleet_rooms(mport):
    rooms = api(mport, "GET", "/api/rooms")["data"]
    return {r["roomId"]: r["nodeId"] for r in rooms if r["state"] == "RECORDING"}, len(rooms)


def await_moved_off(mport, node, timeout=60):
    """Seconds until every wanted room records and none on `node`."""
    t0 = time.time()
    while time.time() - t0 < timeout:
        placed, total = fleet_rooms(mport)
        if len(placed) == total and node not in placed.values():
            return time.time() - t0
        time.sleep(0.1)
    raise RuntimeError(f"rooms did not leave {node} within {timeout} s")


def fleet_case(modes):
    """Failover time with a master and three node JVMs linked in each mode, nine rooms on one live
    RTMP stream: a node killed with SIGKILL, then one frozen with SIGSTOP. Reference: a fresh
    ffmpeg connecting to the same stream (the least any failover can take)."""
    work = tempfile.mkdtemp(prefix="recfleet-bench-fleet-")
    results = []
    try:
        with live_source(work) as url:
            ref = sorted(first_bytes_seconds(url) for _ in range(3))[1]
            for mode in modes:
                d = os.path.join(work, mode)
                hz = [free_port_for_later() for _ in range(4)]
                members = ",".join(f"127.0.0.1:{p}" for p in hz)
                cluster = lambda port: {"RECFLEET_CLUSTER_NAME": "bench-" + mode, "RECFLEET_CLUSTER_PORT": str(port),
                                        "RECFLEET_CLUSTER_MEMBERS": members}
                node_ports = {n: free_port_for_later() for n in ("node-a", "node-b", "node-c")}
                menv = {"RECFLEET_MASTER_TOKEN": TOKEN, "RECFLEET_MASTER_HTTP_HOST": "127.0.0.1",
                        "RECFLEET_MASTER_HTTP_PORT": "0", "RECFLEET_MASTER_DATA_DIR": os.path.join(d, "master")}
                if mode == "cluster":
                    menv.update(RECFLEET_MASTER_CLUSTER="on", **cluster(hz[0]))
                if mode == "forward":
                    menv["RECFLEET_MASTER_FORWARD_NODES"] = ",".join(f"http://127.0.0.1:{p}" for p in node_ports.values())
                procs = []
                try:
                    m, mport = start_java("master/target/recfleet-master.jar", menv, d, "master",
                                          os.path.join(d, "master", "master.port"))
                    procs.append(m)
                    nodes = {}
                    for i, (nid, hport) in enumerate(node_ports.items()):
                        nd = os.path.join(d, nid)
                        env = {"RECFLEET_BASIC_NODE_ID": nid, "RECFLEET_BASIC_HTTP_HOST": "127.0.0.1",
                               "RECFLEET_BASIC_HTTP_PORT": str(hport), "RECFLEET_BASIC_DATA_DIR": os.path.join(nd, "data"),
                               "RECFLEET_BASIC_WORKS_PATH": os.path.join(nd, "works"),
                               "RECFLEET_UPLOAD_OUTPUT_DIR": os.path.join(nd, "output"),
                               "RECFLEET_RECORD_SEGMENT_SECONDS": "3600", "RECFLEET_BASIC_CAPACITY": "10",
                               "RECFLEET_LINK_MODE": mode, "RECFLEET_LINK_TOKEN": TOKEN,
                               "RECFLEET_LINK_MASTER_URL": f"http://127.0.0.1:{mport}"}
                        if mode == "cluster":
                            env.update(cluster(hz[i + 1]))
                        p, _ = start_java("node/target/recfleet-node.jar", env, nd, nid, os.path.join(nd, "data", "node.port"))
                        procs.append(p)
                        nodes[nid] = p
                    wait_for("three nodes up", lambda: sum(1 for n in api(mport, "GET", "/api/nodes")["data"]
                                                            if n["state"] == "UP") == 3, 90)
                    for i in range(9):
                        api(mport, "GET", f"/addroom?roomid=room{i}&url=" + urllib.parse.quote(url, safe=""))
                    wait_for("nine rooms recording", lambda: len(fleet_rooms(mport)[0]) == 9, 120)
                    nodes["node-a"].kill()
                    kill_s = await_moved_off(mport, "node-a")
                    os.kill(nodes["node-b"].pid, signal.SIGSTOP)
                    try:
                        stop_s = await_moved_off(mport, "node-b")
                    finally:
                        os.kill(nodes["node-b"].pid, signal.SIGCONT)
                    row = {"case": "failover", "mode": mode, "kill9_seconds": kill_s, "sigstop_seconds": stop_s,
                           "reference_connect_seconds": ref, "down_after_seconds": 5, "target_seconds": 10}
                    results.append(row)
                    print(json.dumps(row), flush=True)
                finally:
                    for p in procs:
                        with contextlib.suppress(Exception):
                            os.kill(p.pid, signal.SIGCONT)
                            p.terminate()
                    for p in procs:
                        with contextlib.suppress(Exception):
                            p.wait(30)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return results


class Relay:
    """A TCP relay on 127.0.0.1 to `target_port` that the case can cut (open links drop, new ones
    are refused) and mend: a network partition between one node and the master."""

    def __init__(self, target_port):
        import threading
        self.target_port, self.cut_off, self.open = target_port, False, set()
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(50)
        self.port = self.server.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        import threading
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            if self.cut_off:
                client.close()
                continue
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=2)
            except OSError:
                client.close()
                continue
            self.open.update((client, upstream))
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    def _pump(self, src, dst):
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                dst.sendall(data)
        except OSError:
            pass
        for sock in (src, dst):
            with contextlib.suppress(OSError):
                sock.close()

    def cut(self):
        self.cut_off = True
        for sock in list(self.open):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
                sock.close()
        self.open.clear()

    def mend(self):
        self.cut_off = False

    def close(self):
        self.cut()
        self.server.close()


def probe_seconds(path):
    out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", path],
                         capture_output=True, text=True).stdout.strip()
    try:
        return float(out)
    except ValueError:
        return 0.0


def flv_spans(works_dirs, room):
    """(start, end) in epoch seconds of every raw FLV of `room` on any node: the open time is in the
    file name (UTC), the length is ffprobe's."""
    import datetime
    spans = []
    for works in works_dirs:
        folder = os.path.join(works, room)
        if not os.path.isdir(folder):
            continue
        for name in os.listdir(folder):
            if not name.endswith(".flv"):
                continue
            stamp = name[len(room) + 1:-4]
            opened = datetime.datetime.strptime(stamp, "%Y%m%d-%H%M%S-%f").replace(tzinfo=datetime.timezone.utc).timestamp()
            spans.append((opened, opened + probe_seconds(os.path.join(folder, name))))
    return sorted(spans)


def unwritten_seconds(spans, t0, t1):
    lost, covered = 0.0, t0
    for start, end in spans:
        if end <= covered:
            continue
        if start > covered:
            lost += max(0.0, min(start, t1) - covered)
        covered = max(covered, end)
        if covered >= t1:
            return lost
    return lost + max(0.0, t1 - covered)


def start_reverse_node(d, nid, master_urls, policy="keep"):
    """A node JVM in reverse mode that keeps its raw FLVs (the evidence of who wrote when); returns
    the process and its works folder."""
    nd = os.path.join(d, nid)
    env = {"RECFLEET_BASIC_NODE_ID": nid, "RECFLEET_BASIC_HTTP_HOST": "127.0.0.1",
           "RECFLEET_BASIC_HTTP_PORT": "0", "RECFLEET_BASIC_DATA_DIR": os.path.join(nd, "data"),
           "RECFLEET_BASIC_WORKS_PATH": os.path.join(nd, "works"),
           "RECFLEET_UPLOAD_OUTPUT_DIR": os.path.join(nd, "output"), "RECFLEET_RECORD_TIMEZONE": "UTC",
           "RECFLEET_RECORD_SEGMENT_SECONDS": "3600", "RECFLEET_BASIC_CAPACITY": "10",
           "RECFLEET_TRANSCODE_DELETE_SOURCE": "false", "RECFLEET_LINK_MODE": "reverse",
           "RECFLEET_LINK_TOKEN": TOKEN, "RECFLEET_LINK_MASTER_URL": master_urls,
           "RECFLEET_LINK_WHEN_MASTER_LOST": policy}
    p, _ = start_java("node/target/recfleet-node.jar", env, nd, nid, os.path.join(nd, "data", "node.port"))
    return p, os.path.join(nd, "works")


def place_rooms(mport, prefix, rooms, url, nodes=2):
    """Waits for the nodes, adds `rooms` rooms on the live stream through the master, waits until all record."""
    wait_for("nodes up", lambda: sum(1 for n in api(mport, "GET", "/api/nodes")["data"] if n["state"] == "UP") == nodes, 90)
    names = [f"{prefix}{i}" for i in range(rooms)]
    for r in names:
        api(mport, "GET", f"/addroom?roomid={r}&url=" + urllib.parse.quote(url, safe=""))
    wait_for("rooms recording", lambda: len(fleet_rooms(mport)[0]) == rooms, 120)
    return names


def master_failover_run(url, work, scenario, policy, rooms=4):
    """One master, two node JVMs in reverse mode, `rooms` live rooms. outage: the master is killed with
    SIGKILL for 30 s, then restarted. partition: node-a's link to the master is cut for 20 s while its
    source stays reachable. Returns room-seconds unwritten (per room, worst), rooms moved, overlaps."""
    d = os.path.join(work, f"{scenario}-{policy}")
    mport = free_port_for_later()
    menv = {"RECFLEET_MASTER_TOKEN": TOKEN, "RECFLEET_MASTER_HTTP_HOST": "127.0.0.1",
            "RECFLEET_MASTER_HTTP_PORT": str(mport), "RECFLEET_MASTER_DATA_DIR": os.path.join(d, "master")}
    relay = Relay(mport)
    procs = []
    try:
        m, _ = start_java("master/target/recfleet-master.jar", menv, d, "master", os.path.join(d, "master", "master.port"))
        procs.append(m)
        works = []
        for nid in ("node-a", "node-b"):
            p, w = start_reverse_node(d, nid, f"http://127.0.0.1:{relay.port if nid == 'node-a' else mport}", policy)
            procs.append(p)
            works.append(w)
        names = place_rooms(mport, "mf", rooms, url)
        t0 = time.time()
        if scenario == "outage":
            procs[0].kill()
            procs[0].wait(30)
            time.sleep(30)  # the outage itself: the scenario, not a wait for a condition
            os.remove(os.path.join(d, "master", "master.port"))  # so the restart is waited for, not the old file
            m, _ = start_java("master/target/recfleet-master.jar", menv, d, "master-2", os.path.join(d, "master", "master.port"))
            procs[0] = m
        else:
            relay.cut()
            time.sleep(20)
            relay.mend()
        t1 = time.time()
        wait_for("rooms recording again", lambda: len(fleet_rooms(mport)[0]) == rooms, 90)
        time.sleep(8)  # down_after and a little: late moves or late overlaps would show now
        events = api(mport, "GET", "/api/events?limit=1000")["data"]
        moved_after = sum(1 for e in events if e["type"] == "RoomMoved")
        overlaps = sum(1 for e in events if e["type"] == "RecordingOverlap")
        for p in procs[1:]:
            p.terminate()
            p.wait(60)
        lost = [unwritten_seconds(flv_spans(works, r), t0, t1) for r in names]
        return {"case": "master_failover", "scenario": scenario, "policy": policy, "rooms": rooms,
                "outage_seconds": t1 - t0, "room_seconds_unwritten": sum(lost), "worst_room_unwritten_seconds": max(lost),
                "room_seconds_total": rooms * (t1 - t0), "rooms_moved": moved_after, "overlaps_reported": overlaps,
                "new_leader_seconds": None}
    finally:
        relay.close()
        for p in procs:
            with contextlib.suppress(Exception):
                p.terminate()
                p.wait(30)


def leader_kill_run(url, work, rooms=6):
    """Three masters in one Hazelcast cluster ([MASTER] masters = 3), two node JVMs in reverse mode that
    list all three, `rooms` live rooms: the leader killed with SIGKILL. Returns the time until another
    master leads (answers /api/nodes; followers answer 503) and the room-seconds unwritten meanwhile
    and for 10 s after."""
    d = os.path.join(work, "leader-kill")
    http = [free_port_for_later() for _ in range(3)]
    hz = [free_port_for_later() for _ in range(3)]
    procs = []
    try:
        for i in range(3):
            env = {"RECFLEET_MASTER_TOKEN": TOKEN, "RECFLEET_MASTER_HTTP_HOST": "127.0.0.1",
                   "RECFLEET_MASTER_HTTP_PORT": str(http[i]), "RECFLEET_MASTER_PUBLIC_URL": f"http://127.0.0.1:{http[i]}",
                   "RECFLEET_MASTER_DATA_DIR": os.path.join(d, f"master-{i + 1}"), "RECFLEET_MASTER_CLUSTER": "on",
                   "RECFLEET_MASTER_MASTERS": "3", "RECFLEET_CLUSTER_NAME": "bench-leader-kill",
                   "RECFLEET_CLUSTER_PORT": str(hz[i]), "RECFLEET_CLUSTER_MEMBERS": ",".join(f"127.0.0.1:{p}" for p in hz)}
            p, _ = start_java("master/target/recfleet-master.jar", env, d, f"master-{i + 1}",
                              os.path.join(d, f"master-{i + 1}", "master.port"))
            procs.append(p)
        leader = http[0]  # the oldest master leads
        works = []
        for nid in ("node-a", "node-b"):
            p, w = start_reverse_node(d, nid, ",".join(f"http://127.0.0.1:{p}" for p in http))
            procs.append(p)
            works.append(w)
        names = place_rooms(leader, "lk", rooms, url)
        before = fleet_rooms(leader)[0]
        t0 = time.time()
        procs[0].kill()

        def leading():
            for port in http[1:]:
                with contextlib.suppress(Exception):
                    api(port, "GET", "/api/nodes")
                    return port
            return None
        new_leader = None
        while new_leader is None and time.time() - t0 < 60:
            new_leader = leading()
            if new_leader is None:
                time.sleep(0.05)
        to_leader = time.time() - t0
        wait_for("rooms recording again", lambda: len(fleet_rooms(new_leader)[0]) == rooms, 60)
        time.sleep(10)  # down_after and more: a room that moved would show now
        after = fleet_rooms(new_leader)[0]
        t1 = time.time()
        for p in procs[3:]:
            p.terminate()
            p.wait(60)
        lost = [unwritten_seconds(flv_spans(works, r), t0, t1) for r in names]
        return {"case": "master_failover", "scenario": "leader kill (3 masters)", "policy": "keep", "rooms": rooms,
                "outage_seconds": t1 - t0, "room_seconds_unwritten": sum(lost), "worst_room_unwritten_seconds": max(lost),
                "room_seconds_total": rooms * (t1 - t0), "rooms_moved": sum(1 for r in names if before.get(r) != after.get(r)),
                "overlaps_reported": 0, "new_leader_seconds": to_leader}
    finally:
        for p in procs:
            with contextlib.suppress(Exception):
                p.terminate()
                p.wait(30)


def master_failover_case():
    """Room-seconds lost to a master outage and to a partition, with [LINK] when_master_lost = keep (the
    default) and pause (the strict rule). Reference: one `ffmpeg -c copy` recording the same live stream
    through every run, whose media length against the wall time shows what the stream itself lost."""
    work = tempfile.mkdtemp(prefix="recfleet-bench-mf-")
    results = []
    try:
        with live_source(work) as url:
            ref_path = os.path.join(work, "reference.flv")
            ref = subprocess.Popen(["ffmpeg", "-hide_banner", "-loglevel", "error", "-i", url, "-c", "copy",
                                    "-f", "flv", ref_path], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            ref_start = time.time()
            for scenario in ("outage", "partition"):
                for policy in ("keep", "pause"):
                    row = master_failover_run(url, work, scenario, policy)
                    results.append(row)
                    print(json.dumps(row), flush=True)
            row = leader_kill_run(url, work)
            results.append(row)
            print(json.dumps(row), flush=True)
            ref.send_signal(signal.SIGINT)
            ref.wait(30)
            ref_wall = time.time() - ref_start
            ref_media = probe_seconds(ref_path)
            for row in results:
                row["reference_lost_seconds_per_hour"] = max(0.0, ref_wall - ref_media) / ref_wall * 3600
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return results


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", default="record,transcode,contention,webhook,storage,placement,failover,master-failover")
    ap.add_argument("--modes", default="reverse,cluster,forward")
    ap.add_argument("--megabytes", type=int, default=1024)
    ap.add_argument("--streams", default="1,10,50")
    ap.add_argument("--seconds", type=int, default=20)
    ap.add_argument("--media-seconds", type=int, default=60)
    args = ap.parse_args()
    cases = args.cases.split(",")
    results = []
    if "record" in cases:
        results += record_case([int(x) for x in args.streams.split(",")], args.seconds)
    if "transcode" in cases:
        results += transcode_case(args.media_seconds)
    if "contention" in cases:
        results += contention_case(10, 60)
    if "webhook" in cases:
        results += webhook_case(10, 15)
    if "storage" in cases:
        results += storage_case(args.megabytes)
    if "placement" in cases:
        results += placement_case(10000, 100)
    if "failover" in cases:
        results += fleet_case(args.modes.split(","))
    if "master-failover" in cases:
        results += master_failover_case()
    write_report(results)


def record_case(counts, seconds):
    work = tempfile.mkdtemp(prefix="recfleet-bench-")
    results = []
    try:
        with live_source(work) as url:
            for n in counts:
                d = os.path.join(work, f"n{n}")
                os.makedirs(d)
                ref = run_ffmpeg(n, url, seconds, os.path.join(d))
                rec = run_recfleet(n, url, seconds, d)
                row = {"case": "record", "streams": n, "window_seconds": seconds,
                       "recfleet": rec, "ffmpeg_copy": ref,
                       "recfleet_cpu_per_stream": rec["cpu_cores"] / n, "ffmpeg_cpu_per_stream": ref["cpu_cores"] / n,
                       "recfleet_pss_mib_per_stream": rec["pss_bytes"] / n / 2**20,
                       "ffmpeg_pss_mib_per_stream": ref["pss_bytes"] / n / 2**20,
                       "cpu_ratio": rec["cpu_cores"] / ref["cpu_cores"] if ref["cpu_cores"] else None,
                       "pss_ratio": rec["pss_bytes"] / ref["pss_bytes"] if ref["pss_bytes"] else None}
                results.append(row)
                print(json.dumps(row), flush=True)
                shutil.rmtree(d, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return results


def write_report(results):
    os.makedirs(OUT, exist_ok=True)
    meta = {"host_cpus": os.cpu_count(), "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    with open(os.path.join(OUT, "report.json"), "w") as f:
        json.dump({"meta": meta, "results": results}, f, indent=2)
    record = [r for r in results if r["case"] == "record"]
    transcode = [r for r in results if r["case"] == "transcode"]
    lines = ["# recfleet benchmark", "",
             f"{meta['when']}, {meta['host_cpus']} CPUs.", ""]
    if record:
        lines += ["## record: N live 2 Mbps RTMP streams, one node vs one `ffmpeg -c copy` per stream", "",
             "CPU and PSS ratios are recfleet / ffmpeg: below 1 means recfleet uses less. PSS from "
             "/proc/PID/smaps_rollup. Keep-up: media seconds written per wall second, per room (min / mean; "
             "rooms below 0.99).", "",
             "| N | recfleet CPU/stream | ffmpeg CPU/stream | CPU ratio | recfleet PSS/stream | ffmpeg PSS/stream "
             "| PSS ratio | recfleet keep-up | ffmpeg keep-up |",
             "|---|---|---|---|---|---|---|---|---|"]
        keep = lambda m: f"{m.get('keep_up_min', 0):.3f} / {m.get('keep_up_mean', 0):.3f} ({m.get('rooms_below_0_99', 0)} below)"
        for r in record:
            lines.append(f"| {r['streams']} | {r['recfleet_cpu_per_stream']*100:.2f} % | {r['ffmpeg_cpu_per_stream']*100:.2f} % "
                         f"| {r['cpu_ratio']:.2f} | {r['recfleet_pss_mib_per_stream']:.2f} MiB "
                         f"| {r['ffmpeg_pss_mib_per_stream']:.2f} MiB | {r['pss_ratio']:.2f} "
                         f"| {keep(r['recfleet'])} | {keep(r['ffmpeg_copy'])} |")
    if transcode:
        lines += ["", f"## transcode: one {transcode[0]['media_seconds']} s 720p30 4 Mbps FLV, recfleet's transcoder vs the ffmpeg CLI",
                  "", "Throughput ratio is ffmpeg's time / recfleet's time: above 1 means recfleet is faster. "
                  "recfleet's time excludes JVM start-up (a node is long-running); COPY is the best of 5 runs for both.", "",
                  "| mode | recfleet | ffmpeg | throughput ratio |", "|---|---|---|---|"]
        for r in transcode:
            lines.append(f"| {r['mode']} | {r['recfleet_seconds']:.2f} s ({r['recfleet_speed_x_realtime']:.1f}x) "
                         f"| {r['ffmpeg_seconds']:.2f} s ({r['ffmpeg_speed_x_realtime']:.1f}x) | {r['throughput_ratio']:.2f} |")
    contention = [r for r in results if r["case"] == "contention"]
    if contention:
        lines += ["", f"## contention: {contention[0]['streams']} live 2 Mbps rooms while the same node transcodes them "
                  "(CRF veryfast, 6 s segments) for 60 s", "",
                  "Keep-up is media recorded / wall time per room (1.00: the recordings lost nothing to the transcodes).", "",
                  "| transcode nice | keep-up, worst room | keep-up, mean | transcoded media | transcode speed |",
                  "|---|---|---|---|---|"]
        for r in contention:
            lines.append(f"| {r['nice']} | {r['keep_up_min']:.3f} | {r['keep_up_mean']:.3f} "
                         f"| {r['transcoded_media_seconds']:.0f} s | {r['transcode_speed_x_realtime']:.2f}x |")
    webhook = [r for r in results if r["case"] == "webhook"]
    if webhook:
        r = webhook[0]
        lines += ["", f"## webhook: BililiveRecorder calls (wrk, 2 threads, 32 connections, {r['seconds']} s) while the node "
                  f"records {r['recording_streams']} live rooms", "",
                  "Each call is parsed, checked and stored (deduplicated by EventId) before the answer. "
                  "Reference: nginx answering a fixed 200 on the same machine.", "",
                  "| | calls/s | p99 | non-2xx |", "|---|---|---|---|",
                  f"| recfleet | {r['recfleet']['requests_per_second']:.0f} | {r['recfleet']['p99_ms']:.1f} ms | {r['recfleet']['non_2xx']} |",
                  f"| nginx fixed 200 | {r['nginx_fixed_200']['requests_per_second']:.0f} | {r['nginx_fixed_200']['p99_ms']:.1f} ms | - |",
                  "", f"Throughput ratio recfleet / nginx: {r['throughput_ratio']:.2f}."]
    upload = [r for r in results if r["case"] == "webdav_upload"]
    proxy = [r for r in results if r["case"] == "range_proxy"]
    if upload and proxy:
        u, d = upload[0], proxy[0]
        lines += ["", f"## storage: one {u['megabytes']} MiB file, rclone serve webdav on the same machine", "",
                  "Upload: one uploader process for the run, as in a running node, and one warm-up upload each; then "
                  "five pairs (`curl -T`, then the node's code). Download: seven pairs (a direct GET, then the same "
                  "file through the node), after one warm-up download. The ratio is taken per pair and the table "
                  "gives the median pair (range in brackets).", "",
                  "| | recfleet | reference | throughput ratio |", "|---|---|---|---|",
                  f"| WebDAV upload (MKCOL, streamed PUT, PROPFIND check) vs `curl -T` | {u['recfleet_mb_s']:.0f} MiB/s "
                  f"| {u['curl_mb_s']:.0f} MiB/s | {u['throughput_ratio']:.2f} ({u['ratio_min']:.2f}-{u['ratio_max']:.2f}) |",
                  f"| download proxied by the node vs a direct GET from the server | {d['recfleet_mb_s']:.0f} MiB/s "
                  f"| {d['direct_mb_s']:.0f} MiB/s | {d['throughput_ratio']:.2f} ({d['ratio_min']:.2f}-{d['ratio_max']:.2f}) |",
                  f"| the same with the server's link limited to 100 MiB/s (best of 2) | {d['limited_recfleet_mb_s']:.0f} MiB/s "
                  f"| {d['limited_direct_mb_s']:.0f} MiB/s | {d['limited_throughput_ratio']:.2f} |", "",
                  f"Uploading took the node's code {u['recfleet_cpu_s_per_gib']:.2f} CPU-seconds per GiB "
                  f"(`curl -T`: {u['curl_cpu_s_per_gib']:.2f}); the uploader's first, cold upload (JVM start, class loading, "
                  f"JIT) ran at {u['cold_first_mb_s']:.0f} MiB/s. "
                  f"The node spent {d['node_cpu_s_per_gib']:.2f} CPU-seconds per GiB relayed (median pair). "
                  f"Node heap used before the downloads: {d['heap_before_mib']:.0f} MiB, after: "
                  f"{d['heap_after_mib']:.0f} MiB; node RSS after: {d['node_rss_mib_after']:.0f} MiB (-Xmx512m)."]
    placement = [r for r in results if r["case"] == "placement"]
    if placement:
        r = placement[0]
        lines += ["", f"## placement: {r['rooms']} rooms on {r['nodes']} simulated nodes (capacity 150-300, mixed CPU and disk)", "",
                  "The master's own decisions, one room at a time as the API adds them, then every placement stored "
                  "in its H2 in one transaction. Target: under 1 s.", "",
                  "| decide, cold JVM | decide, warm (best of 5) | store, best of 5 | decide + store (warm) | rooms per node |",
                  "|---|---|---|---|---|",
                  f"| {r['decide_ms_cold']:.0f} ms | {r['decide_ms_best']:.0f} ms | {r['store_ms_best']:.0f} ms "
                  f"| {r['decide_ms_best'] + r['store_ms_best']:.0f} ms | {r['min_rooms_per_node']}-{r['max_rooms_per_node']} "
                  "(in proportion to capacity) |"]
    failover = [r for r in results if r["case"] == "failover"]
    if failover:
        lines += ["", "## failover: master + 3 node JVMs, 9 rooms on one live RTMP stream, down_after 5 s", "",
                  "Time from the signal until every room records again and none on the signalled node "
                  "(as the master's /api/rooms reports it). Reference: a fresh `ffmpeg -c copy` connecting to the same "
                  "stream and writing its first kilobyte, the least any failover can take. Target: 10 s or less.", "",
                  "| link mode | kill -9 | SIGSTOP | reference connect |", "|---|---|---|---|"]
        for r in failover:
            lines.append(f"| {r['mode']} | {r['kill9_seconds']:.1f} s | {r['sigstop_seconds']:.1f} s "
                         f"| {r['reference_connect_seconds']:.1f} s |")
    mf = [r for r in results if r["case"] == "master_failover"]
    if mf:
        lines += ["", "## master-failover: 2 node JVMs in reverse mode, 4-6 live rooms, down_after 5 s", "",
                  "outage: the master killed with SIGKILL for 30 s, then restarted. partition: one node cut off from the "
                  "master by a TCP relay for 20 s, its source still reachable. Room-seconds unwritten: the time no node "
                  "wrote a room, from the raw FLV files (open time in the name, length from ffprobe), over the "
                  "outage. Reference: one `ffmpeg -c copy` recording the same stream through all runs "
                  "(what the stream itself lost, per hour). leader kill: three masters in one Hazelcast cluster, the "
                  "leader killed with SIGKILL; time to a new leader until another master answers the API.", "",
                  "| scenario | when_master_lost | room-seconds unwritten (of total) | worst room | rooms moved | overlaps reported | new leader | reference lost/h |",
                  "|---|---|---|---|---|---|---|---|"]
        for r in mf:
            lines.append(f"| {r['scenario']} | {r['policy']} | {r['room_seconds_unwritten']:.1f} s "
                         f"(of {r['room_seconds_total']:.0f} s) | {r['worst_room_unwritten_seconds']:.1f} s "
                         f"| {r['rooms_moved']} | {r['overlaps_reported']} "
                         f"| {'-' if r['new_leader_seconds'] is None else format(r['new_leader_seconds'], '.1f') + ' s'} "
                         f"| {r['reference_lost_seconds_per_hour']:.1f} s |")
    with open(os.path.join(OUT, "report.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
