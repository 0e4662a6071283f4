#!/usr/bin/env bash
# Runs every benchmark case and writes bench/out/report.md and bench/out/report.json.
# Each case measures recfleet and a reference tool in the same run and reports their ratio.
# Needs: java 17, maven, ffmpeg, nginx with libnginx-mod-rtmp (.ci/run installs them).
# Usage: bash bench/run.sh [--streams 1,10,50] [--seconds 20]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f node/target/recfleet-node.jar ] || [ ! -f master/target/recfleet-master.jar ]; then
  mvn -B -q package -DskipTests
fi
mkdir -p bench/out
exec python3 bench/bench.py "$@"
