//! `verify-8x8-sim`: a faithful local simulator of 8x8's Verification API v2
//! (`spec/verification_api.json`), for offline development and tests.
//!
//! It shares no code with the `verify-8x8` client crate on purpose, so a
//! misreading of the spec cannot hide in both.
//!
//! The crate is a pure core (sessions, validation, codes, clock, faults, inbox,
//! responses, the request [`pipeline`]) that reads no clock, opens no socket and
//! compiles to wasm32, plus two front ends over it, each behind a feature:
//! `server` (default), the hyper/tokio binary `src/main.rs`; and `wasm`, the
//! bindings of the npm package `verify-8x8-sim` (`sim/npm/`).

#![deny(missing_docs)]

pub mod api;
pub mod app;
pub mod body;
pub mod calling_codes;
pub mod cli;
pub mod codes;
pub mod control;
pub mod cors;
pub mod error;
pub mod faults;
mod fields;
pub mod inbox;
pub mod ip;
pub mod message;
mod options;
pub mod phone;
pub mod pipeline;
pub mod query;
pub mod random;
pub mod ratelimit;
pub mod recorder;
pub mod reply;
pub mod req;
pub mod request;
pub mod responses;
pub mod router;
pub mod settings;
pub mod store;
pub mod time;

#[cfg(feature = "server")]
pub mod server;
#[cfg(feature = "wasm")]
pub mod wasm;
