#!/usr/bin/env bash
# soak.sh: a bounded soak of the reference server on loopback: wrk (2 threads, 16 connections, as the
# benchmark) for ~2 minutes of mixed reads and writes, printing RSS and open fds before, during and after,
# and every error. A measurement with pass/fail limits, not part of scripts/test.sh.
#   --accounts N    demo accounts (default 20000; the database is seeded fresh each run)
#   --duration D    wrk duration (default 120s)
#   --port P        port (default 18491)
# Exit status 1 when wrk saw errors (non-2xx, socket errors), the server logged a failure, the fd count
# grew, or RSS grew by more than 50% from the warmed-up value.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/lib/server_script.sh
accounts=20000 duration=120s port=18491
parse_options "$0" 2,10 accounts duration port -- "$@"
ensure_server_tools

token=soak-token
work=$(mktemp -d)
log="$work/server.log"
build/native/src/server/accounts-server --db "$work/soak.db" --demo "$accounts" --port "$port" --token "$token" \
  --quiet >"$log" 2>&1 &
server_pid=$!
cleanup() { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
wait_listening soak "$server_pid" "$log" 600
grep "seeded" "$log" || true

base="http://127.0.0.1:$port"
auth="Authorization: Bearer $token"
ids=$(curl -sf -H "$auth" "$base/api/accounts/?limit=100" | grep -o '"id":"acc_[^"]*"' | cut -d'"' -f4 | tr '\n' ' ')
[ -n "$ids" ] || { echo "soak: no accounts" >&2; exit 1; }
lua_ids=$(for id in $ids; do printf '"%s",' "$id"; done)

# Mixed traffic per connection: list pages, stage filter, varied searches, details, PATCHes, and a POST
# followed by a DELETE of the account it created (the response callback picks the id up).
cat >"$work/mixed.lua" <<LUA
local ids = {${lua_ids}}
local stages = {"prospect", "active", "customer", "partner", "churned"}
local words = {"inc", "llc", "gmbh", "ltd", "corp", "m%C3%BCller", "%C5%82%C3%B3d%C5%BA", "tech", "bio", "systems"}
local n = 0
local created = nil
wrk.headers["Authorization"] = "Bearer $token"
wrk.headers["Content-Type"] = "application/json"
request = function()
  n = n + 1
  if created then
    local id = created; created = nil
    return wrk.format("DELETE", "/api/accounts/" .. id .. "/")
  end
  local r = math.random(100)
  local id = ids[math.random(#ids)]
  if r <= 30 then return wrk.format("GET", "/api/accounts/?limit=50&page=" .. math.random(1, 50))
  elseif r <= 45 then return wrk.format("GET", "/api/accounts/?limit=50&stage=" .. stages[math.random(5)])
  elseif r <= 60 then return wrk.format("GET", "/api/accounts/?limit=50&search=" .. words[math.random(#words)] .. math.random(0, 9))
  elseif r <= 80 then return wrk.format("GET", "/api/accounts/" .. id .. "/")
  elseif r <= 85 then return wrk.format("GET", "/api/accounts/" .. id .. "/contacts/?limit=20")
  elseif r <= 97 then
    local body = '{"stage": "' .. stages[math.random(5)] .. '", "description": "soak ' .. n .. '"}'
    return wrk.format("PATCH", "/api/accounts/" .. id .. "/", nil, body)
  else
    return wrk.format("POST", "/api/accounts/", nil, '{"name": "Soak ' .. n .. '", "stage": "prospect"}')
  end
end
response = function(status, headers, body)
  if status == 201 then created = string.match(body, '"id":"(acc_[^"]+)"') end
end
LUA

rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$server_pid/status"; }
fds() { ls "/proc/$server_pid/fd" | wc -l; }
threads() { awk '/Threads/ {print $2}' "/proc/$server_pid/status"; }

# Warm-up (page cache, statement caches, thread pool), then the baseline.
wrk -t2 -c16 -d10s -s "$work/mixed.lua" "$base" >/dev/null 2>&1 || true
sleep 6   # idle keep-alive connections time out (5 s)
rss0=$(rss_kb) fd0=$(fds) th0=$(threads)
echo "[soak] before: RSS ${rss0} KiB, fds ${fd0}, threads ${th0}"

wrk -t2 -c16 -d"$duration" --latency -s "$work/mixed.lua" "$base" >"$work/wrk.txt" 2>&1 &
wrk_pid=$!
while kill -0 "$wrk_pid" 2>/dev/null; do
  sleep 20
  kill -0 "$wrk_pid" 2>/dev/null && echo "[soak] during: RSS $(rss_kb) KiB, fds $(fds)"
done
wait "$wrk_pid" || true
sleep 6
rss1=$(rss_kb) fd1=$(fds) th1=$(threads)
cat "$work/wrk.txt"
echo "[soak] after:  RSS ${rss1} KiB, fds ${fd1}, threads ${th1}"

non2xx=$(awk '/Non-2xx/ {print $NF}' "$work/wrk.txt")
sockerr=$(awk '/Socket errors/ {s = 0; for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) s += $i; print s}' "$work/wrk.txt")
server_errors=$(grep -c "failed" "$log" || true)
requests=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
echo "[soak] requests ${requests:-0}, non-2xx ${non2xx:-0}, socket errors ${sockerr:-0}, server failures ${server_errors}"
status=0
[ "${non2xx:-0}" = 0 ] && [ "${sockerr:-0}" = 0 ] && [ "$server_errors" = 0 ] || { echo "[soak] FAIL: errors"; status=1; }
[ "$fd1" -le "$fd0" ] || { echo "[soak] FAIL: fds grew from $fd0 to $fd1"; status=1; }
[ "$rss1" -le $(( rss0 * 3 / 2 )) ] || { echo "[soak] FAIL: RSS grew by more than 50%"; status=1; }
[ "$status" = 0 ] && echo "[soak] ok"
exit "$status"
