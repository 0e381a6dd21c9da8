#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 60), one at a time, each on a copy of
# its committed corpus (tests/fuzz/corpus/TARGET). SECONDS 0 runs each target over its
# corpus only: a smoke test. Prints one line per target (runs, executions per second,
# final coverage) and fails when a target crashes; the crashing input is kept in
# $FUZZ_BUILD/fuzz/TARGET/artifacts/ and the log beside it.
#   FUZZ_TARGETS="tzif bus" tests/fuzz/run.sh 30
set -uo pipefail
seconds=${1:-60}
build=${FUZZ_BUILD:-build-fuzz}
here=$(cd "$(dirname "$0")" && pwd)
targets=(${FUZZ_TARGETS:-http_request json_body content live_frame tzif bus})

failed=()
printf '%-13s %12s %9s %6s %7s %7s\n' target runs exec/s cov ft corpus
for t in "${targets[@]}"; do
  bin=$build/tests/fuzz/${t}_fuzz
  work=$build/fuzz/$t
  rm -rf "$work/corpus"
  mkdir -p "$work/corpus" "$work/artifacts"
  cp "$here/corpus/$t"/* "$work/corpus/"
  args=(-rss_limit_mb=2048 -timeout=10 -print_final_stats=1 -artifact_prefix="$work/artifacts/")
  if [ "$seconds" = 0 ]; then args+=(-runs=0); else args+=(-max_total_time="$seconds"); fi
  "$bin" "${args[@]}" "$work/corpus" >"$work/log" 2>&1
  status=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/log" | grep -o '[0-9]*$')
  speed=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$work/log" | grep -o '[0-9]*$')
  last=$(grep -E '^#[0-9]+.*cov: ' "$work/log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' <<<"$last" | grep -o '[0-9]*')
  ft=$(grep -o 'ft: [0-9]*' <<<"$last" | grep -o '[0-9]*')
  corp=$(grep -o 'corp: [0-9]*' <<<"$last" | grep -o '[0-9]*')
  printf '%-13s %12s %9s %6s %7s %7s\n' "$t" "${runs:-?}" "${speed:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}"
  if [ "$status" != 0 ]; then
    failed+=("$t")
    echo "--- $t failed (exit $status); the input is in $work/artifacts/, the log in $work/log:" >&2
    grep -E -A30 'ERROR: |runtime error|property broken|deadly signal' "$work/log" | head -60 >&2
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: crashes in ${failed[*]}" >&2
  exit 1
fi
