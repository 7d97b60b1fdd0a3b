#!/usr/bin/env bash
# How fast is `eventdef scan` next to ripgrep searching the same tree for the same names?
#
#   bash benches/scan.sh [--sizes "10000 50000"] [--repeat 3] [--work DIR]
#
# In one run it builds eventdef in release, generates GitLab-like code trees (Ruby services,
# JavaScript, Vue, HAML, RSpec and Jest specs, ~10 KB a file on average, so 50,000 files are
# ~500 MB; about one file in fifty holds a trigger, as in GitLab) with their event definitions,
# and times on each tree:
#   rg        rg --count --fixed-strings with the names eventdef's prefilter looks for
#             (every trigger form contains one), over the same tree
#   eventdef  eventdef scan --root TREE --format json (walk, prefilter, tokenize the files that
#             hold a name, check every trigger against the definitions)
# Both run once untimed first (warm page cache), then --repeat timed runs; the median is shown.
# Peak memory is /usr/bin/time -v "Maximum resident set size". It prints a Markdown table:
# files | MB | rg | eventdef | eventdef / rg | eventdef peak memory | triggers found.
#
# Needs ripgrep (Debian's `ripgrep`, installed with apt-get when run as root), python3 and
# GNU time. Exit status: 0 when the table was printed, 2 when something is missing or fails.

set -euo pipefail

crate_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
sizes="10000 50000"
repeat=3
work=""

die() {
    echo "scan.sh: $*" >&2
    exit 2
}

while [ $# -gt 0 ]; do
    case "$1" in
        --sizes) sizes=$2; shift 2 ;;
        --repeat) repeat=$2; shift 2 ;;
        --work) mkdir -p "$2"; work=$(cd "$2" && pwd); shift 2 ;;
        -h | --help) sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; exit 0 ;;
        *) die "unknown argument $1 (see --help)" ;;
    esac
