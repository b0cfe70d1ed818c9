//! wasm-bindgen tests in headless Chromium (`--test browser`, with `CHROMEDRIVER`).
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod common;
