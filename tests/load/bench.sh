#!/usr/bin/env bash
# Benchmark (not a test): seeds POSTS posts (default 100,000) by USERS accounts (default
# 20,000) into a fresh SQLite database, starts the release server, and measures with wrk
# at 64 connections the home page, the listing page, a filtered listing, a search page,
# a post page, the API, the match-suggestion query and a signed-in person's conversation
# page next to a static file served by the same binary. Prints a table and writes it as
# JSON (BENCH_OUT, default target/bench/listing.json). Also reports the server's peak
# memory, its start-up time with migrations (on an empty and on the seeded database),
# what a first visit without JavaScript transfers (HTML and CSS, compressed as sent) and
# the WASM's size with brotli.
#
# Visitors who are not signed in get listing pages from the rendered-page cache
# (server/src/middleware/page_cache.rs), as the first rows measure. The last rows show
# what the caches save: the listing with a session cookie is rendered for every request,
# and the varied searches and suggestions (tests/load/varied_*.lua) are different every
# time, so each one is computed (and rendered).
#
#   tests/load/bench.sh                 # the full run (about 2 minutes after the build)
#   POSTS=10000 DURATION=5s tests/load/bench.sh
#   ROWS='conversation|varied' tests/load/bench.sh   # only rows whose name matches (and
#                                                    # the static file, the yardstick)
#   BENCH_DB=~/.cache/helferkreis/bench.db tests/load/bench.sh   # seed once, reuse a copy
#
# Needs wrk (Debian package `wrk`; installed here when run as root) and the release
# build (`cargo leptos build --release --precompress`, done here when missing).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
# shellcheck source=scripts/env.sh
source scripts/env.sh

POSTS="${POSTS:-100000}"
USERS="${USERS:-20000}"
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-64}"
OUT="${BENCH_OUT:-$ROOT/target/bench/listing.json}"
ROWS="${ROWS:-}"
BENCH_DB="${BENCH_DB:-}"
SERVER="$CARGO_TARGET_DIR/release/server"

for tool in wrk brotli; do
  if ! command -v "$tool" >/dev/null; then
    if [ "$(id -u)" = 0 ]; then apt-get install -y "$tool" >/dev/null; else
      echo "$tool is missing: sudo apt-get install $tool" >&2; exit 1; fi
  fi
done
if [ ! -x "$SERVER" ] || [ ! -f target/site/pkg/helferkreis.wasm.br ]; then
  scripts/setup.sh
  cargo leptos build --release --precompress
fi

work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
# Starts the server on DATABASE_URL and sets server_pid, base and started_ms (from the
# start of the process until /healthz answers: tenant, migrations, search index, bind).
start_server() {
  local log="$1" t0 t1
  t0=$(date +%s%N)
  BIND=127.0.0.1:0 SITE_ROOT="$ROOT/target/site" OUTBOX_DIR="$work/outbox" RUST_LOG=warn,server=info,tower_sessions_core=error \
    "$SERVER" serve --tenant tenants/oberhavel >"$log" 2>&1 &
  server_pid=$!
  base=""
  for _ in $(seq 1 2000); do
    base=$(grep -o 'listening on http://[0-9.:]*' "$log" | head -n1 | sed 's/listening on //' || true)
    if [ -n "$base" ] && curl -sf -o /dev/null "$base/healthz"; then break; fi
    base=""
    sleep 0.005
  done
  [ -n "$base" ] || { cat "$log" >&2; exit 1; }
  t1=$(date +%s%N)
  started_ms=$(( (t1 - t0) / 1000000 ))
}
stop_server() {
  kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; server_pid=""
}

# Start-up on an empty database: every migration runs.
export DATABASE_URL="sqlite://$work/empty.db"
start_server "$work/empty.log"
startup_empty_ms=$started_ms
stop_server

export DATABASE_URL="sqlite://$work/bench.db"
if [ -n "$BENCH_DB" ] && [ -f "$BENCH_DB" ]; then
  echo "using a copy of $BENCH_DB (seeded earlier; delete it to seed again)"
  for f in "$BENCH_DB" "$BENCH_DB-wal"; do if [ -f "$f" ]; then cp "$f" "$work/bench.db${f#"$BENCH_DB"}"; fi; done
else
  echo "seeding $POSTS posts by $USERS accounts"
  "$SERVER" seed-demo --posts "$POSTS" --users "$USERS" --tenant tenants/oberhavel
  if [ -n "$BENCH_DB" ]; then
    mkdir -p "$(dirname "$BENCH_DB")"
    for f in "$work/bench.db" "$work/bench.db-wal"; do if [ -f "$f" ]; then cp "$f" "$BENCH_DB${f#"$work/bench.db"}"; fi; done
  fi
