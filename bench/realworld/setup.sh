#!/usr/bin/env bash
# shellcheck disable=SC2317  # the configure_* functions are called by name
# Lays out the real-code corpus: for each project in projects.tsv (or each
# one named), a work tree at the pinned commit under
# ${REALWORLD_DIR:-/work/realworld}/<name>, configured, with a
# compile_commands.json in its top directory.
#
# usage: bench/realworld/setup.sh [project...]
#
# Nothing is downloaded here.  Each project's git directory must already be
# at ${MIRROR_DIR:-/work/.mirror}/<owner>+<repo>/repo, where the `fetch` tool
# of the agent sessions puts it (fetch github:<owner>/<repo>).  The work tree
# is a `git worktree add --detach` of the pinned commit (a worktree rather
# than `git archive`, because jq, memcached and tmux take their version from
# `git describe` at configure time).
#
# Nothing is compiled either: each project is only configured (autotools
# ./configure, CMake's configure step with CMAKE_EXPORT_COMPILE_COMMANDS, or
# nginx's auto/configure).  Configure scripts compile their own small probe
# programs, as always; no object of the project is built.  Where the build
# is make-based, `make -n` (dry run: commands printed, not run) is turned
# into compile_commands.json by make-n-to-compdb.py.  jq's three generated
# headers (src/builtin.inc, src/version.h, src/config_opts.inc: od/sed/echo,
# no compiler) are made with their own make targets, since src/builtin.c and
# src/main.c cannot be parsed without them.  Units whose source only a build
# step would make (tmux's cmd-parse.c, from yacc) are dropped, and said so.
#
# Idempotent: a project whose work tree is at its commit and has a
# compile_commands.json is left alone.  FORCE=1 configures again.
# APT_INSTALL=1 installs missing Debian packages (column apt_packages) with
# apt-get; otherwise they are listed and the project is skipped.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

log() { printf '[%s] %s\n' "$1" "${*:2}" >&2; }

# ---- helpers -------------------------------------------------------------

# make_compdb [MAKE ARGS...]: dry-run make in the current directory and
# convert its output.
make_compdb() {
  make -n -w V=1 "$@" >make-n.log 2>make-n.err || {
    cat make-n.err >&2
    return 1
  }
  python3 "$RW_HERE/make-n-to-compdb.py" --base "$PWD" -o compile_commands.json make-n.log
}

# cmake_compdb [CMAKE ARGS...]: configure into build-leaklint/ only.
cmake_compdb() {
  cmake -S . -B build-leaklint -G "Unix Makefiles" -DCMAKE_C_COMPILER=clang \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_EXPORT_COMPILE_COMMANDS=ON "$@" \
    >cmake.log 2>&1 || {
    tail -n 30 cmake.log >&2
    return 1
  }
  cp build-leaklint/compile_commands.json compile_commands.json
}

# finish_compdb SUBDIR: keep the units under SUBDIR (unless "."), drop those
# whose source does not exist, one entry per file; report what was dropped.
finish_compdb() {
  python3 - "$PWD" "$1" <<'PY'
import json, os, sys
root, sub = sys.argv[1], sys.argv[2]
db = json.load(open('compile_commands.json'))
keep, seen, outside, missing = [], set(), 0, []
prefix = os.path.normpath(os.path.join(root, sub)) + os.sep
for e in db:
    f = os.path.normpath(os.path.join(e['directory'], e['file']))
    if sub != '.' and not f.startswith(prefix):
        outside += 1
        continue
    if not os.path.exists(f):
        missing.append(os.path.relpath(f, root))
        continue
    if f in seen:
        continue
    seen.add(f)
    keep.append(e)
with open('compile_commands.json.tmp', 'w') as out:
    json.dump(keep, out, indent=2)
    out.write('\n')
os.replace('compile_commands.json.tmp', 'compile_commands.json')
msg = f'{len(keep)} units'
if outside:
    msg += f', {outside} outside {sub}/ dropped'
if missing:
    msg += f', not generated (dropped): {" ".join(missing)}'
print(msg, file=sys.stderr)
PY
}

# ---- per-project configure steps (run in the work tree) --------------------

configure_jq() {
  autoreconf -i >autoreconf.log 2>&1
  ./configure CC=clang --with-oniguruma=yes --disable-docs --disable-maintainer-mode >configure.log 2>&1
  # Text-only generators (od, sed, echo); check that nothing compiles.
  local gen="src/builtin.inc src/version.h src/config_opts.inc"
  # shellcheck disable=SC2086
  if make -n $gen | grep -Eq '(^|[ /])(clang|gcc|cc) '; then
    log jq "header targets would compile something; refusing"
    return 1
  fi
  # shellcheck disable=SC2086
  make $gen >/dev/null
  make_compdb
}

configure_memcached() {
  ./autogen.sh >autogen.log 2>&1
  ./configure CC=clang >configure.log 2>&1
  make_compdb
}

configure_tmux() {
  ./autogen.sh >autogen.log 2>&1
  ./configure CC=clang >configure.log 2>&1
  make_compdb
}

