#!/usr/bin/env bash
# verifier-overhead.sh - what the leaklint sampler costs allocation-heavy
# programs at its default rate, next to the same programs unprofiled and next
# to other heap profilers from Debian's packages.  Run by hand; figures go in
# notes, not in tests.
#
#   bench/verifier-overhead.sh [BUILD_DIR]
#
# Two workloads:
#   synthetic  testcases/runtime/alloc_heavy.c: nothing but malloc and free,
#              40 million a second, the worst case for an interposer;
#   leaklint   leaklint analysing its own analyzer/ sources: libclang, a real
#              allocation-heavy program (heaptrack makes it about 5x slower).
#
# Environment: ITER (synthetic iterations for wall time, default 20000000),
# CG_ITER (synthetic iterations under cachegrind, default 2000000), RUNS
# (median of, default 11), MASSIF=1 to add valgrind's massif, INSTALL=1 to
# apt-get the profilers.
#
# Wall time is the median of RUNS interleaved runs; instructions come from
# `valgrind --tool=cachegrind`, which is steady where wall time is noisy
# (perf stat would do too, where the kernel allows counters).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$here/build-verify}" && pwd)
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
if [ ! -f "$sampler" ] || [ ! -x "$build/leaklint" ]; then
  echo "build first: cmake --build $build" >&2
  exit 1
fi
[ -f "$build/compile_commands.json" ] || { echo "no $build/compile_commands.json" >&2; exit 1; }
command -v valgrind >/dev/null || { echo "valgrind is needed for instruction counts" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The synthetic program is an ordinary optimized build, like a release.
gcc -O2 -g "$here/testcases/runtime/alloc_heavy.c" -o "$work/alloc_heavy"
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
cat >"$work/wrap" <<WRAP
#!/bin/sh
if [ -n "\${HEAPTRACK_WRAP:-}" ]; then exec heaptrack -o "$work/ht" "\$@"; fi
if [ -n "\${MASSIF_WRAP:-}" ]; then
  exec valgrind --tool=massif --massif-out-file="$work/massif" "\$@"
fi
exec "\$@"
WRAP
chmod +x "$work/wrap"

slow_iter=$((ITER / 20))
slow_cg=$((CG_ITER / 20))
workload() { # workload NAME [cachegrind] -> the command line, one word a line
  case $1 in
  synthetic) printf '%s\n' "$work/alloc_heavy" "$([ "${2:-}" ] && echo "$CG_ITER" || echo "$ITER")" "$KEEP" ;;
  synthetic-short)
    printf '%s\n' "$work/alloc_heavy" "$([ "${2:-}" ] && echo "$slow_cg" || echo "$slow_iter")" "$KEEP"
    ;;
  leaklint) printf '%s\n' "$build/leaklint" -j1 -p "$build" "$here/analyzer" ;;
  esac
}

# Instructions of the program alone (cachegrind runs it under its own
# loader: LD_PRELOAD passes through).
instructions() { # instructions WORKLOAD [VAR=VALUE...]
  local -a cmd
  mapfile -t cmd < <(workload "$1" cachegrind)
  shift
  env "$@" valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
    "${cmd[@]}" 2>&1 >/dev/null | awk '/I *refs:/ { gsub(",", "", $NF); print $NF }'
}

# Wall time of one run, in microseconds, pinned to one CPU (the last) so
# that a migration or the other core's load does not enter the figure.
pin=()
command -v taskset >/dev/null && pin=(taskset -c "$(($(nproc) - 1))")
wall_once() { # wall_once WORKLOAD [VAR=VALUE...]
  local -a cmd
  mapfile -t cmd < <(workload "$1")
  shift
  local s e
  s=$(date +%s%N)
  env "$@" "${pin[@]}" "$work/wrap" "${cmd[@]}" >/dev/null 2>&1 || true
  e=$(date +%s%N)
  echo $(((e - s) / 1000))
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] / 1e6 }'; }

# Fast profilers are timed in rounds, one run of each per round, so that a
# drift of the machine's speed (a VM's neighbours, clock changes) spreads
# over all of them alike; each figure is the median.  Slow ones (whose
# workload is "-short" or who take seconds) run once, after.
wls=() names=() slow=() cgs=() envs=()
add() { # add WORKLOAD NAME SLOW(0/1) CACHEGRIND(0/1) [VAR=VALUE...]
  wls+=("$1") names+=("$2") slow+=("$3") cgs+=("$4")
  shift 4
  envs+=("$*")
}

