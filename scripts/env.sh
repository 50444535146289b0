# Shared environment for the scripts (sourced, not run). The cargo target directory
# lives outside the clone so that repeated runs on one machine rebuild only what changed.
export HELFERKREIS_CACHE="${HELFERKREIS_CACHE:-$HOME/.cache/helferkreis}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HELFERKREIS_CACHE/target}"
export HELFERKREIS_TOOLS="$HELFERKREIS_CACHE/tools"
export PATH="$HELFERKREIS_TOOLS/node_modules/.bin:$HOME/.cargo/bin:$PATH"
