#!/usr/bin/env bash
# run.sh: builds Accounts Console and starts it with demo data on 127.0.0.1, printing the URL and
# the token. The reference server serves both the API and the built site from one origin.
#   --port N        port to listen on (default 8080)
#   --token T       accepted bearer token (default: demo-token)
#   --demo N        demo accounts seeded into an empty database (default 200)
#   --db PATH       SQLite file (default build/run/accounts.db; ':memory:' for a throwaway one)
#   --host H        interface to bind (default 127.0.0.1)
#   --import FILE   load a JSON dump into the (empty) database instead of demo data
#   --export FILE   write the database as a JSON dump to FILE ('-' = stdout) and exit
#   --test-bridge   serve the build with window.consoleTest (for scripts and browser tests)
set -euo pipefail
cd "$(dirname "$0")/.."

port=8080 token=demo-token demo=200 db=build/run/accounts.db host=127.0.0.1 preset=web
import_file='' export_file=''
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port="$2"; shift 2 ;;
    --token) token="$2"; shift 2 ;;
    --demo) demo="$2"; shift 2 ;;
    --db) db="$2"; shift 2 ;;
    --host) host="$2"; shift 2 ;;
    --import) import_file="$2"; shift 2 ;;
    --export) export_file="$2"; shift 2 ;;
    --test-bridge) preset=web-test; shift ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

if [ -n "$export_file" ]; then   # only the dump on stdout (with '-'): everything else to stderr
  bash scripts/setup.sh >&2
  cmake --preset native >/dev/null
  cmake --build --preset native --target accounts-server >&2
  exec build/native/src/server/accounts-server --db "$db" --export "$export_file"
fi
bash scripts/setup.sh
echo "[run] building the reference server and the console ($preset)"
cmake --preset native >/dev/null
cmake --build --preset native --target accounts-server
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"

[ "$db" = ":memory:" ] || mkdir -p "$(dirname "$db")"
echo
echo "  Accounts Console: http://$host:$port/"
echo "  Sign in with the token: $token"
echo
seed=(--demo "$demo")
[ -z "$import_file" ] || seed=(--import "$import_file")
exec build/native/src/server/accounts-server --host "$host" --port "$port" --token "$token" \
  "${seed[@]}" --db "$db" --site "build/$preset/site"
