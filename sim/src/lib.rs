//! `verify-8x8-sim`: a faithful local simulator of 8x8's Verification API v2
//! (8x8's published OpenAPI file, `verification_api.json`; what the
//! repository's tests check of it is `tests/schema/verify-8x8-wire.schema.json`),
//! for offline development and tests.
//!
//! It shares no code with the `verify-8x8` client crate on purpose, so a
//! misreading of the spec cannot hide in both.
//!
//! # Module map
//!
//! Layers, bottom to top; a module imports only from its own layer or the
//! layers below it (`tests/module-loops.mjs` checks that no two modules import
//! each other, directly or around a loop):
//!
//! | layer | folder | what |
//! |---|---|---|
//! | fronts | [`server`] (feature `server`), [`wasm`] (feature `wasm`), [`cli`] | move bytes and keep the time: the hyper/tokio binary (`src/main.rs`), the npm package's bindings (`sim/npm/`), the command line both parse |
//! | HTTP pipeline | [`http`] | one request from method and path to reply: routing, auth, the 8x8 surface, the control surface, faults, CORS, `Date` |
//! | validation, state | [`validate`], [`state`] | the spec's rules for request bodies; sessions, inbox, faults, rate limits, recorded requests |
//! | model | [`model`] | data and facts: clock, codes, phone numbers, sessions, the JSON bodies, the error envelope, replies |
//!
//! Everything below the fronts reads no clock, opens no socket and compiles to
//! wasm32: each front passes its real time in.

#![deny(missing_docs)]

pub mod cli;
pub mod http;
pub mod model;
pub mod state;
pub mod validate;

#[cfg(feature = "server")]
pub mod server;
#[cfg(feature = "wasm")]
pub mod wasm;
