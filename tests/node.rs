//! wasm-bindgen tests in Node (`cargo test --target wasm32-unknown-unknown --test node`).
#![cfg(target_arch = "wasm32")]

mod common;
