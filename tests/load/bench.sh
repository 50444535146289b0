#!/usr/bin/env bash
# Benchmark (not a test): seeds POSTS posts (default 100,000) into a fresh SQLite
# database, starts the release server, and measures with wrk at 64 connections the
# listing page, a filtered listing, a search page, the API, the match-suggestion query
# and a signed-in person's conversation page next to a static file served by the same
# binary. Prints a table and writes it as JSON (BENCH_OUT, default
# target/bench/listing.json). Also reports the server's peak memory.
#
# Visitors who are not signed in get listing pages from the rendered-page cache
# (server/src/middleware/page_cache.rs), as the first rows measure. The last rows show
# what the caches save: the listing with a session cookie is rendered for every request,
# and the varied searches and suggestions (tests/load/varied_*.lua) are different every
# time, so each one is computed (and rendered).
#
#   tests/load/bench.sh                 # the full run (about 2 minutes after the build)
#   POSTS=10000 DURATION=5s tests/load/bench.sh
#
# Needs wrk (Debian package `wrk`; installed here when run as root) and the release
# build (`cargo leptos build --release`, done here when missing).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
# shellcheck source=scripts/env.sh
source scripts/env.sh

POSTS="${POSTS:-100000}"
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-64}"
OUT="${BENCH_OUT:-$ROOT/target/bench/listing.json}"
SERVER="$CARGO_TARGET_DIR/release/server"

if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y wrk >/dev/null; else
    echo "wrk is missing: sudo apt-get install wrk" >&2; exit 1; fi
fi
if [ ! -x "$SERVER" ] || [ ! -f target/site/pkg/helferkreis.css ]; then
  scripts/setup.sh
  cargo leptos build --release
fi

work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
export DATABASE_URL="sqlite://$work/bench.db"
echo "seeding $POSTS posts"
"$SERVER" seed-demo --posts "$POSTS" --tenant tenants/oberhavel
BIND=127.0.0.1:0 SITE_ROOT="$ROOT/target/site" OUTBOX_DIR="$work/outbox" RUST_LOG=warn,server=info \
  "$SERVER" serve --tenant tenants/oberhavel >"$work/server.log" 2>&1 &
server_pid=$!
base=""
for _ in $(seq 1 100); do
  base=$(grep -o 'listening on http://[0-9.:]*' "$work/server.log" | head -n1 | sed 's/listening on //' || true)
  [ -n "$base" ] && break
  sleep 0.1
done
[ -n "$base" ] || { cat "$work/server.log" >&2; exit 1; }

# A signed-in person with a conversation of ten messages, for the conversation row: an
# account made with `create-admin --link`, its password set through the reset form, a
# login, and an answer to the newest need.
password="bench password $(date +%s)"
link=$("$SERVER" create-admin bench@example.org --tenant tenants/oberhavel --link </dev/null | grep -o 'http[^ ]*token=[^ ]*' | head -n1)
fn_post() { curl -s -H "Origin: $base" -H 'Accept: application/json' "$@"; }
fn_post --data-urlencode "token=${link##*token=}" --data-urlencode "password=$password" "$base/fn/account/reset-password" >/dev/null
session=$(fn_post -D - -o /dev/null --data-urlencode "email=bench@example.org" --data-urlencode "password=$password" \
  "$base/fn/account/login" | grep -i '^set-cookie: hk_session=' | sed 's/^[^:]*: \([^;]*\).*/\1/')
need=$(curl -s "$base/api/v1/posts?kind=need" | grep -o '"id":[0-9]*' | head -n1 | cut -d: -f2)
conversation=$(fn_post -H "Cookie: $session" --data-urlencode "post_id=$need" --data-urlencode "message=Ich kann helfen." \
  "$base/fn/conversations/start" | grep -o '/conversations/[0-9]*' | head -n1)
for n in $(seq 2 10); do
  fn_post -H "Cookie: $session" --data-urlencode "id=${conversation##*/}" --data-urlencode "message=Nachricht $n" \
    "$base/fn/conversations/send" >/dev/null
done
if [ -z "$session" ] || [ -z "$conversation" ]; then
  echo "could not set up the signed-in conversation (session '$session', conversation '$conversation')" >&2
  exit 1
fi

# name|path|wrk script (default report.lua)|cookie
targets=(
  "static file|/pkg/helferkreis.css"
  "listing page|/offers"
  "filtered listing|/needs?category=goods&municipality=velten&sort=nearest&near=velten"
  "search page|/search?q=Fahrrad"
  "search with typo|/search?q=Kinderwagn"
  "API listing|/api/v1/posts?kind=need&category=furniture"
  "suggestions|/fn/matching/suggest?kind=need&category=baby-and-child&municipality=velten&title=Kinderwagen"
  "conversation page|$conversation||$session"
  "listing, rendered|/offers||hk_session=bench-without-session"
  "varied searches|/search|tests/load/varied_search.lua"
  "varied suggestions|/fn/matching/suggest|tests/load/varied_suggest.lua"
)
results=()
printf '%-18s %10s %8s %8s %8s %8s %7s %8s\n' "" "req/s" "p50 ms" "p95 ms" "p99 ms" "static" "errors" "peak MB"
static_rps=""
for target in "${targets[@]}"; do
  IFS='|' read -r name path script cookie <<<"$target"
  script="${script:-tests/load/report.lua}"
  headers=()
  [ -n "$cookie" ] && headers=(-H "Cookie: $cookie")
  # Warm-up, then the measured run.
  wrk -t2 -c"$CONNECTIONS" -d2s "${headers[@]}" -s "$script" "$base$path" >/dev/null
  line=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" "${headers[@]}" -s "$script" "$base$path" | grep '^RESULT')
  read -r _ rps p50 p95 p99 bad errors <<<"$line"
  [ -z "$static_rps" ] && static_rps="$rps"
  ratio=$(awk -v a="$rps" -v b="$static_rps" 'BEGIN { printf "%.0f%%", 100 * a / b }')
  # Peak memory so far (VmHWM): the rows run in order, so this shows which one raised it.
  peak_so_far=$(awk '/VmHWM/ { print int($2 / 1024) }' "/proc/$server_pid/status")
  printf '%-18s %10s %8s %8s %8s %8s %7s %8s\n' "$name" "$rps" "$p50" "$p95" "$p99" "$ratio" "$((bad + errors))" "$peak_so_far"
  results+=("{\"name\":\"$name\",\"path\":\"$path\",\"requests_per_second\":$rps,\"p50_ms\":$p50,\"p95_ms\":$p95,\"p99_ms\":$p99,\"share_of_static\":$(awk -v a="$rps" -v b="$static_rps" 'BEGIN { printf "%.3f", a / b }'),\"failed\":$((bad + errors)),\"peak_memory_mb_so_far\":$peak_so_far}")
done
peak_kb=$(awk '/VmHWM/ { print $2 }' "/proc/$server_pid/status")
echo "server peak memory: $((peak_kb / 1024)) MB (VmHWM)"
mkdir -p "$(dirname "$OUT")"
joined=$(IFS=,; echo "${results[*]}")
cat >"$OUT" <<JSON
{"posts":$POSTS,"connections":$CONNECTIONS,"duration":"$DURATION","cores":$(nproc),"peak_memory_kb":$peak_kb,"results":[$joined]}
JSON
echo "written to $OUT"
