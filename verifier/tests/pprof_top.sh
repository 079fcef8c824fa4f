#!/bin/sh
# pprof_top.sh VERIFY PROGRAM WORKDIR FUNCTION
# Runs PROGRAM under leaklint-verify, then checks that Go's pprof reads the
# last profile and puts FUNCTION at the top of `-top -sample_index=inuse_space`.
set -eu
verify=$1 program=$2 work=$3 fn=$4
if ! command -v go >/dev/null 2>&1; then
  echo "go is not installed: skipped"
  exit 77
fi
rm -rf "$work"
mkdir -p "$work/home"
# CI has no HOME cache: keep Go's caches in the work directory.
export HOME="$work/home" GOCACHE="$work/gocache" GOPATH="$work/gopath" GOFLAGS=
"$verify" -o "$work/profiles" -r 1 -i 0.2 -- "$program" >"$work/verify.out"
last=$(ls "$work"/profiles/heap.*.pb.gz | sort | tail -n 1)
go tool pprof -top -sample_index=inuse_space "$last" >"$work/top.txt" 2>&1 || {
  cat "$work/top.txt"
  exit 1
}
cat "$work/top.txt"
top=$(awk '/flat%/ { getline; print; exit }' "$work/top.txt")
case "$top" in
*" $fn"*) echo "top: $top" ;;
*)
  echo "FAIL: expected $fn at the top, got: $top"
  exit 1
  ;;
esac
