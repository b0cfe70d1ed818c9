//! `createVerifyProxy`: the server-side proxy that lets browsers verify phone numbers
//! without ever holding the API key (feature `proxy`, server wasm only).
//!
//! The pure parts — options, country table, limiter, browser input, replies — are
//! tested natively; `handler` drives them from a `Request` in wasm.

#[allow(unused_imports)]
use crate::prelude::*;

pub mod config;
pub mod countries;
pub mod input;
pub mod limiter;
pub mod reply;

#[cfg(target_arch = "wasm32")]
mod handler;
#[cfg(target_arch = "wasm32")]
mod hooks;