fi
start_server "$work/server.log"
startup_seeded_ms=$started_ms

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
# "listing, rendered" sends a session cookie that no session has: past the page cache,
# rendered as for a visitor who is not signed in. tower-sessions warns about every such
# cookie; the server below logs its warnings only from level error on, so the row
# measures rendering, not writing log lines.
post=$(curl -s "$base/api/v1/posts?kind=offer" | grep -o '"id":[0-9]*' | head -n1 | cut -d: -f2)
targets=(
  "static file|/pkg/helferkreis.css"
  "home page|/"
  "listing page|/offers"
  "filtered listing|/needs?category=goods&municipality=velten&sort=nearest&near=velten"
  "search page|/search?q=Fahrrad"
  "search with typo|/search?q=Kinderwagn"
  "post page|/posts/$post"
  "API listing|/api/v1/posts?kind=need&category=furniture"
  "suggestions|/fn/matching/suggest?kind=need&category=baby-and-child&municipality=velten&title=Kinderwagen"
  "conversation page|$conversation||$session"
  "listing, rendered|/offers||hk_session=AAAAAAAAAAAAAAAAAAAAAA"
  "varied searches|/search|tests/load/varied_search.lua"
  "varied suggestions|/fn/matching/suggest|tests/load/varied_suggest.lua"
)
results=()
printf '%-18s %10s %8s %8s %8s %8s %7s %8s\n' "" "req/s" "p50 ms" "p95 ms" "p99 ms" "static" "errors" "peak MB"
static_rps=""
for target in "${targets[@]}"; do
  IFS='|' read -r name path script cookie <<<"$target"
  if [ -n "$ROWS" ] && [ -n "$static_rps" ] && ! [[ "$name" =~ $ROWS ]]; then continue; fi
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

# A first visit without JavaScript: the home page and its style sheets, as sent to a
# browser that accepts brotli and gzip (curl without --compressed counts the bytes on
# the wire). Fonts and the logo are not HTML+CSS and are left out.
wire() { curl -s -o /dev/null -w '%{size_download}' -H 'Accept-Encoding: br, gzip' -H 'Accept: text/html' "$base$1"; }
html_bytes=$(wire /)
css_bytes=0
for sheet in $(curl -s "$base/" | grep -o '<link[^>]*rel="stylesheet"[^>]*>' | grep -o 'href="[^"]*"' | cut -d'"' -f2); do
  css_bytes=$((css_bytes + $(wire "$sheet")))
done
first_visit=$((html_bytes + css_bytes))
# The WASM the page loads (cargo-leptos names it after output-name; pages link it as
# /pkg/<version>/<file>, see server/src/routes/assets.rs).
wasm_path=$(curl -s "$base/" | grep -o '/pkg/[^"]*\.wasm' | head -n1)
wasm="$ROOT/target/site/pkg/${wasm_path##*/}"
wasm_raw=$(stat -c %s "$wasm")
wasm_brotli=$(brotli -c -q 11 "$wasm" | wc -c)
wasm_sent=$(wire "$wasm_path")
printf 'start-up with migrations: %s ms on an empty database, %s ms on the seeded one\n' "$startup_empty_ms" "$startup_seeded_ms"
printf 'first visit without JavaScript: %s bytes (HTML %s + CSS %s, compressed as sent)\n' "$first_visit" "$html_bytes" "$css_bytes"
printf 'WASM: %s bytes, %s with brotli -q 11, %s as the server sends it (brotli)\n' "$wasm_raw" "$wasm_brotli" "$wasm_sent"

mkdir -p "$(dirname "$OUT")"
joined=$(IFS=,; echo "${results[*]}")
cat >"$OUT" <<JSON
{"posts":$POSTS,"users":$USERS,"connections":$CONNECTIONS,"duration":"$DURATION","cores":$(nproc),"peak_memory_kb":$peak_kb,
"startup_ms":{"empty_database":$startup_empty_ms,"seeded_database":$startup_seeded_ms},
"first_visit_bytes":{"html":$html_bytes,"css":$css_bytes,"total":$first_visit},
"wasm_bytes":{"raw":$wasm_raw,"brotli_q11":$wasm_brotli,"as_sent":$wasm_sent},
"results":[$joined]}
JSON
echo "written to $OUT"
