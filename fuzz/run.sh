#!/usr/bin/env bash
# Seed and fuzz one target for a while, then print executions per second and the result.
# Not part of CI. Needs cargo-fuzz (`cargo install cargo-fuzz`); on a stable toolchain,
# RUSTC_BOOTSTRAP=1 lets rustc accept the sanitizer flags cargo-fuzz passes.
# Usage: fuzz/run.sh TARGET SECONDS [extra libFuzzer flags...]
set -uo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: fuzz/run.sh TARGET SECONDS}
seconds=${2:?usage: fuzz/run.sh TARGET SECONDS}
shift 2

fuzz/seed.sh "$target"
mkdir -p fuzz/logs
log=fuzz/logs/$target.log
export RUSTC_BOOTSTRAP=1
# -rss_limit_mb: a run of the tool over one input must stay far below this (see README.md).
dict=()
case "$target" in load|validate|plan|render) dict=(-dict=fuzz/yaml.dict) ;; esac
cargo fuzz run "$target" "fuzz/corpus/$target" -- \
  -max_total_time="$seconds" -rss_limit_mb=1024 -timeout=10 -print_final_stats=1 "${dict[@]}" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

echo
echo "== $target: ${seconds}s"
grep -E '^(#[0-9]+[[:space:]]+(DONE|INITED)|stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb)' "$log" | tail -n 5
if [ "$status" -eq 0 ]; then
  echo "result: no crash"
else
  echo "result: FAILED (exit $status); the crashing input is in fuzz/artifacts/$target/"
fi
exit "$status"
