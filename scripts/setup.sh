#!/usr/bin/env bash
# Installs the pinned tools Helferkreis builds and tests with. Idempotent: a second run
# only checks versions. Downloads only from crates.io, npm and Debian (never GitHub):
# cargo-leptos downloads wasm-bindgen/wasm-opt/sass from GitHub unless they are on
# PATH, so we install each of them ourselves first.
#
#   scripts/setup.sh          tools to build and run
#   scripts/setup.sh --test   plus Chromium and the browser-test packages
set -euo pipefail

CARGO_LEPTOS_VERSION=0.3.10   # 0.3.11 needs rustc 1.96
BINARYEN_VERSION=132.0.0      # Debian's binaryen 108 breaks hydration (Table.set error)

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/env.sh
source "$ROOT/scripts/env.sh"

with_tests=false
[ "${1:-}" = "--test" ] && with_tests=true

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=false
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! $apt_updated; then
    say "apt-get update"
    as_root apt-get update -qq
    apt_updated=true
  fi
  say "apt-get install ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# Debian's wasm-opt would be picked up by cargo-leptos and produce a WASM that fails to hydrate.
if dpkg -s binaryen >/dev/null 2>&1; then
  say "removing Debian's binaryen (its wasm-opt breaks hydration)"
  as_root apt-get remove -y -qq binaryen >/dev/null
fi

command -v npm >/dev/null || apt_install nodejs npm

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(cargo leptos --version 2>/dev/null || true)" != "cargo-leptos $CARGO_LEPTOS_VERSION" ]; then
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (first time only)"
  # Its release profile links with fat LTO in one codegen unit: on 2 cores that link alone
  # took about half an hour of a first CI run. A build tool runs fine without it.
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
fi

# wasm-bindgen-cli must be exactly the wasm-bindgen version in Cargo.lock.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' "$ROOT/Cargo.lock")
if [ -z "$WASM_BINDGEN_VERSION" ]; then
  echo "setup: cannot find wasm-bindgen in Cargo.lock" >&2
  exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: its lock file wants a webpki-roots version the index no longer has.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if [ "$(wasm-opt --version 2>/dev/null | awk '{print $3}')" != "${BINARYEN_VERSION%%.*}" ]; then
  say "installing wasm-opt from npm binaryen@$BINARYEN_VERSION"
  mkdir -p "$HELFERKREIS_TOOLS"
  npm install --prefix "$HELFERKREIS_TOOLS" --no-audit --no-fund --silent "binaryen@$BINARYEN_VERSION"
fi

if $with_tests; then
  apt_install chromium
  # The suite runs a second time on a throwaway PostgreSQL (scripts/postgres.sh).
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_install postgresql
  if ! (cd "$ROOT/tests/e2e" && npm ls --silent >/dev/null 2>&1); then
    say "installing browser-test packages (tests/e2e/package-lock.json)"
    (cd "$ROOT/tests/e2e" && npm ci --no-audit --no-fund --silent)
  fi
fi

say "tools ready: $(cargo leptos --version), $(wasm-bindgen --version), wasm-opt $(wasm-opt --version | awk '{print $3}')"
