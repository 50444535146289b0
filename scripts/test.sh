#!/usr/bin/env bash
# Sets up (idempotent, pinned) and runs every check and test:
# formatting, clippy, unit + integration tests, the release build, the example
# tenants, and browser tests in Debian's Chromium with JavaScript off and on.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=scripts/env.sh
source scripts/env.sh

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
started=$(date +%s)

step "setup (tools, Chromium, browser-test packages)"
scripts/setup.sh --test

step "keep the build cache in bounds"
# Repeated runs on one machine pile up incremental state and old builds of this
# workspace's own crates in the shared target folder: each integration-test binary is
# about 1.2 GB and the server library 1.4 GB, so every change left ~25 GB behind and
# the disk filled up within a day. Incremental state beyond 8 GB is dropped, and of
# each own artefact only the newest build is kept (dependencies are kept).
incremental="$CARGO_TARGET_DIR/debug/incremental"
if [ -d "$incremental" ] && [ "$(du -s --block-size=1G "$incremental" | cut -f1)" -gt 8 ]; then
  rm -rf "$incremental"
fi
deps="$CARGO_TARGET_DIR/debug/deps"
if [ -d "$deps" ]; then
  own=(app server helferkreis_tests frontend)
  mapfile -t -O "${#own[@]}" own < <(sed -n 's/^name = "\([a-z_]*\)"$/\1/p' tests/Cargo.toml)
  for crate in "${own[@]}"; do
    for prefix in "" lib; do
      # Newest first. Kept: the newest library (.rlib), the newest check result (.rmeta
      # only, from clippy) and the newest binary; every older one goes.
      declare -A kept=()
      while read -r stem; do
        if [ -e "$deps/$stem.rlib" ]; then kind=rlib
        elif [ -e "$deps/$stem.rmeta" ]; then kind=rmeta
        else kind=bin; fi
        if [ -n "${kept[$kind]:-}" ]; then
          rm -f "$deps/$stem" "$deps/$stem.rlib" "$deps/$stem.rmeta" "$deps/$stem.d"
        else
          kept[$kind]=$stem
        fi
      done < <(ls -t "$deps" | grep -E "^${prefix}${crate}-[0-9a-f]{16}(\.rlib|\.rmeta|\.d)?$" \
        | sed -E 's/\.(rlib|rmeta|d)$//' | awk '!seen[$0]++' || true)
      unset kept
    done
  done
  # The integration tests were one binary per area until 2026-12-01; those are dead weight.
  for former in foundation accounts posts listings post_pages photos page_cache smtp \
    conversations alerts coordinators matching moderation reports info_pages stats \
    organisations instances backup; do
    find "$deps" -maxdepth 1 -type f \( -name "$former-*" -o -name "lib$former-*" \) -delete
  done
fi
du -sh "$CARGO_TARGET_DIR" 2>/dev/null || true

step "format"
cargo fmt --all -- --check

step "clippy: server side (app with ssr, server, integration tests)"
cargo clippy --locked -p app -p server -p helferkreis-tests --all-targets --features app/ssr -- -D warnings

step "clippy: browser side (app with hydrate, frontend, for wasm32)"
cargo clippy --locked -p frontend --target wasm32-unknown-unknown -- -D warnings

step "unit and integration tests (SQLite)"
# The timeout turns a hang into a failure with output instead of a silent CI timeout.
timeout 20m cargo test --locked -p app -p server -p helferkreis-tests --features app/ssr

step "integration tests again on PostgreSQL (a throwaway server, see scripts/postgres.sh)"
pg_dir=$(mktemp -d)
stop_postgres() { scripts/postgres.sh stop "$pg_dir"; }
trap stop_postgres EXIT
pg_url=$(scripts/postgres.sh start "$pg_dir" | tail -n1)
echo "PostgreSQL at $pg_url"
TEST_POSTGRES_URL="$pg_url" timeout 20m cargo test --locked -p app -p server -p helferkreis-tests --features app/ssr --test '*'
stop_postgres
trap - EXIT

step "release build of the site (cargo-leptos: server + WASM + CSS)"
cargo leptos build --release --precompress
SERVER="$CARGO_TARGET_DIR/release/server"

step "example tenants"
for tenant in tenants/*/; do
  "$SERVER" check-tenant "$tenant"
done

step "browser tests (Chromium, JavaScript off and on, axe-core)"
work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
DATABASE_URL="sqlite://$work/e2e.db" OUTBOX_DIR="$work/outbox" BIND=127.0.0.1:0 SITE_ROOT="$ROOT/target/site" RUST_LOG=info \
  "$SERVER" serve --tenant tenants/oberhavel >"$work/server.log" 2>&1 &
server_pid=$!
base_url=""
for _ in $(seq 1 100); do
  base_url=$(grep -o 'listening on http://[0-9.:]*' "$work/server.log" | head -n1 | sed 's/listening on //' || true)
  [ -n "$base_url" ] && break
  if ! kill -0 "$server_pid" 2>/dev/null; then cat "$work/server.log"; exit 1; fi
  sleep 0.1
done
if [ -z "$base_url" ]; then
  echo "the server did not start:" >&2
  cat "$work/server.log" >&2
  exit 1
fi
# A staff account for the moderator's pages: the same command an operator uses; its
# one-time set-password link goes to the browser tests.
staff_link=$(DATABASE_URL="sqlite://$work/e2e.db" OUTBOX_DIR="$work/outbox" PUBLIC_URL="$base_url" RUST_LOG=warn \
  "$SERVER" create-admin staff@example.org --tenant tenants/oberhavel --link | tail -n1)
# Screenshots of the right-to-left pages land in target/e2e-artifacts.
(cd tests/e2e && BASE_URL="$base_url" OUTBOX_DIR="$work/outbox" STAFF_LINK="$staff_link" ARTIFACTS_DIR="$ROOT/target/e2e-artifacts" node --test --test-concurrency=1)

step "concurrent page views (32 clients, every answer complete)"
tests/load/concurrent_views.sh "$base_url" 300
if grep -q "panicked" "$work/server.log"; then
  echo "note: the server log shows panics in background tasks (answers were complete):" >&2
  grep -A1 "panicked" "$work/server.log" | head -n 6 >&2
fi

step "graceful shutdown on SIGTERM"
kill -TERM "$server_pid"
# Bounded: a worker thread blocked for good keeps the server from ending, and CI would
# only see its time limit.
for _ in $(seq 1 300); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$server_pid" 2>/dev/null; then
  echo "the server did not exit within 30 s of SIGTERM:" >&2
  tail -n 40 "$work/server.log" >&2
  kill -KILL "$server_pid" 2>/dev/null || true
  exit 1
fi
if ! wait "$server_pid"; then
  echo "the server did not exit cleanly on SIGTERM:" >&2
  cat "$work/server.log" >&2
  exit 1
fi
server_pid=""
grep -q "shutting down" "$work/server.log"
echo "the server finished its requests and exited with status 0"

printf '\nAll checks and tests passed in %ss.\n' "$(( $(date +%s) - started ))"
