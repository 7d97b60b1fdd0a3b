#!/usr/bin/env bash
# How fast is `eventdef validate` next to a Python and a Node JSON-schema validator?
#
#   bash benches/compare.sh [--sizes "10000 100000"] [--peers-at-100k] [--repeat 3]
#                           [--schemas DIR] [--work DIR] [--skip-peers]
#
# In one run it installs check-jsonschema (PyPI, into a venv) and ajv-cli + ajv-formats (npm,
# into a folder) under a work folder, builds eventdef and the corpus generator in release,
# generates GitLab-like repositories of 10,000 and 100,000 definitions, and times on each:
#   floor             reading every definition once (find … | xargs cat)
#   eventdef          eventdef validate --root DIR --format json  (schema + cross-file rules)
#   check-jsonschema  events against schemas/event.schema.json, metrics against
#                     schemas/metric.schema.json (schema only)
#   ajv-cli           the same files and schemas, --spec from the schema's $schema (schema only)
# and prints a Markdown table: tool | checks | files | wall | peak memory | ratio to eventdef.
# Wall is measured around each run; peak memory is /usr/bin/time -v "Maximum resident set size".
# Every tool runs once untimed first: floor and eventdef on the same tree, the peers on a
# 100-file tree (compiled .pyc, loaded modules; the page cache is warm from the floor run).
# Floor and eventdef report the median of --repeat timed runs, the peers one timed run.
# The peers run at the smallest size only unless --peers-at-100k (check-jsonschema needs about
# ten minutes for 100,000 files). The last step times the wizard's start-up on the smallest tree:
# the time from starting `eventdef new event` on a pseudo-terminal to its first question
# (benches/first_prompt.py), and, for comparison, loading the whole repository
# (examples/load_time.rs), which the wizard does in the background.
#
# Exit status: 0 when the table was printed, 2 when something needed is missing or a tool failed
# (findings in the generated files are not failures: they are counted in the "findings" column).

set -euo pipefail

CHECK_JSONSCHEMA_VERSION=${CHECK_JSONSCHEMA_VERSION:-0.39.0}
AJV_CLI_VERSION=${AJV_CLI_VERSION:-5.0.0}
AJV_FORMATS_VERSION=${AJV_FORMATS_VERSION:-3.0.1}

crate_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
sizes="10000 100000"
peers_everywhere=0
skip_peers=0
repeat=3
schemas_dir="$crate_root/schemas"
work=""

die() {
    echo "compare.sh: $*" >&2
    exit 2
}
note() { echo "compare.sh: $*" >&2; }

while [ $# -gt 0 ]; do
    case "$1" in
        --sizes) sizes=$2; shift 2 ;;
        --peers-at-100k) peers_everywhere=1; shift ;;
        --skip-peers) skip_peers=1; shift ;;
        --repeat) repeat=$2; shift 2 ;;
        --schemas) schemas_dir=$(cd "$2" 2> /dev/null && pwd) || die "--schemas $2: no such folder"; shift 2 ;;
        --work) mkdir -p "$2"; work=$(cd "$2" && pwd); shift 2 ;;
        -h | --help) sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; exit 0 ;;
        *) die "unknown argument $1 (see --help)" ;;
    esac
