#!/usr/bin/env python3
"""Crash trial: live rooms recorded to WebDAV while the node is killed with SIGKILL at random
moments and restarted each time; then the queue is drained and the outcome checked.

    python3 bench/crash_trial.py [--kills 50] [--rooms 3] [--min 1.5] [--max 9.5] [--seed N] [--keep] [--snapshots]

Checks, after the drain:
  - every recording is STORED (none FAILED, none stuck);
  - every stored file is on the WebDAV server exactly once, at the size the node recorded;
  - no file on the server (recording or cover) is named by no recording;
  - every stored MP4 is playable (ffprobe reads a video stream and a positive duration, and
    ffmpeg decodes it without an error).
Exit status 0 only if all hold. Everything runs on 127.0.0.1: nginx-rtmp fed by ffmpeg, rclone
serve webdav, the node jar (built by bench/run.sh or `mvn -B -q package -DskipTests`).
"""
import argparse, json, os, random, shutil, signal, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (shared helpers: nginx, publisher, rclone, ports, api)

ROOT = bench.ROOT


def start_publisher(url):
    """A small live stream (360p, 1 s GOP) so that three rooms and the node fit on two cores."""
    return subprocess.Popen(["ffmpeg", "-hide_banner", "-loglevel", "error", "-re",
                             "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25",
                             "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
                             "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-b:v", "600k",
                             "-c:a", "aac", "-b:a", "64k", "-f", "flv", url],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


class Node:
    """The node under trial: one data folder, started and killed again and again."""

    def __init__(self, workdir, dav_port, jar):
        self.workdir = workdir
        self.jar = jar
        self.data = os.path.join(workdir, "data")
        self.env = dict(os.environ, RECFLEET_BASIC_HTTP_HOST="127.0.0.1", RECFLEET_BASIC_HTTP_PORT="0",
                        RECFLEET_BASIC_DATA_DIR=self.data, RECFLEET_BASIC_WORKS_PATH=os.path.join(workdir, "works"),
                        RECFLEET_RECORD_SEGMENT_SECONDS="4", RECFLEET_TRANSCODE_MODEL="COPY",
                        RECFLEET_UPLOAD_TARGET="webdav", RECFLEET_UPLOAD_DELETE_LOCAL="true",
                        RECFLEET_WEBDAV_HOSTNAME=f"http://127.0.0.1:{dav_port}",
                        RECFLEET_WEBDAV_LOGIN="trial", RECFLEET_WEBDAV_PASSWORD="trial-pass",
                        RECFLEET_WEBDAV_ROOT="/recfleet", RECFLEET_PIPELINE_RETRY_BASE_MS="500",
                        RECFLEET_PIPELINE_POLL_MS="1000")
        self.proc = None
        self.port = None
        self.starts = 0
        self.log = open(os.path.join(workdir, "node.log"), "a")

    def start(self):
        port_file = os.path.join(self.data, "node.port")
        if os.path.exists(port_file):
            os.remove(port_file)
        self.starts += 1
        self.log.write(f"\n===== start {self.starts} at {time.strftime('%H:%M:%S')} =====\n")
        self.log.flush()
        self.proc = subprocess.Popen(["java", "-Xms64m", "-Xmx384m", "-jar", self.jar],
                                     env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        bench.wait_for("the node", lambda: os.path.exists(port_file) and open(port_file).read().strip(), 120)
        self.port = int(open(port_file).read())

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(30)
        self.log.write(f"===== SIGKILL at {time.strftime('%H:%M:%S')} =====\n")
        self.log.flush()

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(60)
        except subprocess.TimeoutExpired:
            self.proc.kill()

    def api(self, method, path, body=None):
        return bench.api(self.port, method, path, body)


def pending_jobs(node):
    counts = node.api("GET", "/api/system")["data"]["jobs"]
    return sum(n for k, n in counts.items() if k.endswith(".PENDING") or k.endswith(".RUNNING"))


def playable(path):
    probe = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration:stream=codec_type",
                            "-of", "json", path], capture_output=True, text=True)
    if probe.returncode != 0:
        return "ffprobe: " + probe.stderr.strip()[:200]
    info = json.loads(probe.stdout)
    if not any(s.get("codec_type") == "video" for s in info.get("streams", [])):
        return "no video stream"
    if float(info.get("format", {}).get("duration", 0) or 0) <= 0:
        return "no duration"
    decode = subprocess.run(["ffmpeg", "-v", "error", "-i", path, "-f", "null", "-"], capture_output=True, text=True)
    if decode.returncode != 0 or decode.stderr.strip():
        return "decode: " + decode.stderr.strip()[:200]
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kills", type=int, default=50)
    ap.add_argument("--rooms", type=int, default=3)
    ap.add_argument("--min", type=float, default=1.5)
    ap.add_argument("--max", type=float, default=9.5)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    ap.add_argument("--snapshots", action="store_true",
                    help="copy the node's database file after every kill (what the restart found), into the work folder")
    args = ap.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rnd = random.Random(seed)
    if not os.path.exists(os.path.join(ROOT, "node/target/recfleet-node.jar")):
        subprocess.run(["mvn", "-B", "-q", "package", "-DskipTests"], cwd=ROOT, check=True)
    work = tempfile.mkdtemp(prefix="recfleet-crash-")
    print(f"crash trial: {args.kills} kills, {args.rooms} rooms, seed {seed}, work folder {work}", flush=True)
    nginx, rtmp_port = bench.start_nginx(os.path.join(work, "nginx"))
    dav_dir = os.path.join(work, "dav")
    os.makedirs(os.path.join(dav_dir, "recfleet"))
    dav_port = bench.free_port_for_later()
    rclone = subprocess.Popen(["rclone", "serve", "webdav", dav_dir, "--addr", f"127.0.0.1:{dav_port}",
                               "--user", "trial", "--pass", "trial-pass", "--config", "/dev/null"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    bench.wait_for("rclone", lambda: bench.socket.create_connection(("127.0.0.1", dav_port), 0.2).close() or True, 20)
    publishers = [start_publisher(f"rtmp://127.0.0.1:{rtmp_port}/live/k9room{i}") for i in range(args.rooms)]
    # the node runs from a copy, so a rebuild during the trial does not change it between restarts
    app = os.path.join(work, "app")
    shutil.copytree(os.path.join(ROOT, "node/target/lib"), os.path.join(app, "lib"))
    shutil.copy(os.path.join(ROOT, "node/target/recfleet-node.jar"), app)
    node = Node(work, dav_port, os.path.join(app, "recfleet-node.jar"))
    failed = []
    try:
        time.sleep(2)  # the publishers' first GOPs reach nginx
        node.start()
        for i in range(args.rooms):
            node.api("POST", "/api/rooms", {"roomId": f"k9room{i}", "url": f"rtmp://127.0.0.1:{rtmp_port}/live/k9room{i}"})
        for k in range(args.kills):
            time.sleep(rnd.uniform(args.min, args.max))
            node.kill()
            if args.snapshots:
                shutil.copy(os.path.join(node.data, "recfleet-node.mv.db"), os.path.join(work, f"snap-{k + 1}.mv.db"))
            node.start()
            print(f"kill {k + 1}/{args.kills} done", flush=True)
        time.sleep(args.max)
        for i in range(args.rooms):
            node.api("DELETE", f"/api/rooms/k9room{i}")
        bench.wait_for("the queue to drain", lambda: pending_jobs(node) == 0, 600)
        recordings = node.api("GET", "/api/recordings?limit=10000")["data"]
        node.stop()

        states = {}
        for r in recordings:
            states[r["state"]] = states.get(r["state"], 0) + 1
            if r["state"] != "STORED":
                failed.append(f"{r['recordingId']} ({r['rawPath']}) is {r['state']}: {r.get('lastError')}")
        named = {}
        for r in recordings:
            for key in ("storedPath", "coverPath"):
                if r.get(key):
                    named[r[key]] = named.get(r[key], 0) + 1
        on_server = {}
        root = os.path.join(dav_dir, "recfleet")
        for folder, _, files in os.walk(root):
            for f in files:
                rel = os.path.relpath(os.path.join(folder, f), root)
                on_server[rel] = os.path.getsize(os.path.join(folder, f))
        for path, times in named.items():
            if times != 1:
                failed.append(f"{path} is named by {times} recordings")
        for r in recordings:
            if r["state"] == "STORED":
                size = on_server.get(r["storedPath"])
                if size is None:
                    failed.append(f"{r['storedPath']} is STORED but not on the server")
                elif size != r["storedBytes"]:
                    failed.append(f"{r['storedPath']} has {size} bytes on the server, {r['storedBytes']} recorded")
        orphans = sorted(set(on_server) - set(named))
        failed += [f"orphan on the server: {p}" for p in orphans]
        unplayable = 0
        for r in recordings:
            if r["state"] == "STORED" and r["storedPath"] in on_server:
                problem = playable(os.path.join(root, r["storedPath"]))
                if problem:
                    unplayable += 1
                    failed.append(f"{r['storedPath']} is not playable: {problem}")
        print(f"kills: {args.kills}; node starts: {node.starts}; recordings: {len(recordings)} {states}; "
              f"files on the server: {len(on_server)}; orphans: {len(orphans)}; unplayable: {unplayable}")
    finally:
        for p in publishers:
            p.kill()
        if node.proc and node.proc.poll() is None:
            node.proc.kill()
        rclone.terminate()
        nginx.terminate()
        nginx.wait(10)
    for line in failed:
        print("FAILED: " + line)
    if failed:
        print(f"crash trial FAILED ({len(failed)} problems); node log in {work}/node.log (seed {seed})")
        sys.exit(1)
    print(f"crash trial passed (seed {seed})")
    if not args.keep:
        subprocess.run(["rm", "-rf", work])


if __name__ == "__main__":
    main()
