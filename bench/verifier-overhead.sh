#!/usr/bin/env bash
# verifier-overhead.sh - what the leaklint sampler costs an allocation-heavy
# program at its default rate, next to the same program unprofiled and next to
# other heap profilers from Debian's packages.  Run by hand; figures go in
# notes, not in tests.
#
#   bench/verifier-overhead.sh [BUILD_DIR]
#
# Environment: ITER (iterations for wall time, default 20000000), CG_ITER
# (iterations under cachegrind, default 2000000), RUNS (best of, default 3),
# MASSIF=1 to add valgrind's massif, INSTALL=1 to apt-get the profilers.
#
# Wall time is the best of RUNS runs; instructions come from
# `valgrind --tool=cachegrind`, which is steady where wall time is noisy
# (perf stat would do too, where the kernel allows counters).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build-verify}
ITER=${ITER:-20000000}
CG_ITER=${CG_ITER:-2000000}
RUNS=${RUNS:-3}
KEEP=100
lib=/usr/lib/$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)
sampler=$build/verifier/libleaklint_sampler.so
verify=$build/verifier/leaklint-verify

if [ "${INSTALL:-0}" = 1 ]; then
  apt-get install -y -qq --no-install-recommends libgoogle-perftools-dev google-perftools \
    libjemalloc-dev heaptrack valgrind >/dev/null
fi
[ -f "$sampler" ] || { echo "build first: cmake --build $build" >&2; exit 1; }
command -v valgrind >/dev/null || { echo "valgrind is needed for instruction counts" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prog=$work/alloc_heavy
# The program under test is an ordinary optimized build, like a release.
gcc -O2 -g "$here/testcases/runtime/alloc_heavy.c" -o "$prog.bin"
# One entry point for every profiler: some are a preload, some wrap the run.
cat >"$prog" <<WRAP
#!/bin/sh
if [ -n "\${HEAPTRACK_WRAP:-}" ]; then exec heaptrack -o "$work/ht" "$prog.bin" "\$@"; fi
if [ -n "\${MASSIF_WRAP:-}" ]; then
  exec valgrind --tool=massif --massif-out-file="$work/massif" "$prog.bin" "\$@"
fi
exec "$prog.bin" "\$@"
WRAP
chmod +x "$prog"

best_wall() { # best_wall CMD... -> seconds
  local best=
  for _ in $(seq "$RUNS"); do
    local s e
    s=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    e=$(date +%s.%N)
    best=$(echo "$s $e ${best:-}" | awk '{t=$2-$1; if ($3=="" || t<$3) print t; else print $3}')
  done
  echo "$best"
}

instructions() { # instructions [VAR=VALUE...] ITER -> instructions of the program alone
  local n=$#
  local iter=${!n}
  env "${@:1:n-1}" valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
    "$prog.bin" "$iter" "$KEEP" 2>&1 >/dev/null | awk '/I *refs:/ { gsub(",", "", $NF); print $NF }'
}

declare -A base_wall base_ins
rows=()
# measure NAME ITER CG_ITER RUNS [VAR=VALUE...]: runs $prog with those
# variables; the ratios are against the unprofiled run at the same sizes.
measure() {
  local name=$1 iter=$2 cg_iter=$3 runs=$4
  shift 4
  local wall ins
  wall=$(RUNS=$runs best_wall env "$@" "$prog" "$iter" "$KEEP")
  ins=$( ((cg_iter > 0)) && instructions "$@" "$cg_iter" || true)
  if [ -z "${base_wall[$iter]:-}" ]; then
    base_wall[$iter]=$(RUNS=$RUNS best_wall "$prog" "$iter" "$KEEP")
  fi
  if ((cg_iter > 0)) && [ -z "${base_ins[$cg_iter]:-}" ]; then
    base_ins[$cg_iter]=$(instructions "$cg_iter")
  fi
  rows+=("$(awk -v n="$name" -v it="$iter" -v w="$wall" -v bw="${base_wall[$iter]}" \
    -v i="${ins:-0}" -v bi="${base_ins[$cg_iter]:-1}" 'BEGIN {
      extra = i ? sprintf("%+.1f%%", 100 * (i - bi) / bi) : "-"
      printf "%-36s %9d %8.3fs %7.2fx %14s %9s\n", n, it, w, w / bw, (i ? i : "-"), extra }')")
}

# cachegrind runs the program under its own loader: LD_PRELOAD passes through.
slow_iter=$((ITER / 20))
slow_cg=$((CG_ITER / 20))
measure "unprofiled (glibc malloc)" "$ITER" "$CG_ITER" "$RUNS"
measure "leaklint sampler, default rate" "$ITER" "$CG_ITER" "$RUNS" \
  LD_PRELOAD="$sampler" LEAKLINT_PROFILE_DIR="$work"
# The interposers' fast paths alone: a rate no program reaches.
measure "leaklint sampler, never sampling" "$ITER" "$CG_ITER" "$RUNS" \
  LD_PRELOAD="$sampler" LEAKLINT_PROFILE_DIR="$work" LEAKLINT_SAMPLE_RATE=1000000000000000
if [ -f "$lib/libtcmalloc.so.4" ]; then
  measure "tcmalloc, no sampling" "$ITER" "$CG_ITER" "$RUNS" \
    LD_PRELOAD="$lib/libtcmalloc.so.4" TCMALLOC_SAMPLE_PARAMETER=0
  measure "tcmalloc sampler (512 KiB)" "$ITER" "$CG_ITER" "$RUNS" \
    LD_PRELOAD="$lib/libtcmalloc.so.4" TCMALLOC_SAMPLE_PARAMETER=524288
  measure "gperftools full heap profiler" "$slow_iter" "$slow_cg" 1 \
    LD_PRELOAD="$lib/libtcmalloc.so.4" HEAPPROFILE="$work/gp"
fi
if [ -f "$lib/libjemalloc.so.2" ]; then
  measure "jemalloc, no profiling" "$ITER" "$CG_ITER" "$RUNS" LD_PRELOAD="$lib/libjemalloc.so.2"
  measure "jemalloc prof (lg_prof_sample 19)" "$ITER" "$CG_ITER" "$RUNS" \
    LD_PRELOAD="$lib/libjemalloc.so.2" MALLOC_CONF=prof:true,lg_prof_sample:19
fi
# heaptrack runs the program through a wrapper and a second process: only
# its wall time compares.  massif is valgrind: its own instructions are moot.
if command -v heaptrack >/dev/null; then
  measure "heaptrack" "$slow_iter" 0 1 HEAPTRACK_WRAP=1
fi
if [ "${MASSIF:-0}" = 1 ]; then
  measure "valgrind massif" "$slow_iter" 0 1 MASSIF_WRAP=1
fi

printf "%-36s %9s %9s %8s %14s %9s\n" "PROFILER" "ITER" "WALL" "SLOWDOWN" "INSTRUCTIONS" "EXTRA"
printf "%s\n" "${rows[@]}"

# The right answer matters as much as the cost: the top growing site at the
# default rate must be the history that keeps one token in KEEP.
echo
"$verify" -o "$work/profiles" -i 1 -- "$prog.bin" "$ITER" "$KEEP" | sed -n '1,6p'