done
[[ "$repeat" =~ ^[1-9][0-9]*$ ]] || die "--repeat takes a positive number"
for n in $sizes; do [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "--sizes takes positive numbers, got $n"; done
smallest=$(printf '%s\n' $sizes | sort -n | head -1)

# --- what we need ----------------------------------------------------------------------------

for schema in event.schema.json metric.schema.json; do
    [ -f "$schemas_dir/$schema" ] || die "$schemas_dir/$schema is missing: the peers validate against our own JSON schemas (schemas/event.schema.json and schemas/metric.schema.json); give another folder with --schemas DIR"
done

apt_install() {
    if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
        note "installing Debian packages: $*"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" > /dev/null ||
            { apt-get update -qq > /dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" > /dev/null; }
    else
        die "please install: $* (not root or no apt-get, so I cannot)"
    fi
}

[ -x /usr/bin/time ] || apt_install time
command -v cargo > /dev/null || die "cargo is needed to build eventdef"
command -v python3 > /dev/null || apt_install python3 python3-venv
if [ "$skip_peers" = 0 ]; then
    command -v python3 > /dev/null || apt_install python3 python3-venv
    python3 -c 'import venv, ensurepip' 2> /dev/null || apt_install python3-venv
    command -v npm > /dev/null || apt_install nodejs npm
fi

if [ -z "$work" ]; then
    work=$(mktemp -d "${TMPDIR:-/tmp}/eventdef-compare.XXXXXX")
    trap 'rm -rf "$work"' EXIT
fi
logs="$work/logs"
mkdir -p "$logs"
note "work folder: $work"

# --- peers -----------------------------------------------------------------------------------

venv="$work/venv"
node_dir="$work/node"
if [ "$skip_peers" = 0 ]; then
    if [ ! -x "$venv/bin/check-jsonschema" ]; then
        note "installing check-jsonschema $CHECK_JSONSCHEMA_VERSION (PyPI) into $venv"
        python3 -m venv "$venv"
        "$venv/bin/pip" install --quiet --disable-pip-version-check "check-jsonschema==$CHECK_JSONSCHEMA_VERSION" ||
            die "pip could not install check-jsonschema"
    fi
    if [ ! -x "$node_dir/node_modules/.bin/ajv" ]; then
        note "installing ajv-cli $AJV_CLI_VERSION and ajv-formats $AJV_FORMATS_VERSION (npm) into $node_dir"
        mkdir -p "$node_dir"
        (cd "$node_dir" && npm init -y > /dev/null &&
            npm install --silent --no-audit --no-fund "ajv-cli@$AJV_CLI_VERSION" "ajv-formats@$AJV_FORMATS_VERSION") ||
            die "npm could not install ajv-cli / ajv-formats"
    fi
fi

# --- eventdef and the trees ------------------------------------------------------------------

note "building eventdef and the corpus generator (release)"
(cd "$crate_root" && cargo build --release --quiet --bin eventdef --example gen_corpus --example load_time) ||
    die "cargo build failed"
target_dir=$(cd "$crate_root" && cargo metadata --format-version 1 --no-deps 2> /dev/null |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])' 2> /dev/null || echo "$crate_root/target")
eventdef="$target_dir/release/eventdef"
gen_corpus="$target_dir/release/examples/gen_corpus"
load_time="$target_dir/release/examples/load_time"

for n in $sizes; do
    if [ ! -d "$work/tree-$n/config" ]; then
        note "generating $n definitions"
        "$gen_corpus" --files "$n" --out "$work/tree-$n" >&2 || die "gen_corpus failed"
    fi
done

# ajv finds referenced schemas by $id, so give every schema file without one (or with a
# non-file one) the file:// URI of a private copy; relative $refs then resolve to the same
# files check-jsonschema reads from disk. Absolute $refs to an old $id are rewritten too.
prepared="$work/schemas"
rm -rf "$prepared"
cp -R "$schemas_dir" "$prepared"
python3 - "$prepared" << 'PY' || die "could not prepare the schemas for ajv (is every *.json valid JSON?)"
import json, pathlib, sys
root = pathlib.Path(sys.argv[1])
files = sorted(root.rglob("*.json"))
docs, renamed = {}, {}
for f in files:
    doc = json.loads(f.read_text())
    if not isinstance(doc, dict):
        continue
    docs[f] = doc
    new_id = f.resolve().as_uri()
    old = doc.get("$id")
    if isinstance(old, str) and old != new_id:
        renamed[old.rstrip("#")] = new_id
    doc["$id"] = new_id
def rewrite(node):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref" and isinstance(v, str):
                base, sep, frag = v.partition("#")
                if base in renamed:
                    node[k] = renamed[base] + sep + frag
            else:
                rewrite(v)
    elif isinstance(node, list):
        for v in node:
            rewrite(v)
for f, doc in docs.items():
    rewrite(doc)
    f.write_text(json.dumps(doc, indent=1))
PY
event_schema="$prepared/event.schema.json"
metric_schema="$prepared/metric.schema.json"
draft=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("$schema",""))' "$event_schema")
case "$draft" in
    *draft-07* | *draft-06* | *draft-04*) ajv_spec=draft7 ;;
    *2019-09*) ajv_spec=draft2019 ;;
    *) ajv_spec=draft2020 ;;
