#!/usr/bin/env bash
# Fill fuzz/corpus/<target>/ (not committed) with seeds: the committed seeds in fuzz/seeds/,
# every definition under fixtures/, and GitLab's corpus in ../shared when it is there.
# Usage: fuzz/seed.sh TARGET
set -euo pipefail
cd "$(dirname "$0")"
target=${1:?usage: seed.sh TARGET}
corpus=corpus/$target
mkdir -p "$corpus"

if [ -d "seeds/$target" ]; then
  cp -n seeds/"$target"/* "$corpus"/ 2>/dev/null || true
fi

yml_files() {
  find ../fixtures -name '*.yml' -type f
  if [ -d ../../shared/gitlab-corpus ]; then
    find ../../shared/gitlab-corpus -name '*.yml' -type f
  fi
}

case "$target" in
  load)
    # One seed per definition, named by its content hash so reseeding adds nothing twice.
    yml_files | while read -r f; do
      cp "$f" "$corpus/$(sha1sum "$f" | cut -c1-40)"
    done
    ;;
  plan)
    # Every plan of the generator scenarios (they name the events of the fixed repository).
    find ../fixtures -name 'plan*.yml' -type f | while read -r f; do
      cp "$f" "$corpus/$(sha1sum "$f" | cut -c1-40)"
    done
    ;;
  validate|render)
    # An event and a metric joined by a NUL byte, as the target splits them: each metric of a
    # fixture with an event of the same fixture, so cross-file rules have something to match.
    events=$(yml_files | grep '/config/events/' || true)
    yml_files | grep '/config/metrics/' | while read -r metric; do
      root=${metric%%/config/metrics/*}
      event=$(printf '%s\n' "$events" | grep -F "$root/" | head -n 1 || true)
      [ -n "$event" ] || event=$(printf '%s\n' "$events" | head -n 1)
      tmp=$(mktemp)
      { cat "$event"; printf '\0'; cat "$metric"; } > "$tmp"
      hash=$(sha1sum "$tmp" | cut -c1-40)
      mv "$tmp" "$corpus/$hash"
    done
    ;;
  *)
    echo "no seeds defined for target $target (add a case to fuzz/seed.sh)" >&2
    ;;
esac
echo "$corpus: $(ls "$corpus" | wc -l) inputs"
