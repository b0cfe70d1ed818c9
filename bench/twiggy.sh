#!/bin/bash
# The twiggy top list of the browser (client) wasm, with names: BENCHMARKS.md keeps its output.
# Needs `make build` (target/wasm/client.wasm) and twiggy (`cargo install twiggy`).
# usage: bench/twiggy.sh [N]   (default 25 rows)
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/work/twiggy
mkdir -p "$out"
# Same steps as `make build`, keeping the names: wasm-bindgen --keep-debug, wasm-opt -Oz --debuginfo.
wasm-bindgen --target web --no-typescript --keep-debug --out-dir "$out" --out-name client target/wasm/client.wasm
node_modules/.bin/wasm-opt -Oz --debuginfo "$out/client_bg.wasm" -o "$out/client.named.wasm"
"${TWIGGY:-$HOME/.cargo/bin/twiggy}" top -n "${1:-25}" "$out/client.named.wasm"
