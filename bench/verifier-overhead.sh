#!/usr/bin/env bash
# verifier-overhead.sh - what the leaklint sampler costs an allocation-heavy
# program at its default rate, next to the same program unprofiled and next to
# other heap profilers from Debian's packages.  Run by hand; figures go in
# notes, not in tests.
#
#   bench/verifier-overhead.sh [BUILD_DIR]
#
# Environment: ITER (iterations for wall time, default 20000000), CG_ITER
# (iterations under cachegrind, default 2000000), RUNS (median of, default 11),
# MASSIF=1 to add valgrind's massif, INSTALL=1 to apt-get the profilers.
#
# Wall time is the median of RUNS interleaved runs; instructions come from
# `valgrind --tool=cachegrind`, which is steady where wall time is noisy
# (perf stat would do too, where the kernel allows counters).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build-verify}
ITER=${ITER:-20000000}
CG_ITER=${CG_ITER:-2000000}
RUNS=${RUNS:-11}
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
# The floor under any preloaded interposer: malloc and free that do nothing
# but call glibc's, which costs the program one more jump per call.
cat >"$work/passthrough.c" <<'C'
#include <stddef.h>
extern void *__libc_malloc(size_t);
extern void __libc_free(void *);
void *malloc(size_t n) { return __libc_malloc(n); }
void free(void *p) { __libc_free(p); }
C
gcc -O2 -shared -fPIC "$work/passthrough.c" -o "$work/passthrough.so"
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

instructions() { # instructions [VAR=VALUE...] ITER -> instructions of the program alone
  local n=$#
  local iter=${!n}
  env "${@:1:n-1}" valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
    "$prog.bin" "$iter" "$KEEP" 2>&1 >/dev/null | awk '/I *refs:/ { gsub(",", "", $NF); print $NF }'
}

# Wall time of one run, in seconds, pinned to one CPU (the last) so that a
# migration or the other core's load does not enter the figure.
pin=()
command -v taskset >/dev/null && pin=(taskset -c "$(($(nproc) - 1))")
wall_once() { # wall_once ITER [VAR=VALUE...]
  local iter=$1 s e
  shift
  s=$(date +%s%N)
  env "$@" "${pin[@]}" "$prog" "$iter" "$KEEP" >/dev/null 2>&1
  e=$(date +%s%N)
  echo $(((e - s) / 1000))
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] / 1e6 }'; }

# Fast profilers (ITER iterations) are timed in rounds, one run of each per
# round, so that a drift of the machine's speed (a VM's neighbours, clock
# changes) spreads over all of them alike; each figure is the median.  Slow
# ones (ITER/20 iterations) run once, after.
names=() iters=() cg_iters=() envs=()
add() { # add NAME ITER CG_ITER [VAR=VALUE...]
  names+=("$1") iters+=("$2") cg_iters+=("$3")
  shift 3
  envs+=("$*")
}

slow_iter=$((ITER / 20))
slow_cg=$((CG_ITER / 20))
add "unprofiled (glibc malloc)" "$ITER" "$CG_ITER"
add "leaklint sampler, default rate" "$ITER" "$CG_ITER" LD_PRELOAD="$sampler" LEAKLINT_PROFILE_DIR="$work"
add "pass-through interposer (floor)" "$ITER" "$CG_ITER" LD_PRELOAD="$work/passthrough.so"
# The interposers' fast paths alone: a rate no program reaches.
add "leaklint sampler, never sampling" "$ITER" "$CG_ITER" \
  LD_PRELOAD="$sampler" LEAKLINT_PROFILE_DIR="$work" LEAKLINT_SAMPLE_RATE=1000000000000000
if [ -f "$lib/libtcmalloc.so.4" ]; then
  add "tcmalloc, no sampling" "$ITER" "$CG_ITER" LD_PRELOAD="$lib/libtcmalloc.so.4" TCMALLOC_SAMPLE_PARAMETER=0
  add "tcmalloc sampler (512 KiB)" "$ITER" "$CG_ITER" \
    LD_PRELOAD="$lib/libtcmalloc.so.4" TCMALLOC_SAMPLE_PARAMETER=524288
fi
if [ -f "$lib/libjemalloc.so.2" ]; then
  add "jemalloc, no profiling" "$ITER" "$CG_ITER" LD_PRELOAD="$lib/libjemalloc.so.2"
  add "jemalloc prof (lg_prof_sample 19)" "$ITER" "$CG_ITER" \
    LD_PRELOAD="$lib/libjemalloc.so.2" MALLOC_CONF=prof:true,lg_prof_sample:19
fi
# The unprofiled run again at the slow rows' size, for their ratios.
add "unprofiled, short run" "$slow_iter" "$slow_cg"
if [ -f "$lib/libtcmalloc.so.4" ]; then
  add "gperftools full heap profiler" "$slow_iter" "$slow_cg" \
    LD_PRELOAD="$lib/libtcmalloc.so.4" HEAPPROFILE="$work/gp"
fi
# heaptrack runs the program through a wrapper and a second process: only
# its wall time compares.  massif is valgrind: its own instructions are moot.
command -v heaptrack >/dev/null && add "heaptrack" "$slow_iter" 0 HEAPTRACK_WRAP=1
[ "${MASSIF:-0}" = 1 ] && add "valgrind massif" "$slow_iter" 0 MASSIF_WRAP=1

declare -a samples
for _ in $(seq "$RUNS"); do
  for i in "${!names[@]}"; do
    ((iters[i] == ITER)) || continue
    # shellcheck disable=SC2086 # envs[i] is a list of VAR=VALUE words
    samples[i]+="$(wall_once "${iters[i]}" ${envs[i]}) "
  done
done
for i in "${!names[@]}"; do
  # shellcheck disable=SC2086
  ((iters[i] == ITER)) || samples[i]=$(wall_once "${iters[i]}" ${envs[i]})
done

declare -A base_wall base_ins
rows=()
for i in "${!names[@]}"; do
  wall=$(tr ' ' '\n' <<<"${samples[i]}" | grep . | median)
  ins=
  # shellcheck disable=SC2086
  ((cg_iters[i] > 0)) && ins=$(instructions ${envs[i]} "${cg_iters[i]}")
  # The first row of each size is the unprofiled one the others compare to.
  [ -n "${base_wall[${iters[i]}]:-}" ] || base_wall[${iters[i]}]=$wall
  [ -z "$ins" ] || [ -n "${base_ins[${cg_iters[i]}]:-}" ] || base_ins[${cg_iters[i]}]=$ins
  rows+=("$(awk -v n="${names[i]}" -v it="${iters[i]}" -v w="$wall" -v bw="${base_wall[${iters[i]}]}" \
    -v i="${ins:-0}" -v bi="${base_ins[${cg_iters[i]}]:-1}" 'BEGIN {
      extra = i ? sprintf("%+.1f%%", 100 * (i - bi) / bi) : "-"
      printf "%-36s %9d %8.3fs %7.3fx %14s %9s\n", n, it, w, w / bw, (i ? i : "-"), extra }')")
done

printf "%-36s %9s %9s %8s %14s %9s\n" "PROFILER" "ITER" "WALL" "SLOWDOWN" "INSTRUCTIONS" "EXTRA"
printf "%s\n" "${rows[@]}"

# The right answer matters as much as the cost: the top growing site at the
# default rate must be the history that keeps one token in KEEP.
echo
"$verify" -o "$work/profiles" -i 1 -- "$prog.bin" "$ITER" "$KEEP" | sed -n '1,6p'