done
[[ "$repeat" =~ ^[1-9][0-9]*$ ]] || die "--repeat takes a positive number"
for n in $sizes; do [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "--sizes takes positive numbers, got $n"; done

if ! command -v rg > /dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
        echo "scan.sh: installing ripgrep" >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ripgrep > /dev/null ||
            { apt-get update -qq > /dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ripgrep > /dev/null; } ||
            die "could not install ripgrep"
    else
        die "please install ripgrep (Debian: apt-get install ripgrep)"
    fi
fi
command -v python3 > /dev/null || die "please install python3"
[ -x /usr/bin/time ] || die "please install GNU time (/usr/bin/time)"

if [ -z "$work" ]; then
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi

echo "scan.sh: building eventdef (release)" >&2
(cd "$crate_root" && cargo build --release --locked --quiet) || die "cargo build failed"
eventdef="$crate_root/target/release/eventdef"

# The same names as NEEDLES in src/scan/files.rs.
needles=(track_internal_event InternalEvents trackEvent event_tracking event-tracking trigger_internal_events "internal event" rackingSpy)
rg_args=(--count --fixed-strings --no-messages)
for n in "${needles[@]}"; do rg_args+=(-e "$n"); done

generate() { # generate N DIR
    python3 - "$1" "$2" << 'PY'
import os, random, sys
n, root = int(sys.argv[1]), sys.argv[2]
random.seed(14)
actions = [f"bench_event_{i}" for i in range(max(10, n // 100))]
def body(lines, make):
    return "".join(make(i) for i in range(lines))
ruby_line = lambda i: f"    def method_{i}(project, user)\n      result = Projects::Finder.new(project, current_user: user).execute(params[:filter_{i}])\n      return if result.blank? # nothing to do for {i}\n      result.map {{ |item| item.id + {i} }}\n    end\n\n"
js_line = lambda i: f"export function handler{i}(event, state) {{\n  const value = state.items.filter((item) => item.id !== {i}).map((item) => item.name);\n  return {{ ...state, value, updated: Date.now() }}; // handler {i}\n}}\n\n"
kinds = [("app/services", ".rb", ruby_line), ("lib/gitlab", ".rb", ruby_line), ("ee/app/services", ".rb", ruby_line),
         ("app/assets/javascripts", ".js", js_line), ("app/assets/javascripts/components", ".vue", js_line),
         ("app/views", ".html.haml", None), ("spec/services", "_spec.rb", ruby_line), ("spec/frontend", "_spec.js", js_line)]
os.makedirs(f"{root}/config/events", exist_ok=True)
for a in actions:
    with open(f"{root}/config/events/{a}.yml", "w") as f:
        f.write(f"---\ndescription: Bench event {a}\ninternal_events: true\naction: {a}\nidentifiers:\n- project\n- user\nproduct_group: code_review\nmilestone: '17.4'\nintroduced_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/1\ntiers:\n- free\n")
for i in range(n):
    folder, ext, make = kinds[i % len(kinds)]
    d = f"{root}/{folder}/dir{i // 500}"
    os.makedirs(d, exist_ok=True)
    lines = random.randint(15, 65)
    action = random.choice(actions)
    trigger = i % 50 == 0
    if ext.endswith(".rb") and "spec" in folder:
        text = "RSpec.describe Bench do\n" + body(lines, ruby_line) + (f"  it 'tracks' do\n    expect {{ run }}.to trigger_internal_events('{action}').with(user: user, project: project)\n  end\n" if trigger else "") + "end\n"
    elif ext.endswith(".rb"):
        text = f"module Bench{i}\n" + body(lines, ruby_line) + (f"    def track\n      track_internal_event(\n        '{action}',\n        user: user,\n        project: project\n      )\n    end\n" if trigger else "") + "end\n"
    elif ext == ".html.haml":
        text = "".join(f".row-{k}\n  %span.title= link_to item_{k}.name, item_path(item_{k})\n  %p.description Plain text about item {k} for the page\n" for k in range(lines * 2))
        if trigger:
            text += f"%button{{ data: {{ event_tracking: '{action}', event_label: 'bench' }} }} Go\n"
    elif ext == ".vue":
        text = "<script>\n" + body(lines, js_line) + (f"function track() {{ this.trackEvent('{action}'); }}\n" if trigger else "") + "</script>\n<template>\n  <div class=\"bench\">{{ value }}</div>\n</template>\n"
    elif "spec" in folder:
        text = body(lines, js_line) + (f"expect(trackEventSpy).toHaveBeenCalledWith('{action}', {{}}, undefined);\n" if trigger else "")
    else:
        text = body(lines, js_line) + (f"InternalEvents.trackEvent('{action}', {{ label: 'bench' }});\n" if trigger else "")
    with open(f"{d}/file_{i}{ext}", "w") as f:
        f.write(text)
PY
}

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

timed() { # timed OUT_FILE COMMAND...: wall seconds on stdout, peak KB in OUT_FILE
    local start end status=0
    start=$(date +%s.%N)
    /usr/bin/time -f "%M" -o "$1.mem" "${@:2}" > "$1" 2> "$1.err" || status=$?
    end=$(date +%s.%N)
    # eventdef exits 1 when it has findings, rg 1 when nothing matched: both are fine here.
    [ "$status" -le 1 ] || { cat "$1.err" >&2; die "$2 failed with exit status $status"; }
    echo "$end - $start" | bc -l
}

echo "| files | MB | rg | eventdef scan | eventdef / rg | eventdef peak memory | triggers found |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for n in $sizes; do
    tree="$work/tree-$n"
    if [ ! -d "$tree" ]; then
        echo "scan.sh: generating $n files in $tree" >&2
        generate "$n" "$tree"
    fi
    mb=$(du -sm "$tree" | cut -f1)
    timed "$work/rg.out" rg "${rg_args[@]}" "$tree" > /dev/null
    timed "$work/ed.out" "$eventdef" scan --root "$tree" --format json > /dev/null
    rg_times=() ed_times=() peak=0
    for _ in $(seq "$repeat"); do
        rg_times+=("$(timed "$work/rg.out" rg "${rg_args[@]}" "$tree")")
        ed_times+=("$(timed "$work/ed.out" "$eventdef" scan --root "$tree" --format json)")
        mem=$(tail -1 "$work/ed.out.mem")
        [ "$mem" -gt "$peak" ] && peak=$mem
    done
    rg_s=$(printf '%s\n' "${rg_times[@]}" | median)
    ed_s=$(printf '%s\n' "${ed_times[@]}" | median)
    found=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["triggers"]))' "$work/ed.out")
    printf '| %s | %s | %.2f s | %.2f s | %.2f | %d MB | %s |\n' "$n" "$mb" "$rg_s" "$ed_s" "$(echo "$ed_s / $rg_s" | bc -l)" "$((peak / 1024))" "$found"
done
