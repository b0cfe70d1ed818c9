//! Over [`crate::model`]: what a simulator remembers between requests, all of
//! it bounded, all of it behind one mutex in [`app::App`].
//!
//! | module | what |
//! |---|---|
//! | [`app`] | `App`: settings, clock and the state below; `Context` of one request |
//! | [`sessions`] | the session store: start, re-send, check, expiry, eviction |
//! | [`inbox`] | the messages "delivered", for `GET /_sim/messages` |
//! | [`faults`] | queued faults (`POST /_sim/faults`) and how a faulted body breaks |
//! | [`rate_limiter`] | `--rate-limit`: requests per second per subaccount |
//! | [`recorder`] | the last requests on the 8x8 surface (`GET /_sim/requests`) |

pub mod app;
pub mod faults;
pub mod inbox;
pub mod rate_limiter;
pub mod recorder;
pub mod sessions;
