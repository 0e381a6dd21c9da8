#!/usr/bin/env bash
# make bench:
#  1. wrk against the real server (SQLite) on GET /api/v1/me with a bearer token, and in
#     the same run against a bare Beast responder (bench/bare_responder.cpp), the ceiling
#     on this machine. Prints requests/s, p99 latency and the ratio.
#  2. The live benchmark (bench/live.mjs): N WebSocket clients and a chat message rate;
#     prints delivery latency p50/p99, messages/s and memory per connection.
#  3. Matching (bench/matching_bench.cpp; alone: make bench-matching): 100,000 generated
#     therapists ranked for 1,000 couples by the in-memory index and by the equivalent SQL
#     on SQLite; prints p50/p99 of both, their ratio and whether both agree.
#   BENCH_SECONDS (default 10), BENCH_CONNECTIONS (64), BENCH_THREADS (wrk threads, 2),
#   BENCH_LIVE_CLIENTS (2000), BENCH_LIVE_RATE (500 messages/s), BENCH_LIVE_SECONDS (10)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${BENCH_SECONDS:-10}
connections=${BENCH_CONNECTIONS:-64}
wrk_threads=${BENCH_THREADS:-2}
work=$(mktemp -d /tmp/rekindle-bench.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || shuf -i 20000-60000 -n 1; }
wait_for() { for _ in $(seq 100); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.1; done; echo "bench: $1 did not come up" >&2; exit 1; }

# 1. rekindle, with its default configuration (access log on, written to a file).
port=$(free_port)
env ${BENCH_ENV:-} REKINDLE_LIMITS_SIGNUPS_PER_ADDRESS_PER_HOUR=0 REKINDLE_LISTEN=127.0.0.1:$port REKINDLE_DATABASE=sqlite:$work/bench.db REKINDLE_KEY_FILE=$work/bench.key REKINDLE_WEB_ROOT=web/dist \
  REKINDLE_MAIL_DIR=$work/mail build/rekindle serve 2>"$work/server.log" &
pids+=($!)
wait_for "http://127.0.0.1:$port/api/v1/health"
# Sign up, then use the link the server "e-mailed" (written to $work/mail: no SMTP server).
curl -fs -X POST "http://127.0.0.1:$port/api/v1/accounts" -H 'content-type: application/json' \
  -d '{"email":"bench@example.org","password":"steady harbour of lanterns","display_name":"Bench"}' >/dev/null
token=$(node bench/confirm.mjs "http://127.0.0.1:$port" "$work/mail" bench@example.org)
curl -fs -H "authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/me" >/dev/null

run_wrk() { wrk -t"$wrk_threads" -c"$connections" -d"${seconds}s" --latency "$@"; }
rps() { awk '/^Requests\/sec:/ {print $2}' "$1"; }
p99() { awk '$1 == "99%" {print $2}' "$1"; }

echo "rekindle GET /api/v1/me (bearer, SQLite): ${seconds}s, $connections connections, $wrk_threads wrk threads"
run_wrk -H "authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/me" >"$work/rekindle.txt"
grep -qE 'Non-2xx|Socket errors' "$work/rekindle.txt" && { echo "bench: errors during the run:"; cat "$work/rekindle.txt"; }

# 2. The bare responder: the same machine, the same wrk settings.
bport=$(free_port)
build/bare_responder "$bport" &
pids+=($!)
wait_for "http://127.0.0.1:$bport/"
echo "bare Beast responder (the ceiling)"
run_wrk "http://127.0.0.1:$bport/" >"$work/bare.txt"

r=$(rps "$work/rekindle.txt"); b=$(rps "$work/bare.txt")
printf '\n%-28s %14s %12s\n' "" "requests/s" "p99"
printf '%-28s %14s %12s\n' "rekindle /api/v1/me" "$r" "$(p99 "$work/rekindle.txt")"
printf '%-28s %14s %12s\n' "bare responder" "$b" "$(p99 "$work/bare.txt")"
ratio=$(awk -v a="$r" -v b="$b" 'BEGIN { printf "%.2f", a / b }')
echo "ratio rekindle/bare: $ratio (target >= 0.40)"

# 3. Live: a fresh server (cheap password hashing, so that thousands of sign-ups take
#    seconds), N WebSocket clients and a steady message rate.
ulimit -n 65536 2>/dev/null || true
lport=$(free_port)
REKINDLE_LISTEN=127.0.0.1:$lport REKINDLE_DATABASE=sqlite:$work/live.db REKINDLE_KEY_FILE=$work/live.key \
  REKINDLE_MAIL_DIR=$work/live-mail REKINDLE_WEB_ROOT=web/dist REKINDLE_ACCESS_LOG=false REKINDLE_LIMITS_CONNECTIONS_PER_ADDRESS=0 REKINDLE_LIMITS_SIGNUPS_PER_ADDRESS_PER_HOUR=0 REKINDLE_PASSWORDS_HASH_OPS=1 REKINDLE_PASSWORDS_HASH_MEM_MIB=8 \
  build/rekindle serve 2>"$work/live.log" &
live_pid=$!
pids+=($live_pid)
wait_for "http://127.0.0.1:$lport/api/v1/health"
echo
BENCH_MAIL_DIR=$work/live-mail node bench/live.mjs "http://127.0.0.1:$lport" "$live_pid" "${BENCH_LIVE_CLIENTS:-2000}" "${BENCH_LIVE_RATE:-500}" "${BENCH_LIVE_SECONDS:-10}"

# 4. Matching: the index against the same query in SQL, on data of its own, with the
#    servers above stopped so that nothing else competes for the two cores.
for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
wait 2>/dev/null || true
pids=()
echo
build/matching_bench ${BENCH_MATCHING_ARGS:-}
