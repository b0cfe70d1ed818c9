//! Over [`crate::validate`] and [`crate::state`]: one request, from its
//! method and path to the reply, the same for every front end.
//!
//! | module | what |
//! |---|---|
//! | [`pipeline`] | admit → (front end reads the body) → respond: faults, `Date`, CORS, the log line |
//! | [`router`] | which endpoint a method and path address |
//! | [`verify_api`] | the 8x8 surface: the spec's three operations and the SMA device hit |
//! | [`control_api`] | the control surface `/_sim/…` |
//! | [`cors`] | `--cors`: the preflight and the response headers |
//! | [`incoming`] | a request as the handlers see it: head and (capped) body |
//! | [`body_limits`] | the body cap and drain limits every front end enforces while reading |
//! | [`url`] | path segments, query parameters, `code` redaction |

pub mod body_limits;
pub mod control_api;
pub mod cors;
pub mod incoming;
pub mod pipeline;
pub mod router;
pub mod url;
pub mod verify_api;
