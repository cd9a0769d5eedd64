#!/usr/bin/env bash
# server_script.sh: helpers sourced by server_bench.sh and soak.sh (options, tools, a server on loopback); runs nothing itself.

# parse_options SCRIPT HELP_RANGE NAME... -- ARGS...: each `--NAME VALUE` of ARGS sets the shell variable
# NAME (only the NAMEs listed); -h/--help prints lines HELP_RANGE of SCRIPT; anything else exits 2.
parse_options() {
  local script="$1" help="$2"; shift 2
  local names=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do names+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  while [ $# -gt 0 ]; do
    case "$1" in
      -h|--help) sed -n "${help}p" "$script" | sed 's/^# \{0,1\}//'; exit 0 ;;
    esac
    local opt="${1#--}" known=""
    for n in "${names[@]}"; do [ "$opt" = "$n" ] && known=1; done
    if [ -z "$known" ] || [ "$1" = "$opt" ] || [ $# -lt 2 ]; then
      echo "$(basename "$script"): unknown option $1 (see --help)" >&2; exit 2
    fi
    printf -v "$opt" '%s' "$2"
    shift 2
  done
}

# ensure_server_tools: wrk and the native server binary, built or installed when missing.
ensure_server_tools() {
  command -v wrk >/dev/null || bash scripts/setup.sh
  [ -x build/native/src/server/accounts-server ] || { cmake --preset native >/dev/null && cmake --build --preset native --target accounts-server; }
}

# wait_listening NAME PID LOG TRIES: waits (0.5 s a try) for the server's "listening on" line; exits 1 if it
# dies or never listens.
wait_listening() {
  local name="$1" pid="$2" log="$3" tries="$4"
  for _ in $(seq 1 "$tries"); do
    grep -q "listening on" "$log" && return 0
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.5
  done
  echo "$name: server did not start" >&2; cat "$log" >&2; exit 1
}