configure_libuv() {
  cmake_compdb -DLIBUV_BUILD_TESTS=OFF -DLIBUV_BUILD_BENCH=OFF
}

configure_curl() {
  cmake_compdb -DCURL_USE_OPENSSL=ON -DCURL_USE_LIBPSL=ON -DUSE_NGHTTP2=OFF \
    -DCURL_USE_LIBSSH2=OFF -DCURL_BROTLI=OFF -DCURL_ZSTD=OFF -DUSE_LIBIDN2=OFF \
    -DBUILD_TESTING=OFF -DBUILD_CURL_EXE=OFF -DBUILD_EXAMPLES=OFF -DCURL_DISABLE_LDAP=ON
}

configure_redis() {
  # Plain Makefile, no configure.  The dry run must not reach the rule that
  # builds deps/ (.make-prerequisites -> persist-settings -> make -C ../deps)
  # nor the one that writes Makefile.dep with the compiler: -o marks them
  # up to date.  MALLOC=libc: jemalloc's headers only exist after its own
  # build.  The Makefile itself probes the compiler ($(shell) for C11
  # atomics) and writes src/release.h, as a configure step would.
  (cd src && make_compdb -o .make-prerequisites -o persist-settings -o Makefile.dep \
    CC=clang MALLOC=libc BUILD_TLS=no all)
  mv src/compile_commands.json compile_commands.json
  # The converter wrote directories as seen from src/; they are absolute.
}

configure_nginx() {
  auto/configure --with-cc=clang --with-threads --with-http_ssl_module \
    --with-http_v2_module --with-stream --with-stream_ssl_module >configure.log 2>&1
  make_compdb -f objs/Makefile
}

configure_tcpdump() {
  cmake_compdb
}

configure_htop() {
  ./autogen.sh >autogen.log 2>&1
  ./configure CC=clang >configure.log 2>&1
  make_compdb
}

configure_lighttpd() {
  cmake_compdb -DWITH_PCRE2=ON -DWITH_ZLIB=ON -DWITH_OPENSSL=ON
}

configure_mosquitto() {
  # broker, library, clients and plugins; no docs (xsltproc), no tests
  cmake_compdb -DWITH_DOCS=OFF -DWITH_TESTS=OFF -DWITH_WEBSOCKETS=OFF -DWITH_CTRL_SHELL=OFF \
    -DWITH_SRV=OFF
}

# ---- main ------------------------------------------------------------------

missing_packages() {
  local p
  for p in ${1//,/ }; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"
  done
}

setup_one() {
  local name=$1 repo commit sub apt dir mirror
  repo=$(rw_field "$name" repo)
  commit=$(rw_field "$name" commit)
  sub=$(rw_field "$name" subdir)
  apt=$(rw_field "$name" apt_packages)
  dir=$(rw_dir "$name")
  mirror=$MIRROR_DIR/${repo/\//+}/repo
  declare -F "configure_$name" >/dev/null || { log "$name" "no configure_$name in setup.sh"; return 1; }

  local need
  need=$(missing_packages "$apt")
  if [ -n "$need" ]; then
    if [ "${APT_INSTALL:-}" = 1 ]; then
      # shellcheck disable=SC2086
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null
    else
      # shellcheck disable=SC2086
      log "$name" "missing packages:" $need "(apt-get install them, or APT_INSTALL=1)"
      return 1
    fi
  fi

  if [ -e "$dir" ] && [ "$(git -C "$dir" rev-parse HEAD 2>/dev/null || true)" != "$commit" ]; then
    log "$name" "$dir is not a work tree at $commit; making it again"
    rm -rf "$dir"
  fi
  if [ ! -e "$dir" ]; then
    [ -d "$mirror" ] || { log "$name" "no $mirror: fetch github:$repo with the fetch tool first"; return 1; }
    git --git-dir="$mirror" cat-file -e "$commit^{commit}" 2>/dev/null ||
      { log "$name" "$commit is not in $mirror"; return 1; }
    mkdir -p "$REALWORLD_DIR"
    git --git-dir="$mirror" worktree prune
    git --git-dir="$mirror" worktree add --detach "$dir" "$commit" >/dev/null 2>&1
    FORCE=1
  fi

  if [ -s "$dir/compile_commands.json" ] && [ "${FORCE:-}" != 1 ]; then
    log "$name" "ready ($(rw_units "$name" | wc -l) units): $dir/compile_commands.json"
    return 0
  fi
  log "$name" "configuring in $dir"
  # Not under || : that would switch set -e off inside the steps.
  local rc=0
  rm -f "$dir/compile_commands.json"
  set +e
  (set -e; cd "$dir"; "configure_$name"; finish_compdb "$sub")
  rc=$?
  set -e
  [ $rc -eq 0 ] || { log "$name" "FAILED (logs in $dir)"; return 1; }
  log "$name" "ready: $dir/compile_commands.json"
}

status=0
for p in $(rw_projects "$@"); do
  set +e
  (set -e; setup_one "$p")
  rc=$?
  set -e
  [ $rc -eq 0 ] || status=1
done
exit $status
