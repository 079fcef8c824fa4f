#!/usr/bin/env bash
# Usage: lsp_nvim_test.sh LEAKLINT SOURCE_DIR
# neovim's built-in LSP client drives `leaklint lsp` (lsp/nvim_client_test.lua
# says what it checks) over a scratch project of three files.
set -u
ll=$(realpath "$1") src=$(realpath "$2")
. "$(dirname "$0")/lib.sh"
command -v nvim >/dev/null || { echo "nvim not found: run scripts/install-deps.sh"; exit 1; }

mkdir -p "$tmp/project"
leak_c >"$tmp/project/leak.c"
cat >"$tmp/project/helper.c" <<'C'
#include <stdlib.h>
char *make_buffer(int n) {
  return malloc(n);
}
C
# main.c leaks as leak.c does, with helper.c's allocator
leak_c | sed -e 's/^int f(int n) {$/char *make_buffer(int n);\nint use(int n) {/' \
  -e 's/malloc(n)/make_buffer(n)/' >"$tmp/project/main.c"
export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config" XDG_STATE_HOME="$tmp/state" \
  XDG_CACHE_HOME="$tmp/cache" XDG_DATA_HOME="$tmp/data"
mkdir -p "$HOME"
LEAKLINT="$ll" PROJECT="$(realpath "$tmp/project")" \
  nvim --headless --clean -c "luafile $src/tests/lsp/nvim_client_test.lua" </dev/null
status=$?
# neovim's LSP log, for a failure's story
[ $status = 0 ] || cat "$XDG_CACHE_HOME"/nvim/lsp.log 2>/dev/null | tail -20
exit $status
