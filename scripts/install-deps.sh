#!/usr/bin/env bash
# Installs what leaklint needs to build and test on Debian/Ubuntu.  Safe to
# run again: it installs only what is missing.  Run as root or with sudo.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)

# Build: compiler, CMake, libclang, cJSON.
packages=(build-essential cmake pkg-config clang-format libclang-dev libcjson-dev)
# Runtime verifier: unwinder, ELF/DWARF symbolizer, zlib for gzipped profiles.
packages+=(libdw-dev libelf-dev zlib1g-dev libunwind-dev)
# Real headers of the APIs the testcases model.
packages+=(libuv1-dev libglib2.0-dev libevent-dev)
# Tests: pprof reader (go tool pprof), Node.js/npm for the SARIF Multitool
# (kept if the machine already has a node of its own).
packages+=(golang-go)
# Tests: the pre-commit framework, run for real by tests/pre_commit_test.sh.
packages+=(pre-commit git)
# Tests: neovim's built-in LSP client drives the language server (tests/lsp/).
packages+=(neovim)
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Microsoft's SARIF Multitool, pinned, into tools/node_modules (not committed).
if [ ! -x "$here/tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool" ]; then
  mkdir -p "$here/tools"
  (cd "$here/tools" && npm install --silent --no-audit --no-fund --prefix . @microsoft/sarif-multitool@5.7.0 >/dev/null)
  chmod +x "$here/tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool" 2>/dev/null || true
fi
