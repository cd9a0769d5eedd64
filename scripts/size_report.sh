#!/usr/bin/env bash
# size_report.sh: prints the first-visit transfer of a built site, per file, raw / gzip / brotli.
# Read-only: it measures a site folder and never changes it.
#   scripts/size_report.sh [SITE_DIR] [--check]
#   SITE_DIR  default: build/package/site (scripts/package.sh), else build/web/site
#   --check   exit 1 when the brotli total is over the target (600 KB)
# Counts every file a first visit downloads (HTML, JS, CSS, WASM, the ui.ttf font, config,
# icon); skips the precompressed .br/.gz copies and the asset manifest. Sizes are compressed here
# (gzip -9, brotli -q 11) so a plain build folder and a packaged one are measured alike.
# The last line is machine-readable: first_visit_brotli_bytes=N (the benchmark reads it).
set -euo pipefail
cd "$(dirname "$0")/.."

site="" check=0
for a in "$@"; do
  case "$a" in
    --check) check=1 ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) site="$a" ;;
  esac
done
if [ -z "$site" ]; then
  if [ -d build/package/site ]; then site=build/package/site; else site=build/web/site; fi
fi
[ -d "$site" ] || { echo "size_report: no site folder at $site (build or package first)" >&2; exit 2; }
command -v brotli >/dev/null || { echo "size_report: brotli not installed (scripts/setup.sh)" >&2; exit 2; }

readonly kTargetBytes=$((600 * 1024)) kGoalBytes=$((400 * 1024))
kb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1024 }'; }

total_raw=0 total_gz=0 total_br=0
printf '%-34s %10s %10s %10s\n' "file ($site)" "raw KB" "gzip KB" "brotli KB"
while IFS= read -r f; do
  name=${f#"$site"/}
  case "$name" in *.br|*.gz|asset-manifest.json|*.tar*) continue ;; esac
  raw=$(wc -c <"$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  br=$(brotli -q 11 -c "$f" | wc -c)
  total_raw=$((total_raw + raw)) total_gz=$((total_gz + gz)) total_br=$((total_br + br))
  printf '%-34s %10s %10s %10s\n' "$name" "$(kb "$raw")" "$(kb "$gz")" "$(kb "$br")"
done < <(find "$site" -maxdepth 1 -type f | LC_ALL=C sort)
printf '%-34s %10s %10s %10s\n' "TOTAL first visit" "$(kb $total_raw)" "$(kb $total_gz)" "$(kb $total_br)"

verdict="over the target"
if [ $total_br -le $kGoalBytes ]; then verdict="within the goal (< 400 KB)"
elif [ $total_br -le $kTargetBytes ]; then verdict="within the target (< 600 KB), over the goal (400 KB)"; fi
echo "brotli total $(kb $total_br) KB: $verdict"
echo "first_visit_brotli_bytes=$total_br"
if [ $check = 1 ] && [ $total_br -gt $kTargetBytes ]; then exit 1; fi