esac
# Every schema file but the two main ones is a part they may reference (-r). The other main
# schema is left out: self-contained schemas embed the same parts (same $id) and ajv refuses
# two schemas with one $id.
ajv_refs=()
while IFS= read -r -d '' f; do
    [ "$f" = "$event_schema" ] || [ "$f" = "$metric_schema" ] || ajv_refs+=(-r "$f")
done < <(find "$prepared" -name '*.json' -print0 | sort -z)

# --- measuring -------------------------------------------------------------------------------

# Each tool is a small script run inside a tree (kept in $work/bin to rerun by hand).
bin="$work/bin"
mkdir -p "$bin"
# Definition files of one kind, NUL-separated, relative to the tree.
cat > "$bin/lib.sh" << 'SH'
list_events() {
    find $(ls -d config/events ee/config/events 2> /dev/null) \( -name '*.yml' -o -name '*.yaml' \) -type f -print0
}
list_metrics() {
    find $(ls -d config/metrics ee/config/metrics 2> /dev/null) -mindepth 2 \( -name '*.yml' -o -name '*.yaml' \) \
        -type f -not -path '*/schema/*' -not -path '*/objects_schemas/*' -print0
}
SH
cat > "$bin/floor.sh" << SH
. '$bin/lib.sh'
{ list_events; list_metrics; } | xargs -0 cat > /dev/null
SH
cat > "$bin/eventdef.sh" << SH
exec '$eventdef' validate --root . --format json
SH
# xargs -s: as few check-jsonschema processes as the argument limit allows (one per kind at
# 10,000 files). The exit status is the worse of the two runs (xargs turns 1 into 123).
cat > "$bin/check-jsonschema.sh" << SH
. '$bin/lib.sh'
list_events | xargs -0 -s 1900000 '$venv/bin/check-jsonschema' --schemafile '$event_schema'; a=\$?
list_metrics | xargs -0 -s 1900000 '$venv/bin/check-jsonschema' --schemafile '$metric_schema'; b=\$?
exit \$(( a > b ? a : b ))
SH
{
    printf 'ajv=%q\n' "$node_dir/node_modules/.bin/ajv"
    printf '"$ajv" validate --spec=%s --strict=false -c ajv-formats -s %q' "$ajv_spec" "$event_schema"
    [ ${#ajv_refs[@]} = 0 ] || printf ' %q' "${ajv_refs[@]}"
    printf ' -d "{config,ee/config}/events/**/*.{yml,yaml}"; a=$?\n'
    printf '"$ajv" validate --spec=%s --strict=false -c ajv-formats -s %q' "$ajv_spec" "$metric_schema"
    [ ${#ajv_refs[@]} = 0 ] || printf ' %q' "${ajv_refs[@]}"
    printf ' -d "{config,ee/config}/metrics/*/**/*.{yml,yaml}"; b=$?\n'
    printf 'exit $(( a > b ? a : b ))\n'
} > "$bin/ajv-cli.sh"

# run NAME TREE OUT SCRIPT: one run of SCRIPT inside TREE; sets run_ns, run_kb, run_rc.
run() {
    local name=$1 tree=$2 out=$3 script=$4
    local timefile="$logs/$name.time" start end
    start=$(date +%s%N)
    set +e
    (cd "$tree" && /usr/bin/time -v -o "$timefile" bash "$script" > "$out" 2> "$logs/$name.stderr")
    run_rc=$?
    set -e
    end=$(date +%s%N)
    run_ns=$((end - start))
    run_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$timefile")
    [ -n "$run_kb" ] || run_kb=0
    # user + system CPU seconds: less sensitive than wall to other load on the machine.
    run_cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f", s}' "$timefile")
}

results="$work/results.tsv"
: > "$results"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# measure TOOL SIZE RUNS OK_CODES FINDINGS WARM_TREE: an untimed run on WARM_TREE, then RUNS timed
# runs on the tree of SIZE; one results row (median wall, highest peak memory, findings).
# The slow peers warm up on a small tree (compiled .pyc, Node's module cache); the page cache
# of the big tree is already warm from the floor and eventdef runs.
measure() {
    local tool=$1 n=$2 runs=$3 ok=$4 findings_fn=$5 warm_tree=$6
    local tree="$work/tree-$n" name="$tool-$n" walls=() cpus=() peak=0 i out
    note "$tool on $n files"
    run "$name-warmup" "$warm_tree" "$logs/$name-warmup.out" "$bin/$tool.sh"
    [[ " $ok " == *" $run_rc "* ]] ||
        die "$tool failed in its warm-up run (exit $run_rc); see $logs/$name-warmup.stderr and .out"
    for ((i = 1; i <= runs; i++)); do
        # The first timed run keeps its output for the findings column (eventdef: the warm-up's).
        out=/dev/null
        [ "$i" = 1 ] && [ "$tool" != eventdef ] && out="$logs/$name.out"
        run "$name" "$tree" "$out" "$bin/$tool.sh"
        [[ " $ok " == *" $run_rc "* ]] || die "$tool failed on $n files (exit $run_rc); see $logs/$name.stderr"
        walls+=("$run_ns")
        cpus+=("$run_cpu")
        [ "$run_kb" -gt "$peak" ] && peak=$run_kb
    done
    local median cpu findings
    median=$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p")
    cpu=$(printf '%s\n' "${cpus[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p")
    if [ "$tool" = eventdef ]; then
        findings=$("$findings_fn" "$logs/$name-warmup.out" "$logs/$name-warmup.stderr")
    else
        findings=$("$findings_fn" "$logs/$name.out" "$logs/$name.stderr")
    fi
    note "$tool on $n files: $(awk -v ns="$median" 'BEGIN {printf "%.3f s", ns / 1e9}'), $((peak / 1024)) MB, $findings"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$n" "$median" "$peak" "$runs" "$findings" "$cpu" >> "$results"
}

no_findings() { echo "–"; }
eventdef_findings() {
    python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
diags = d.get("diagnostics", [])
errors = sum(1 for x in diags if x.get("severity") == "error")
files = len({x.get("path") for x in diags})
print(f"{errors} errors, {len(diags) - errors} others, in {files} files")' "$1" 2> /dev/null || echo "?"
}
check_jsonschema_findings() {
    # check-jsonschema prints one "  path::$.x: message" line per error, on stdout.
    echo "$(grep -E '^  [^ ].*::' "$1" | sed 's/::.*//' | sort -u | wc -l) invalid files"
}
ajv_findings() { echo "$(grep -c ' invalid$' "$2" || true) invalid files"; }

warm_tree="$work/tree-warmup"
if [ "$skip_peers" = 0 ] && [ ! -d "$warm_tree/config" ]; then
    "$gen_corpus" --files 100 --out "$warm_tree" > /dev/null || die "gen_corpus failed"
fi

for n in $sizes; do
    tree="$work/tree-$n"
    measure floor "$n" "$repeat" "0" no_findings "$tree"
    measure eventdef "$n" "$repeat" "0 1" eventdef_findings "$tree"
    if [ "$skip_peers" = 0 ] && { [ "$n" = "$smallest" ] || [ "$peers_everywhere" = 1 ]; }; then
        measure check-jsonschema "$n" 1 "0 1 123" check_jsonschema_findings "$warm_tree"
        ! grep -qE '^(Error|Traceback)' "$logs/check-jsonschema-$n.stderr" "$logs/check-jsonschema-$n.out" ||
            die "check-jsonschema reported an error; see $logs/check-jsonschema-$n.*"
        measure ajv-cli "$n" 1 "0 1" ajv_findings "$warm_tree"
        ! grep -qE '^(schema .* is invalid|error:)' "$logs/ajv-cli-$n.stderr" ||
            die "ajv-cli could not use the schemas; see $logs/ajv-cli-$n.stderr"
    fi
done

note "wizard start-up: first question on $smallest files"
prompt_line=$(python3 "$crate_root/benches/first_prompt.py" "$eventdef" --root "$work/tree-$smallest" --runs 5 2> "$logs/first_prompt.stderr" |
    grep '^median' || true)
[ -n "$prompt_line" ] || die "benches/first_prompt.py saw no first question; see $logs/first_prompt.stderr"
load_line=""
if [ -x "$load_time" ]; then
    note "wizard start-up: loader on $smallest files"
    load_line=$("$load_time" --root "$work/tree-$smallest" --runs 5 | grep '^median' || true)
fi

# --- the table -------------------------------------------------------------------------------

versions="eventdef $(cd "$crate_root" && git rev-parse --short HEAD 2> /dev/null || echo '?')"
if [ "$skip_peers" = 0 ]; then
    versions="$versions, check-jsonschema $("$venv/bin/check-jsonschema" --version | awk '{print $NF}') (Python $(python3 -c 'import platform; print(platform.python_version())'))"
    versions="$versions, ajv-cli $AJV_CLI_VERSION + ajv $(cd "$node_dir" && node -p 'require("ajv/package.json").version') + ajv-formats $AJV_FORMATS_VERSION (Node $(node --version)), --spec=$ajv_spec"
fi
cpu=$(lscpu 2> /dev/null | awk -F: '/Model name/ {gsub(/^ +/, "", $2); print $2; exit}')
mem=$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)

load_after=$(cut -d' ' -f1-3 /proc/loadavg)
python3 - "$results" "$versions" "${cpu:-unknown CPU}, $(nproc) cores, $mem RAM, $(uname -sr); load average $load_before before, $load_after after" "$load_line" "$prompt_line" << 'PY'
import sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1]) if line.strip()]
versions, machine, load_line, prompt_line = sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
checks = {
    "floor": "reads every file once",
    "eventdef": "YAML + schema + cross-file + conventions",
    "check-jsonschema": "schema only",
    "ajv-cli": "schema only",
}
wall = {(r[0], int(r[1])): int(r[2]) / 1e9 for r in rows}
def fmt_wall(s):
    return f"{s * 1000:.0f} ms" if s < 10 else f"{s:.1f} s"
