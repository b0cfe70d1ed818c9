//! `createVerifyProxy`: the server-side proxy that lets browsers verify phone numbers
//! without ever holding the API key (feature `proxy`, server wasm only).
//!
//! The pure parts — options, the country table, client addresses, the limiter, the
//! browser's input, replies, events — are tested natively; [`handler`] drives them from
//! a `Request` in wasm. The security model is in the README ("Security model").

pub mod claim;
pub mod client_ip;
pub mod config;
pub mod countries;
pub mod events;
pub mod input;
pub mod limiter;
pub mod options;
pub mod origin_bound;
pub mod replay;
pub mod reply;
pub mod seen;

#[cfg(target_arch = "wasm32")]
pub mod handler;
