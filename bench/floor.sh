#!/usr/bin/env bash
# What the user's stack costs by itself: builds bench/floor (one serde struct in through
# serde-wasm-bindgen, one POST through gloo-net, one struct out) with the package's size
# profile, and prints the gzipped size of its wasm and glue, and the share of the largest
# items (twiggy, when installed: `cargo install twiggy`). Not part of `make bench`: it
# compiles a second crate. Usage: bench/floor.sh
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/floor
mkdir -p "$out"
CARGO_TARGET_DIR="$out/cargo" cargo build --quiet --release --target wasm32-unknown-unknown --manifest-path bench/floor/Cargo.toml
wasm-bindgen --target web --out-dir "$out" --out-name floor "$out/cargo/wasm32-unknown-unknown/release/verify_8x8_floor.wasm"
node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers "$out/floor_bg.wasm" -o "$out/floor.wasm"
node_modules/.bin/esbuild --minify --format=esm --log-level=warning "$out/floor.js" --outfile="$out/floor.min.js"
echo "floor wasm: $(wc -c < "$out/floor.wasm") B, gzip -9 $(gzip -9c "$out/floor.wasm" | wc -c) B"
echo "floor glue: $(wc -c < "$out/floor.min.js") B minified, gzip -9 $(gzip -9c "$out/floor.min.js" | wc -c) B"
if command -v twiggy >/dev/null; then
  CARGO_PROFILE_RELEASE_DEBUG=1 CARGO_TARGET_DIR="$out/named" cargo build --quiet --release --target wasm32-unknown-unknown --manifest-path bench/floor/Cargo.toml
  wasm-bindgen --target web --keep-debug --out-dir "$out/named" --out-name floor "$out/named/wasm32-unknown-unknown/release/verify_8x8_floor.wasm"
  node_modules/.bin/wasm-opt -Oz --debuginfo --strip-dwarf "$out/named/floor_bg.wasm" -o "$out/named/floor.wasm"
  twiggy top -n 12 "$out/named/floor.wasm"
fi
