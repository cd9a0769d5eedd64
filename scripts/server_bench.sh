#!/usr/bin/env bash
# server_bench.sh: load-tests the reference server with wrk on loopback (2 threads, 16 connections)
# and writes requests/s and p50/p99 latency per scenario to a JSON file. A measurement, not a test.
#   --accounts N    demo accounts (default 100000); the database is seeded once and reused
#   --duration D    wrk duration per scenario (default 10s)
#   --db PATH       SQLite file (default build/bench/accounts-N.db)
#   --out FILE      JSON results (default build/bench/server_bench-N.json)
#   --port P        port (default 18473)
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/lib/server_script.sh
accounts=100000 duration=10s db="" out="" port=18473
parse_options "$0" 2,9 accounts duration db out port -- "$@"
db=${db:-build/bench/accounts-$accounts.db}
out=${out:-build/bench/server_bench-$accounts.json}
mkdir -p "$(dirname "$db")" "$(dirname "$out")"
ensure_server_tools

token=bench-token
work=$(mktemp -d)
log="$work/server.log"
build/native/src/server/accounts-server --db "$db" --demo "$accounts" --port "$port" --token "$token" --quiet >"$log" 2>&1 &
server_pid=$!
cleanup() { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
wait_listening server_bench "$server_pid" "$log" 1200
seed_line=$(grep "seeded" "$log" || echo "database reused (already seeded)")
echo "[bench] $seed_line"

base="http://127.0.0.1:$port"
auth="Authorization: Bearer $token"
ids=$(curl -sf -H "$auth" "$base/api/accounts/?limit=50" | grep -o '"id":"acc_[^"]*"' | cut -d'"' -f4 | tr '\n' ' ')
[ -n "$ids" ] || { echo "server_bench: no accounts" >&2; exit 1; }

# Lua scripts for wrk: rotate over 50 account ids (detail, PATCH) and vary a search (no cached count).
lua_ids=$(for id in $ids; do printf '"%s",' "$id"; done)
cat >"$work/detail.lua" <<LUA
local ids = {${lua_ids}}
local n = 0
wrk.headers["Authorization"] = "Bearer $token"
request = function() n = n + 1; return wrk.format("GET", "/api/accounts/" .. ids[(n % #ids) + 1] .. "/") end
LUA
cat >"$work/patch.lua" <<LUA
local ids = {${lua_ids}}
local stages = {"prospect", "active", "customer", "partner", "churned"}
local n = 0
wrk.headers["Authorization"] = "Bearer $token"
wrk.headers["Content-Type"] = "application/json"
request = function()
  n = n + 1
  local body = '{"stage": "' .. stages[(n % 5) + 1] .. '", "description": "bench ' .. n .. '"}'
  return wrk.format("PATCH", "/api/accounts/" .. ids[(n % #ids) + 1] .. "/", nil, body)
end
LUA
cat >"$work/search_varied.lua" <<LUA
local words = {"inc", "llc", "gmbh", "ltd", "corp", "sa", "ag", "bv"}   -- demo names end "<suffix> <n>"
wrk.headers["Authorization"] = "Bearer $token"
math.randomseed(42)
request = function()
  local q = words[math.random(#words)] .. "%20" .. math.random(1, 99999)
  return wrk.format("GET", "/api/accounts/?limit=50&search=" .. q)
end
LUA

# scenario name, then either a path or @script
scenarios=(
  "list|/api/accounts/?limit=50"
  "list_stage|/api/accounts/?limit=50&stage=customer"
  "list_page_1000|/api/accounts/?limit=50&page=1000"
  "search|/api/accounts/?limit=50&search=m%C3%BCller"
  "search_stage|/api/accounts/?limit=50&search=m%C3%BCller&stage=customer"
  "search_varied_uncached|@search_varied.lua"
  "detail|@detail.lua"
  "facets|/api/accounts/facets/"
  "facets_stage|/api/accounts/facets/?stage=customer"
  "facets_industry|/api/accounts/facets/?industry=Software"
  "facets_search|/api/accounts/facets/?search=m%C3%BCller"
  "patch|@patch.lua"
)

to_ms() {   # wrk prints 812.00us, 1.23ms, 2.01s
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'
}

# First request for a search term (its exact count not yet cached), one at a time: 3+ characters go
# through the trigram index, 1-2 characters scan the covering index of the folded columns.
first_json="" sep=""
printf '%-24s %10s\n' "first search" "ms"
for term in m%C3%BCller logistics gmbh%207 ab x; do
  ms=$(curl -s -o /dev/null -w '%{time_total}' -H "$auth" "$base/api/accounts/?limit=50&search=$term" | awk '{printf "%.1f", $1 * 1000}')
  printf '%-24s %10s\n' "$term" "$ms"
  first_json+="$sep{\"term\": \"$term\", \"ms\": $ms}"
  sep=", "
done

# Facets right after a write (the server caches an answer per filter set until the next write, so the
# wrk scenarios "facets*" above measure mostly cached answers): 20 rounds of one PATCH (a stage change)
# then one request per filter set, one at a time; p50 and max per filter set.
first_id=${ids%% *}
facets_json="" sep=""
printf '%-24s %10s %10s\n' "facets after a write" "p50 ms" "max ms"
for target in "" "stage=customer" "industry=Software" "assignedTo=usr_01HX0000000000000000000001" "search=m%C3%BCller" "search=ab"; do
  times=()
  for round in $(seq 1 20); do
    stage=$([ $((round % 2)) -eq 0 ] && echo customer || echo active)
    curl -sf -o /dev/null -X PATCH -H "$auth" -H "Content-Type: application/json" \
      -d "{\"stage\": \"$stage\"}" "$base/api/accounts/$first_id/"
    times+=("$(curl -s -o /dev/null -w '%{time_total}' -H "$auth" "$base/api/accounts/facets/?$target" | awk '{printf "%.1f", $1 * 1000}')")
  done
  read -r p50 max < <(printf '%s\n' "${times[@]}" | sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)], v[NR]}')
  printf '%-24s %10s %10s\n' "${target:-unfiltered}" "$p50" "$max"
  facets_json+="$sep{\"filter\": \"${target:-unfiltered}\", \"p50_ms\": $p50, \"max_ms\": $max}"
  sep=", "
done

json="{\"accounts\": $accounts, \"seed\": \"$seed_line\", \"load_average\": \"$(cut -d' ' -f1-3 /proc/loadavg)\", \"wrk\": \"-t2 -c16 -d$duration\", \"first_search\": [$first_json], \"facets_after_write\": [$facets_json], \"results\": ["
sep=""
printf '%-24s %10s %10s %10s %8s\n' scenario "req/s" "p50 ms" "p99 ms" errors
for s in "${scenarios[@]}"; do
  name=${s%%|*} target=${s#*|}
  if [ "${target:0:1}" = "@" ]; then
    res=$(wrk -t2 -c16 -d"$duration" --latency -s "$work/${target:1}" "$base" 2>&1)
  else
    res=$(wrk -t2 -c16 -d"$duration" --latency -H "$auth" "$base$target" 2>&1)
  fi
  rps=$(echo "$res" | awk '/Requests\/sec/ {print $2}')
  if [ -z "$rps" ]; then
    echo "[bench] $name: wrk gave no result:" >&2; echo "$res" >&2; tail -5 "$log" >&2
    kill -0 "$server_pid" 2>/dev/null || { echo "[bench] the server exited" >&2; exit 1; }
    rps=0
  fi
  p50=$(to_ms "$(echo "$res" | awk '$1 == "50%" {print $2}')")
  p99=$(to_ms "$(echo "$res" | awk '$1 == "99%" {print $2}')")
  non2xx=$(echo "$res" | awk '/Non-2xx/ {print $NF}')
  sockerr=$(echo "$res" | awk '/Socket errors/ {s = 0; for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) s += $i; print s}')
  errors=$(( ${non2xx:-0} + ${sockerr:-0} ))
  printf '%-24s %10s %10s %10s %8s\n' "$name" "$rps" "$p50" "$p99" "$errors"
  json+="$sep{\"scenario\": \"$name\", \"target\": \"$target\", \"requests_per_s\": $rps, \"p50_ms\": $p50, \"p99_ms\": $p99, \"errors\": $errors}"
  sep=", "
done
json+="]}"
echo "$json" >"$out"
echo "[bench] load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "[bench] results written to $out"
