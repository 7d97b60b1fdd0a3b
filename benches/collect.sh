#!/usr/bin/env bash
# How many events a second `eventdef collect` takes in and checks, its latency at a steady
# 2,000 requests a second, and its memory at the --max-events cap; beside a stand-in for
# GitLab's mock collector server.rb (Ruby WEBrick, benches/support/server_rb_standin.rb), which
# stores events without checking them, measured in the same run with the same requests.
#
#   bash benches/collect.sh [SECONDS]     (default 30 per measurement)
#
# Load: examples/collect_load.rs (release), keep-alive connections, a structured event with a
# gitlab_standard context as GitLab's backend sends it (GET /i, one event a request) and as its
# frontend does (POST tp2, batches of 10). Both servers and the client share this machine's
# cores, so the figures are a floor. Prints a Markdown table; exit 2 when something is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
command -v ruby >/dev/null || { echo "error: ruby is needed for the server.rb stand-in" >&2; exit 2; }

cargo build --release --locked --quiet --bin eventdef --example collect_load
bin=target/release/eventdef
load=target/release/examples/collect_load
work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() {
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "error: nothing listens on port $1" >&2; exit 2
}
field() { python3 -c "import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$1" "$2"; }
rss_mb() { awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

rows=()
measure() { # NAME PID URL
  local name="$1" pid="$2" url="$3" get post steady
  get="$("$load" "$url" get "$seconds" 8)"
  post="$("$load" "$url" post "$seconds" 8)"
  steady="$("$load" "$url" get "$seconds" 8 2000)"
  # The Rust client above shares the 2 cores and tops out first; wrk (Debian's package), one
  # thread and 8 connections, shows what the server itself sustains with the same request.
  local by_wrk="n/a (no wrk)"
  if command -v wrk >/dev/null; then
    by_wrk="$(wrk -t1 -c8 -d"${seconds}s" "$("$load" "$url" url)" | awk '/^Requests\/sec:/ { printf "%.0f", $2 }')"
  fi
  rows+=("| $name | $(field "$get" events_per_s) | $by_wrk | $(field "$post" events_per_s) | $(field "$steady" p50_ms) | $(field "$steady" p99_ms) | $(( $(field "$get" errors) + $(field "$post" errors) + $(field "$steady" errors) )) | $(rss_mb "$pid") |")
}

port="$(free_port)"
"$bin" --root fixtures/sample-repo collect --quiet --port "$port" 2>"$work/collect.log" &
pids+=($!); collect_pid=$!
wait_port "$port"
measure "eventdef collect (checks each event)" "$collect_pid" "http://127.0.0.1:$port"
stored="$(curl -s "http://127.0.0.1:$port/micro/all")"

port="$(free_port)"
ruby benches/support/server_rb_standin.rb "$port" &
pids+=($!); ruby_pid=$!
wait_port "$port"
measure "server.rb stand-in (WEBrick, no checks)" "$ruby_pid" "http://127.0.0.1:$port"

echo "| collector | GET /i events/s | GET /i events/s (wrk) | POST tp2 events/s (batches of 10) | p50 ms at 2,000 req/s | p99 ms at 2,000 req/s | errors | peak RSS MB |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
printf '%s\n' "${rows[@]}"
echo
echo "eventdef collect kept: $stored (--max-events 100,000: the oldest are dropped beyond it)"
