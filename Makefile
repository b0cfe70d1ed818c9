# verify-8x8 — the commands. `make test` (CI) and `make demo` work on a fresh Debian
# machine with rustup, cargo, Node 20 and npm: everything else is installed here, once.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build

WASM_TARGET := wasm32-unknown-unknown
# The wasm-bindgen CLI must equal the crate version; Cargo.lock is the single source.
WASM_BINDGEN_VERSION = $(shell awk '/^name = "wasm-bindgen"$$/ { getline; gsub(/"/, "", $$3); print $$3; exit }' Cargo.lock)
WASM_PROFILE_DIR := target/$(WASM_TARGET)/wasm-release
DIST := pkg/dist
BIN := node_modules/.bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CHROMIUM_PACKAGES := chromium chromium-driver redis-server

export PATH := $(HOME)/.cargo/bin:$(PATH)

.PHONY: setup setup-rust setup-node setup-system build build-wasm build-sim-npm test demo bench sim clean

## setup: everything the commands need, installed only when missing.
setup: setup-rust setup-node setup-system

setup-rust:
	@rustup target list --installed | grep -qx '$(WASM_TARGET)' || rustup target add $(WASM_TARGET)
	@if [ "$$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $(WASM_BINDGEN_VERSION)" ]; then \
	  echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (matches Cargo.lock)"; \
	  cargo install wasm-bindgen-cli --version '$(WASM_BINDGEN_VERSION)'; \
	fi

setup-node: node_modules/.package-lock.json

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

setup-system:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="yes"; \
	[ -x /usr/bin/chromedriver ] || missing="yes"; \
	command -v redis-server >/dev/null || missing="yes"; \
	if [ -n "$$missing" ]; then \
	  echo "installing $(CHROMIUM_PACKAGES) from Debian"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(CHROMIUM_PACKAGES) >/dev/null; \
	fi

## build: the npm package in pkg/ — two wasm files from one crate (see README, "Architecture"):
## the browser's proxy-mode client (no `direct`) and the server's client + proxy, both
## size-tuned. The TypeScript declarations of the data types come out of the server build
## (tsify), next to its glue: dist/server.d.ts, which pkg/index.d.ts re-exports. Then the
## simulator's npm package in sim/npm/.
build: setup-rust setup-node build-wasm build-sim-npm

