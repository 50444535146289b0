#!/usr/bin/env bash
# Sets up the pinned tools (first run only), builds, and serves the Landkreis Oberhavel
# demo on http://127.0.0.1:3000 with an embedded SQLite database under data/.
# Override with BIND, DATABASE_URL or TENANT (a tenant folder). Stop with Ctrl-C.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=scripts/env.sh
source scripts/env.sh

scripts/setup.sh
cargo leptos build --release --precompress
TENANT="${TENANT:-tenants/oberhavel}"
SERVER="$CARGO_TARGET_DIR/release/server"
"$SERVER" check-tenant "$TENANT"
export BIND="${BIND:-127.0.0.1:3000}"
# A modest set of demo posts on the first start (nothing when the database has posts).
"$SERVER" seed-demo --posts 300 --if-empty --tenant "$TENANT"
export SITE_ROOT="${SITE_ROOT:-$ROOT/target/site}"
echo "Open http://$BIND"
exec "$SERVER" serve --tenant "$TENANT"
