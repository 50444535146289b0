#!/usr/bin/env bash
# Fuzzing (not part of the test command): runs each cargo-fuzz target in fuzz/ for
# FUZZ_SECONDS (default 60) with libFuzzer. The targets are the tenant parser, the
# Markdown renderer of information pages and the search query parser.
#
#   scripts/fuzz.sh                       # all three, 60 s each
#   FUZZ_SECONDS=600 scripts/fuzz.sh markdown
#
# Works on the stable toolchain: no sanitizer (`--sanitizer none`, the code is safe
# Rust; AddressSanitizer would need nightly), coverage-guided all the same. The corpus
# grows under ~/.cache/helferkreis/fuzz-corpus/<target> (seeded from the example tenants
# and pages); an input that crashes is written to fuzz/artifacts/<target>/ and the run
# fails: turn it into a regression test beside the code it broke, then fix.
set -euo pipefail
CARGO_FUZZ_VERSION=0.13.2
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=scripts/env.sh
source scripts/env.sh
# Instrumented builds have their own flags: keep them apart from the normal target dir.
export CARGO_TARGET_DIR="$HELFERKREIS_CACHE/fuzz-target"
SECONDS_EACH="${FUZZ_SECONDS:-60}"

if [ "$(cargo fuzz --version 2>/dev/null || true)" != "cargo-fuzz $CARGO_FUZZ_VERSION" ]; then
  echo "[fuzz] installing cargo-fuzz $CARGO_FUZZ_VERSION (first time only)"
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
fi

targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(tenant_parser markdown search_query)

corpus_root="$HELFERKREIS_CACHE/fuzz-corpus"
seed() {
  local target="$1" dir="$corpus_root/$1"
  mkdir -p "$dir"
  case "$target" in
    tenant_parser) for f in tenants/*/tenant.toml; do cp "$f" "$dir/seed-$(basename "$(dirname "$f")").toml"; done ;;
    markdown) for f in tenants/*/pages/*.md; do cp "$f" "$dir/seed-$(basename "$(dirname "$(dirname "$f")")")-$(basename "$f")"; done ;;
    search_query)
      n=0
      for q in "Fahrrad" "Fahrräder Kinderwagn" "Couch Sofa" "سرير للأطفال" "кровать" "Winter-Jacke, Größe 128" "a b c d e f g h i j"; do
        printf '%s' "$q" >"$dir/seed-$n"; n=$((n + 1))
      done ;;
  esac
}

for target in "${targets[@]}"; do
  seed "$target"
  mkdir -p "fuzz/artifacts/$target"
  echo "[fuzz] $target for $SECONDS_EACH s"
  cargo fuzz run --sanitizer none --fuzz-dir fuzz "$target" "$corpus_root/$target" -- \
    -max_total_time="$SECONDS_EACH" -max_len=65536 -timeout=10 \
    -artifact_prefix="fuzz/artifacts/$target/" -print_final_stats=1
done
echo "[fuzz] no crash in ${targets[*]}"