build-wasm:
	@mkdir -p target/wasm $(DIST)
	cargo build --lib --target $(WASM_TARGET) --profile wasm-release --no-default-features --features talc
	cp $(WASM_PROFILE_DIR)/verify_8x8.wasm target/wasm/client.wasm
	cargo build --lib --target $(WASM_TARGET) --profile wasm-release --no-default-features --features proxy,talc
	cp $(WASM_PROFILE_DIR)/verify_8x8.wasm target/wasm/server.wasm
	wasm-bindgen --target web --no-typescript --out-dir $(DIST) --out-name client target/wasm/client.wasm
	@# The server's glue is the bundler target's, instantiated by pkg/server-glue.js (any
	@# realm's compiled module, no wasm URL for a bundler to copy): see that file.
	wasm-bindgen --target bundler --out-dir target/wasm/bundler --out-name server target/wasm/server.wasm
	@# Short import/export names in the wasm and its glue (fails loudly if the glue's shape changed).
	node tools/minify-server-names.mjs target/wasm/bundler
	cp target/wasm/bundler/server_bg.wasm target/wasm/bundler/server.d.ts $(DIST)/
	@for name in $$(sed -n '/^export {/,/}/p' target/wasm/bundler/server.js | tr -d '{},;"' | tr -s ' \n' '\n\n' | grep -v '^export$$\|^from$$\|server_bg\|^$$'); do \
	  grep -qw "$$name" pkg/server-glue.js || { echo "pkg/server-glue.js does not re-export $$name"; exit 1; }; \
	done
	$(BIN)/esbuild pkg/server-glue.js --bundle --format=esm --minify --log-level=warning --outfile=$(DIST)/server.js
	@# The Node entry's modules in one (pkg/node-bundle.js): fewer modules for Node to load;
	@# not minified, so the JavaScript layer keeps its names (VerifyError's constructor name).
	$(BIN)/esbuild pkg/node-bundle.js --bundle --format=esm --log-level=warning --outfile=$(DIST)/node-bundle.js
	@# The server wasm: its target_features section is for tools, not runtimes; and Rust's
	@# wasm32 layout puts the stack (1 MiB, growing down) first and data above it, so the low
	@# 1 KiB is reached only by a stack about to overflow: wasm-opt may fold constant offsets
	@# into loads and stores (--low-memory-unused; −0.7 KB gz).
	$(BIN)/wasm-opt -Oz --low-memory-unused --strip-debug --strip-producers --strip-target-features $(DIST)/server_bg.wasm -o $(DIST)/server_bg.wasm
	@# The browser's wasm: one- and two-letter import and export names instead of wasm-bindgen's
	@# hashed ones (smaller wasm and glue), the glue rewritten to match; the script fails the
	@# build if wasm-bindgen's glue no longer has the shape it rewrites, and links the result.
	@# (-Oz twice: the second round finds 0.16 KB more. --low-memory-unused lets it fold
	@# address offsets: 0.4 KB. It holds, as Rust's wasm32 linker puts the 1 MB stack first,
	@# growing down to address 0, and the data after it: the low 1 KB would be reached only
	@# by a stack 1023 KB deep.)
	$(BIN)/wasm-opt -Oz --strip-debug --strip-producers --strip-target-features --low-memory-unused -Oz \
	  --minify-imports-and-exports-and-modules $(DIST)/client_bg.wasm -o $(DIST)/client_bg.wasm > target/wasm/client-names.json
	node tools/minify-wasm-names.mjs $(DIST)/client.js $(DIST)/client_bg.wasm target/wasm/client-names.json
	$(BIN)/esbuild --minify --format=esm --log-level=warning --allow-overwrite $(DIST)/client.js --outfile=$(DIST)/client.js
	@! grep -q 'import\.meta' $(DIST)/server.js || { echo "dist/server.js: the server glue must not locate its wasm"; exit 1; }
	@# Rust's `# Example` sections do not belong in TypeScript's hover text.
	perl -0pi -e 's/\n \*\n \* # Example\n \* ```\n.*?\n \* ```//gs' $(DIST)/server.d.ts
	@# The browser entry ships as one minified file (glue, shim and option checks together
	@# gzip smaller than apart); its lazily fetched wasm then sits beside it in dist/.
	$(BIN)/esbuild pkg/browser.js --bundle --format=esm --minify --log-level=warning --outfile=$(DIST)/browser.js
	sed -i 's#"./dist/client_bg.wasm"#"./client_bg.wasm"#' $(DIST)/browser.js
	@grep -q '"./client_bg.wasm"' $(DIST)/browser.js || { echo "dist/browser.js: wasm path not rewritten"; exit 1; }
	@# npm ships the license files found at the package's root.
	cp LICENSE-MIT LICENSE-APACHE pkg/
	@echo "built: $$(cd $(DIST) && for f in client_bg.wasm browser.js server_bg.wasm server.js; do printf '%s %s B (gzip %s B)  ' $$f $$(wc -c < $$f) $$(gzip -9c $$f | wc -c); done)"

# --- verify-8x8-sim on npm (begin) ---
## build-sim-npm: the simulator's npm package in sim/npm/ (its core compiled to wasm, no
## server deps). Size-tuned release settings are given here, so the workspace's profiles
## stay the main crate's.
SIM_NPM_DIST := sim/npm/dist
SIM_WASM := target/$(WASM_TARGET)/release/verify_8x8_sim.wasm
SIM_WASM_PROFILE := --config 'profile.release.opt-level="z"' --config 'profile.release.lto="fat"' \
  --config 'profile.release.codegen-units=1' --config 'profile.release.panic="abort"'

build-sim-npm:
	@mkdir -p $(SIM_NPM_DIST)
	cargo rustc -p verify-8x8-sim --lib --crate-type cdylib --target $(WASM_TARGET) --release \
	  --no-default-features --features wasm $(SIM_WASM_PROFILE)
	wasm-bindgen --target web --no-typescript --out-dir $(SIM_NPM_DIST) --out-name sim $(SIM_WASM)
	$(BIN)/wasm-opt -Oz --strip-debug --strip-producers $(SIM_NPM_DIST)/sim_bg.wasm -o $(SIM_NPM_DIST)/sim_bg.wasm
	@echo "built: sim/npm/dist/sim_bg.wasm $$(wc -c < $(SIM_NPM_DIST)/sim_bg.wasm) B (gzip $$(gzip -9c $(SIM_NPM_DIST)/sim_bg.wasm | wc -c) B)"
# --- verify-8x8-sim on npm (end) ---

## sim: the simulator binary used by tests and the demo.
sim:
	cargo build -p verify-8x8-sim

## test: every suite; ends with one summary line.
test: setup build sim
	node tests/run.mjs

## demo: the simulator + demo server on http://127.0.0.1:8080.
demo: setup build sim
	node www/server.mjs

## bench: benchmarks → bench/results.json.
bench: setup build
	cargo build --release -p verify-8x8-sim
	node bench/run.mjs

clean:
	rm -rf target/wasm $(DIST) $(SIM_NPM_DIST)
