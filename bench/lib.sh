# bench/lib.sh - what bench/run and bench/scale share (sourced by both from the repository's root).

PGBIN=/usr/lib/postgresql/15/bin
# PostgreSQL refuses to run as root: as root, its programs run as the postgres user
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# ms MICROSECONDS: milliseconds as the reports print them ("–" when there is no figure)
ms() { awk -v u="$1" 'BEGIN { if (u == "") print "–"; else if (u < 10000) printf "%.2f", u/1000; else printf "%.0f", u/1000 }'; }

# the commit measured, and whether the tree had changes
commit_line() {
  local dirty=""
  [ -n "$(git status --porcelain 2>/dev/null | grep -v '^??' || true)" ] && dirty=" (with uncommitted changes)"
  echo "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$dirty"
}

# the machine: cores, processor, memory, kernel
machine_line() {
  echo "$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')), $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo) of memory, $(uname -sr)"
}

# link_latest FILE PREFIX: between FILE's <!-- latest --> markers, links to the newest full run of
# each kind (bench/run's sqlite and postgres, bench/scale's scale); PREFIX is the way from FILE's
# folder to bench/results/
link_latest() {
  [ -f "$1" ] && grep -q '<!-- latest -->' "$1" || return 0
  local links="" kind f
  for kind in sqlite postgres scale; do
    f=$(ls -1 bench/results/*-"$kind".md 2>/dev/null | sort | tail -1 || true)
    [ -n "$f" ] && links+="- $kind: [$(basename "$f")]($2$(basename "$f"))\n"
  done
  awk -v links="$links" '
    /<!-- latest -->/ { print; printf "%s", links; skip = 1; next }
    /<!-- \/latest -->/ { skip = 0 }
    !skip { print }' "$1" >"$1.latest" && mv "$1.latest" "$1"
}
