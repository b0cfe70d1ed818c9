#!/usr/bin/env bash
# What the user's stack costs in speed by itself: builds bench/floor with its `speed`
# feature (src/speed.rs: a minimal proxy and client on serde-wasm-bindgen, gloo-net and
# wasm-bindgen-futures) with the package's size profile and wasm-opt -Oz, then runs
# bench/floor-speed.mjs: the floor, the package (pkg/, as `make build` left it) and the
# plain-JS baselines, interleaved in one Node process against the release simulator.
# Not part of `make bench`: it compiles a second crate. Needs `make build` and
# `cargo build --release -p verify-8x8-sim`.
# FLOOR_OPT=3 builds the floor for speed instead (opt-level 3, wasm-opt -O3).
# usage: [FLOOR_OPT=z|3] bench/floor-speed.sh [proxyRounds] [callsRounds]
set -euo pipefail
cd "$(dirname "$0")/.."
opt="${FLOOR_OPT:-z}"
case "$opt" in z | 3) ;; *) echo "FLOOR_OPT must be z or 3" >&2; exit 2 ;; esac
out=target/floor/speed-$opt
mkdir -p "$out"
CARGO_PROFILE_RELEASE_OPT_LEVEL="$opt" CARGO_TARGET_DIR=target/floor/cargo-$opt cargo build --quiet --release \
  --target wasm32-unknown-unknown --manifest-path bench/floor/Cargo.toml --features speed
wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name floor \
  target/floor/cargo-$opt/wasm32-unknown-unknown/release/verify_8x8_floor.wasm
node_modules/.bin/wasm-opt "-O$opt" --strip-debug --strip-producers "$out/floor_bg.wasm" -o "$out/floor_bg.wasm"
echo "speed floor wasm: $(wc -c < "$out/floor_bg.wasm") B, gzip -9 $(gzip -9c "$out/floor_bg.wasm" | wc -c) B"
node bench/floor-speed.mjs "$out" "$@"
