#!/usr/bin/env bash
# Every page answers every request completely while 32 clients ask at once.
#
#   tests/load/concurrent_views.sh http://127.0.0.1:3000 [views-per-route]
#
# Guards against a render bug that only shows in the release build under concurrency:
# page components created inside a suspended block sometimes ran after their owner was
# disposed, panicked, and the connection dropped (65 of 2,000 /login views). Counts only
# incomplete answers and 5xx, not speed; scripts/test.sh runs it against the release server.
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
exit "$failed"
