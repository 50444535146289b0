#!/usr/bin/env bash
# Every page answers every request completely while 32 clients ask at once.
#
#   tests/load/concurrent_views.sh http://127.0.0.1:3000 [views-per-route]
#
# Guards against a render bug that only shows in the release build under concurrency:
# page components created inside a suspended block sometimes ran after their owner was
# disposed, panicked, and the connection dropped (65 of 2,000 /login views). Counts only
# incomplete answers and 5xx, not speed; scripts/test.sh runs it against the release server.
#
# Then 3,000 views of the heaviest pages (rendered: with a session cookie, past the page
# cache) are given up after 1 to 20 ms, as a phone losing its signal does, and every
# route is asked once more: a render torn down half-way once blocked a worker thread for
# good. scripts/test.sh then checks that the server still stops on SIGTERM.
set -euo pipefail
base="${1:?usage: $0 BASE_URL [views-per-route]}"
views="${2:-500}"
routes=(/ /login /register /forgot-password "/reset-password?token=abc" "/verify-email?token=abc"
  /account /admin/users /privacy /imprint /does-not-exist
  /needs "/offers?help=goods&sort=nearest&near=velten" "/search?q=Kinderwagn" /posts/new
  /posts/1 /posts/99999 /my-posts "/posts/1/renew?token=abc" /api/v1/posts /feed.xml
  /conversations /conversations/1 /alerts "/alerts/unsubscribe?token=abc" /coordination
  "/fn/matching/suggest?kind=need&category=furniture&municipality=velten&title=Sofa")
failed=0
for route in "${routes[@]}"; do
  # curl prints 000 when the connection closed without a complete answer.
  bad=$(seq 1 "$views" | xargs -P 32 -I{} curl -s -o /dev/null -H "Accept: text/html" \
    -w "%{http_code}\n" "$base$route" | grep -cvE '^[234][0-9][0-9]$' || true)
  printf '%-28s %s views, %s without a complete answer\n' "$route" "$views" "$bad"
  if [ "$bad" != "0" ]; then failed=1; fi
done

# give_up N PATH: N views of PATH, 64 at a time, each given up after 1 to 20 ms.
give_up() {
  seq 1 "$1" | xargs -P 64 -I{} sh -c \
    'curl -s -o /dev/null --max-time "0.$(printf %03d $(( $1 % 20 + 1 )))" -H "Accept: text/html" -b hk_session=AAAAAAAAAAAAAAAAAAAAAA "$2" || true' \
    _ {} "$base$2"
}
give_up 2000 "/offers?help=goods&sort=nearest&near=velten"
give_up 1000 "/search?q=Kinderwagn"
for route in "${routes[@]}"; do
  code=$(curl -s -o /dev/null --max-time 30 -H "Accept: text/html" -w "%{http_code}" "$base$route" || true)
  if ! [[ "$code" =~ ^[234][0-9][0-9]$ ]]; then
    printf '%-28s after 3,000 views given up: %s\n' "$route" "$code"
    failed=1
  fi
done
echo "3,000 views given up half-way; every route answered afterwards: $([ "$failed" = 0 ] && echo yes || echo no)"
exit "$failed"
