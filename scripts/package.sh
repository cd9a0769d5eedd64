#!/usr/bin/env bash
# package.sh: builds the size-optimised release and packs it as a static site for any web server or
# CDN: content-hashed asset names, index.html pointing at them, config.json, precompressed .br/.gz,
# and a tarball. Writes only under build/ (git-ignored); never touches the source tree.
#   --preset P             CMake preset to build and pack (default release; release-test adds the
#                          window.consoleTest bridge, for the deploy browser test)
#   --out DIR              output folder (default build/package, or build/package-test)
#   --api-base-url URL     config.json apiBaseUrl (default "": the page's own origin)
#   --title T              config.json title (default "Accounts Console")
#   --allow-api-override   config.json allowApiOverride true (default false)
#   --no-build             pack the preset's existing build without rebuilding
# Result: DIR/site/ (upload this folder) and DIR/accounts-console-site-<version>.tar.gz.
set -euo pipefail
cd "$(dirname "$0")/.."

preset=release out="" api_base_url="" title="Accounts Console" allow_override=false build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --preset) preset="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --api-base-url) api_base_url="$2"; shift 2 ;;
    --title) title="$2"; shift 2 ;;
    --allow-api-override) allow_override=true; shift ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "package.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$preset" in
  release) : "${out:=build/package}" ;;
  release-test) : "${out:=build/package-test}" ;;
  *) echo "package.sh: --preset must be release or release-test" >&2; exit 2 ;;
esac

if [ $build = 1 ]; then
  bash scripts/setup.sh
  echo "[package] building preset $preset"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
fi
built="build/$preset/site"
for f in index.html shell.js style.css favicon.svg app.js app.wasm ui.ttf; do
  [ -f "$built/$f" ] || { echo "package.sh: $built/$f is missing (build the $preset preset)" >&2; exit 1; }
done

site="$out/site"
rm -rf "$site" && mkdir -p "$site"

# 1. Content-hashed copies: a changed file gets a new name, so caches may keep every name forever.
declare -A hashed
for f in app.js app.wasm ui.ttf shell.js style.css favicon.svg; do
  h=$(sha256sum "$built/$f" | cut -c1-12)
  name="${f%.*}.$h.${f##*.}"
  cp "$built/$f" "$site/$name"
  chmod 644 "$site/$name"
  hashed[$f]=$name
done

# 2. index.html pointing at them. The shell reads the app's file names from data-* attributes of its
#    own <script> tag and hands them to Emscripten's loader through Module.locateFile.
substitute() {  # substitute <from> <to>: exactly one occurrence must exist, or the shell changed
  local n; n=$(grep -cF -- "$1" "$site/index.html" || true)
  [ "$n" = 1 ] || { echo "package.sh: expected one '$1' in shell/index.html, found $n" >&2; exit 1; }
  FROM="$1" TO="$2" perl -0pi -e 's/\Q$ENV{FROM}\E/$ENV{TO}/' "$site/index.html"
}
cp "$built/index.html" "$site/index.html"
substitute 'href="style.css"' "href=\"${hashed[style.css]}\""
substitute 'href="favicon.svg"' "href=\"${hashed[favicon.svg]}\""
substitute 'href="app.wasm"' "href=\"${hashed[app.wasm]}\""
substitute 'href="ui.ttf"' "href=\"${hashed[ui.ttf]}\""
substitute 'href="app.js"' "href=\"${hashed[app.js]}\""
substitute '<script src="shell.js">' "<script src=\"${hashed[shell.js]}\" data-app-js=\"${hashed[app.js]}\" data-app-wasm=\"${hashed[app.wasm]}\" data-ui-font=\"${hashed[ui.ttf]}\">"

# 3. config.json (edit it after packaging to point at your API; it is never cached).
API_BASE_URL="$api_base_url" TITLE="$title" ALLOW="$allow_override" node -e '
  const c = { apiBaseUrl: process.env.API_BASE_URL, title: process.env.TITLE, allowApiOverride: process.env.ALLOW === "true" };
  process.stdout.write(JSON.stringify(c, null, 2) + "\n");' >"$site/config.json"

# 4. A manifest for deploy tooling (which hashed file is which).
{
  printf '{\n'
  first=1
  for f in app.js app.wasm ui.ttf shell.js style.css favicon.svg; do
    [ $first = 1 ] || printf ',\n'
    first=0
    printf '  "%s": "%s"' "$f" "${hashed[$f]}"
  done
  printf '\n}\n'
} >"$site/asset-manifest.json"

# 5. Precompressed copies beside every file over 1 KB (servers pick them by Accept-Encoding).
#    config.json is left alone: it is edited after packaging.
for f in "$site"/*; do
  case "$f" in *config.json|*asset-manifest.json) continue ;; esac
  [ "$(wc -c <"$f")" -gt 1024 ] || continue
  brotli -q 11 -k -f "$f"
  gzip -9 -k -n -f "$f"
done

# 6. The tarball (deterministic order, owner and times).
version=$(git describe --always --dirty 2>/dev/null || echo dev)
tarball="$out/accounts-console-site-$version.tar.gz"
rm -f "$out"/accounts-console-site-*.tar.gz
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime='2000-01-01 00:00Z' \
  -C "$out" -cf - site | gzip -9 -n >"$tarball"

echo "[package] site: $site"
echo "[package] tarball: $tarball ($(wc -c <"$tarball") bytes)"
bash scripts/size_report.sh "$site"