default=(LD_PRELOAD="$sampler" LEAKLINT_PROFILE_DIR="$work")
never=("${default[@]}" LEAKLINT_SAMPLE_RATE=1000000000000000) # no program reaches it
tcmalloc=$lib/libtcmalloc.so.4
jemalloc=$lib/libjemalloc.so.2
for wl in synthetic leaklint; do
  # The first row of each workload is the unprofiled one the others compare to.
  add $wl "unprofiled (glibc malloc)" 0 1
  add $wl "leaklint sampler, default rate" 0 1 "${default[@]}"
  add $wl "pass-through interposer (floor)" 0 1 LD_PRELOAD="$work/passthrough.so"
  add $wl "leaklint sampler, never sampling" 0 1 "${never[@]}"
  if [ -f "$tcmalloc" ]; then
    add $wl "tcmalloc, no sampling" 0 1 LD_PRELOAD="$tcmalloc" TCMALLOC_SAMPLE_PARAMETER=0
    add $wl "tcmalloc sampler (512 KiB)" 0 1 LD_PRELOAD="$tcmalloc" TCMALLOC_SAMPLE_PARAMETER=524288
  fi
  if [ -f "$jemalloc" ]; then
    add $wl "jemalloc, no profiling" 0 1 LD_PRELOAD="$jemalloc"
    add $wl "jemalloc prof (lg_prof_sample 19)" 0 1 LD_PRELOAD="$jemalloc" \
      MALLOC_CONF=prof:true,lg_prof_sample:19
  fi
done
# The slow profilers on the synthetic workload run a twentieth of it.
add synthetic-short "unprofiled (glibc malloc)" 1 1
[ -f "$tcmalloc" ] && add synthetic-short "gperftools full heap profiler" 1 1 \
  LD_PRELOAD="$tcmalloc" HEAPPROFILE="$work/gp"
# heaptrack runs the program through a second process: only its wall time
# compares.  massif is valgrind: its own instructions are moot.
for wl in synthetic-short leaklint; do
  command -v heaptrack >/dev/null && add $wl "heaptrack" 1 0 HEAPTRACK_WRAP=1
  [ "${MASSIF:-0}" = 1 ] && add $wl "valgrind massif" 1 0 MASSIF_WRAP=1
done

declare -a samples
for _ in $(seq "$RUNS"); do
  for i in "${!names[@]}"; do
    ((slow[i] == 0)) || continue
    # shellcheck disable=SC2086 # envs[i] is a list of VAR=VALUE words
    samples[i]+="$(wall_once "${wls[i]}" ${envs[i]}) "
  done
done
for i in "${!names[@]}"; do
  # shellcheck disable=SC2086
  ((slow[i] == 0)) || samples[i]=$(wall_once "${wls[i]}" ${envs[i]})
done

declare -A base_wall base_ins
printf "%-16s %-36s %9s %8s %14s %9s\n" "WORKLOAD" "PROFILER" "WALL" "SLOWDOWN" "INSTRUCTIONS" "EXTRA"
for i in "${!names[@]}"; do
  wl=${wls[i]}
  wall=$(tr ' ' '\n' <<<"${samples[i]}" | grep . | median)
  ins=
  # shellcheck disable=SC2086
  ((cgs[i] == 0)) || ins=$(instructions "$wl" ${envs[i]})
  [ -n "${base_wall[$wl]:-}" ] || base_wall[$wl]=$wall
  [ -z "$ins" ] || [ -n "${base_ins[$wl]:-}" ] || base_ins[$wl]=$ins
  awk -v wl="$wl" -v n="${names[i]}" -v w="$wall" -v bw="${base_wall[$wl]}" \
    -v i="${ins:-0}" -v bi="${base_ins[$wl]:-1}" 'BEGIN {
      extra = i ? sprintf("%+.1f%%", 100 * (i - bi) / bi) : "-"
      printf "%-16s %-36s %8.3fs %7.3fx %14s %9s\n", wl, n, w, w / bw, (i ? i : "-"), extra }'
done
echo "synthetic: $ITER iterations timed, $CG_ITER under cachegrind; synthetic-short: a twentieth"

# The right answer matters as much as the cost: the top growing site at the
# default rate must be the history that keeps one token in KEEP.
echo
"$verify" -o "$work/profiles" -i 1 -- "$work/alloc_heavy" "$ITER" "$KEEP" | sed -n '1,6p'
