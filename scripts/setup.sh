#!/usr/bin/env bash
# setup.sh: installs everything a fresh Debian 12 machine lacks to build, run and test Accounts
# Console. Idempotent: a second run on a ready machine only checks and returns in seconds.
# Sources: Debian's archive (apt) and the npm registry only. Never writes a mirror's host name.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

log() { printf '[setup] %s\n' "$*"; }
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

# ---- 1. Debian packages ---------------------------------------------------------------------
APT_PACKAGES=(
  build-essential g++ clang cmake ninja-build pkg-config git xz-utils ca-certificates
  libclang-rt-14-dev                         # libFuzzer + sanitizer runtimes (fuzz preset)
  dpkg-dev                                   # apt-get source
  emscripten                                 # 3.1.6: em++, clang 14, prebuilt sysroot
  nlohmann-json3-dev doctest-dev             # header-only, native + staged for WASM
  libsqlite3-dev sqlite3                     # reference server storage
  libcpp-httplib-dev                         # reference server HTTP
  chromium                                   # browser tests (Debian's build, never downloaded)
  fonts-dejavu-core                          # UI font shipped with the site (TrueType: stb_truetype reads no CFF)
  unicode-data python3                       # Unicode property tables of src/core/util/text.cpp (generated at build time)
  brotli gzip curl                           # size report, precompressed assets, smoke checks
  fonttools                                  # pyftsubset: the release build's subset UI font
  terser                                     # minifies the release build's JS glue (emcc 3.1.6 has no closure here)
  binaryen                                   # wasm-opt: a second -Oz --converge pass over the release app.wasm
  nginx libnginx-mod-http-brotli-static      # deploy browser test: the packaged site behind nginx
  wrk                                        # scripts/server_bench.sh (HTTP load generator)
  fonts-noto-cjk fonts-noto-color-emoji fonts-noto-core   # browser tests: the system fonts a user's browser
                                             # draws other scripts and emoji with (the site ships none)
)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm  >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# ---- 2. Dear ImGui 1.90.1 from the Debian source package (trixie), checksum-verified -----------
IMGUI_VERSION="1.90.1"
IMGUI_DEB_VERSION="1.90.1+ds-1"
IMGUI_TARBALL="imgui_1.90.1+ds.orig.tar.xz"
IMGUI_SHA256="ecce377df0f90b292f15dcbd83d438bddc162b2388c881132bde18c787572a1c"
IMGUI_DIR="$ROOT/third_party/imgui-$IMGUI_VERSION"
if [ ! -f "$IMGUI_DIR/.verified" ]; then
  log "fetching Dear ImGui $IMGUI_VERSION source package"
  dl="$ROOT/third_party/download"
  mkdir -p "$dl"
  if [ ! -f "$dl/$IMGUI_TARBALL" ]; then
    src_list=/etc/apt/sources.list.d/accounts-console-trixie-src.sources
    if [ ! -f "$src_list" ]; then
      # Take the archive's URI and keyring from this machine's own Debian source list.
      uri=$( { cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '/^URIs:/ {print $2}';
               cat /etc/apt/sources.list 2>/dev/null | awk '/^deb / {print $2}'; } |
             grep -E '/debian/?$' | head -n1 || true )
      [ -n "$uri" ] || { echo "setup: no Debian archive URI found in apt sources" >&2; exit 1; }
      key=/usr/share/keyrings/debian-archive-keyring.gpg
      printf 'Types: deb-src\nURIs: %s\nSuites: trixie\nComponents: main\nSigned-By: %s\n' "$uri" "$key" |
        $SUDO tee "$src_list" >/dev/null
    fi
    $SUDO apt-get update -qq -o Dir::Etc::sourcelist="$src_list" -o Dir::Etc::sourceparts="-" \
      -o APT::Get::List-Cleanup="0"
    (cd "$dl" && apt-get source --download-only -qq "imgui=$IMGUI_DEB_VERSION" >/dev/null)
  fi
  echo "$IMGUI_SHA256  $dl/$IMGUI_TARBALL" | sha256sum -c --quiet - ||
    { echo "setup: checksum mismatch for $IMGUI_TARBALL" >&2; rm -f "$dl/$IMGUI_TARBALL"; exit 1; }
  rm -rf "$IMGUI_DIR" && mkdir -p "$IMGUI_DIR"
  tar -xJf "$dl/$IMGUI_TARBALL" -C "$IMGUI_DIR" --strip-components=1
  test -f "$IMGUI_DIR/imgui.cpp" && test -f "$IMGUI_DIR/backends/imgui_impl_opengl3.cpp"
  touch "$IMGUI_DIR/.verified"
fi

# ---- 3. npm packages of the browser tests (lockfile committed) --------------------------------
E2E="$ROOT/tests/e2e"
stamp="$E2E/node_modules/.lock-stamp"
if [ ! -f "$stamp" ] || ! cmp -s "$E2E/package-lock.json" "$stamp"; then
  log "installing browser-test npm packages"
  (cd "$E2E" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent)
  cp "$E2E/package-lock.json" "$stamp"
fi

log "ready"
