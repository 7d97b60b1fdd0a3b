#!/usr/bin/env bash
# `eventdef dictionary` at scale: build time, output size next to the YAML it describes, and the
# index page in headless Chromium (time to interactive, time per search keystroke and per filter
# change, measured in the page with performance.now()).
#
#   bash benches/dictionary.sh [--files 10000] [--repeat 3] [--work DIR]
#
# Builds eventdef and the corpus generator in release, generates a GitLab-like repository of
# --files definitions (examples/gen_corpus.rs, the same trees as the validate benchmark), builds
# its dictionary once untimed and --repeat times timed (median reported), then opens it in
# Debian's chromium through puppeteer-core (installed with npm into the work folder; it never
# downloads a browser). Prints a Markdown table. Needs chromium, node and npm.
#
# Exit status: 0 when the table was printed, 2 when something needed is missing or failed.

set -euo pipefail

crate_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
files=10000
repeat=3
work=""
while [ $# -gt 0 ]; do
  case "$1" in
    --files) files=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    *) echo "usage: $0 [--files N] [--repeat N] [--work DIR]" >&2; exit 2 ;;
  esac
done
for tool in chromium node npm; do
  command -v "$tool" >/dev/null || { echo "error: $tool is missing (apt-get install chromium nodejs npm)" >&2; exit 2; }
done
if [ -z "$work" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"

cd "$crate_root"
cargo build --release --locked --quiet --bin eventdef --example gen_corpus || exit 2
bin="$crate_root/target/release/eventdef"
corpus="$work/corpus-$files"
[ -d "$corpus" ] || "$crate_root/target/release/examples/gen_corpus" --files "$files" --out "$corpus" >/dev/null || exit 2
if [ ! -d "$work/node_modules/puppeteer-core" ]; then
  PUPPETEER_SKIP_DOWNLOAD=1 npm install --prefix "$work" --no-audit --no-fund --no-save --silent \
    puppeteer-core@24.43.1 >/dev/null || { echo "error: npm install puppeteer-core failed" >&2; exit 2; }
fi

site="$work/site"
now_ms() { date +%s%3N; }
"$bin" dictionary --root "$corpus" --out "$site" >/dev/null || exit 2
times=()
for _ in $(seq "$repeat"); do
  # Into a new folder, as a CI job builds it (replacing a folder also deletes the old one).
  rm -rf "$site"
  start=$(now_ms)
  "$bin" dictionary --root "$corpus" --out "$site" >/dev/null || exit 2
  times+=($(( $(now_ms) - start )))
done
build_ms=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (repeat + 1) / 2 ))p")

bytes() { find "$1" -type f "${@:2}" -print0 | du -cb --files0-from=- | tail -1 | cut -f1; }
yaml=$(bytes "$corpus" -name '*.yml')
total=$(bytes "$site")
pages=$(bytes "$site/assets/details")
data=$(stat -c %s "$site/assets/data.js")
shard_count=$(find "$site/assets/details" -type f | wc -l)

browser=$(NODE_PATH="$work/node_modules" node "$crate_root/benches/dictionary_browser.js" "$site") || exit 2
field() { printf '%s' "$browser" | node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>console.log(JSON.parse(s)['$1']))"; }

mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f×", a / b }'; }
echo "| $files definitions | value |"
echo "|---|---|"
echo "| build into a new folder (median of $repeat) | ${build_ms} ms |"
echo "| YAML described | $(mib "$yaml") |"
echo "| whole site ($(find "$site" -type f | wc -l) files) | $(mib "$total") ($(ratio "$total" "$yaml") the YAML) |"
echo "| of which the definitions' pages ($shard_count compressed shards) | $(mib "$pages") ($(ratio "$pages" "$yaml")) |"
echo "| data file (index and tables) | $(mib "$data") ($(ratio "$data" "$yaml")) |"
echo "| index interactive (headless Chromium) | $(field interactive_ms) ms |"
echo "| search keystroke, median / max ($(field keystrokes) keys) | $(field keystroke_ms_median) / $(field keystroke_ms_max) ms |"
echo "| filter change, median / max ($(field filter_changes) changes) | $(field filter_ms_median) / $(field filter_ms_max) ms |"
echo "| a definition shown on definition.html (slowest of 2) | $(field definition_ms_max) ms |"
