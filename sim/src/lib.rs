//! `verify-8x8-sim`: a faithful local simulator of 8x8's Verification API v2
//! (`spec/verification_api.json`), for offline development and tests.
//!
//! It shares no code with the `verify-8x8` client crate on purpose, so a
//! misreading of the spec cannot hide in both. The binary is `src/main.rs`;
//! this library holds the pieces, each in a module with one job.

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
pub mod inbox;
pub mod ip;
pub mod json;
pub mod message;
pub mod phone;
pub mod query;
pub mod random;
pub mod ratelimit;
pub mod recorder;
pub mod reply;
pub mod req;
pub mod request;
pub mod router;
pub mod server;
pub mod store;
pub mod task;
pub mod time;