print("| tool | checks | files | wall | CPU (user+sys) | peak memory | ratio to eventdef (wall) | findings |")
print("|---|---|---:|---:|---:|---:|---:|---|")
for tool, n, ns, kb, runs, findings, cpu in rows:
    n = int(n)
    w = int(ns) / 1e9
    base = wall.get(("eventdef", n))
    ratio = f"{w / base:.1f}×" if base else "–"
    how = f" (median of {runs})" if int(runs) > 1 else ""
    print(f"| {tool} | {checks.get(tool, '')} | {n:,} | {fmt_wall(w)}{how} | {float(cpu):.2f} s | {int(kb) / 1024:.0f} MB | {ratio} | {findings} |")
print()
sizes = sorted({int(r[1]) for r in rows})
for n in sizes:
    if ("eventdef", n) in wall and ("floor", n) in wall:
        print(f"- eventdef / floor at {n:,} files: {wall[('eventdef', n)] / wall[('floor', n)]:.2f}× (target ≤ 2×)")
if len(sizes) > 1 and ("eventdef", sizes[0]) in wall and ("eventdef", sizes[-1]) in wall:
    print(f"- eventdef {sizes[-1]:,} / {sizes[0]:,} files: {wall[('eventdef', sizes[-1])] / wall[('eventdef', sizes[0])]:.1f}× (target ≤ 11× for 100,000 / 10,000)")
if len(sizes) > 1:
    peak = {(r[0], int(r[1])): int(r[3]) / 1024 for r in rows}
    if ("eventdef", sizes[-1]) in peak:
        print(f"- eventdef peak memory at {sizes[-1]:,} files: {peak[('eventdef', sizes[-1])]:.0f} MB (target ≤ 200 MB at 100,000)")
n = sizes[0]
for peer, target in (("check-jsonschema", 200), ("ajv-cli", 10)):
    if (peer, n) in wall and ("eventdef", n) in wall:
        print(f"- {peer} / eventdef at {n:,} files: {wall[(peer, n)] / wall[('eventdef', n)]:.0f}× (target ≥ {target}×)")
if prompt_line:
    print(f"- wizard start-up (benches/first_prompt.py, {n:,} files): {prompt_line} (target < 50 ms)")
if load_line:
    print(f"  - for comparison, loading the whole repository (examples/load_time.rs, which the wizard does in the background): {load_line}")
print()
print(f"Machine: {machine}. Versions: {versions}.")
print("The peers get the product-category format as an unknown format: check-jsonschema ignores")
print("formats it does not know, ajv-cli ignores it with --strict=false (and warns); both check `uri`.")
PY
