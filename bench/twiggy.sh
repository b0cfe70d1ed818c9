#!/bin/bash
# The twiggy top list of a wasm file of the package, with names: BENCHMARKS.md keeps its output.
# Needs `make build` (target/wasm/client.wasm, target/wasm/server.wasm) and twiggy
# (`cargo install twiggy`).
# usage: bench/twiggy.sh [N] [client|server]   (default 25 rows of the browser's client wasm)
set -euo pipefail
cd "$(dirname "$0")/.."
name="${2:-client}"
case "$name" in
  client) target=web ;;
  server) target=bundler ;;
  *) echo "usage: bench/twiggy.sh [N] [client|server]" >&2; exit 2 ;;
esac
out=bench/work/twiggy
mkdir -p "$out"
# Same steps as `make build`, keeping the names: wasm-bindgen --keep-debug, wasm-opt -Oz --debuginfo.
wasm-bindgen --target "$target" --no-typescript --keep-debug --out-dir "$out" --out-name "$name" "target/wasm/$name.wasm"
# (the server's with --low-memory-unused, as `make build` optimises it)
extra=()
[ "$name" = server ] && extra=(--low-memory-unused)
node_modules/.bin/wasm-opt -Oz "${extra[@]}" --debuginfo "$out/${name}_bg.wasm" -o "$out/$name.named.wasm"
"${TWIGGY:-$HOME/.cargo/bin/twiggy}" top -n "${1:-25}" "$out/$name.named.wasm"
