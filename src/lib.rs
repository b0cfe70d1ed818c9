//! # verify-8x8
//!
//! [8x8 Mobile Verification](https://developer.8x8.com/connect/docs/verification-api-get-started)
//! — send a one-time code by SMS, voice, WhatsApp or Viber (or start silent mobile
//! authentication), then check it — as a few safe lines of code, in every JavaScript
//! runtime and in Rust apps compiled to WebAssembly.
//!
//! The same crate is two things:
//!
//! - **The npm package `verify-8x8`** (this crate built with `wasm-bindgen`): browsers
//!   (through a proxy, never holding the API key), Node.js, Deno, Cloudflare Workers and
//!   Vercel Edge. See the repository README for JavaScript usage.
//! - **A Rust library** for Rust/wasm apps: `Client` (on `wasm32`) with the same four
//!   operations. Everything else — validation, URL building, response interpretation,
//!   error mapping — is pure and compiles natively.
//!
//! ## Rust
//!
//! ```no_run
//! # #[cfg(target_arch = "wasm32")]
//! # async fn demo() -> Result<(), verify_8x8::Error> {
//! use verify_8x8::{Client, ClientOptions, Error, Outcome, Region, StartVerificationRequest};
//!
//! let client = Client::new(&ClientOptions::direct("api-key", "acme_hq").region(Region::Eu))?;
//!
//! let mut request = StartVerificationRequest::new("+44 7700 900123");
//! request.brand = Some("Acme".into());
//! let started = match client.start_verification(&request, None).await {
//!     Ok(v) => v,
//!     Err(Error::ResendTooSoon(d)) => {
//!         // tell the user to wait d.retry_after_seconds
//!         return Ok(());
//!     }
//!     Err(other) => return Err(other),
//! };
//! println!("code sent; expires in {} s", started.expires_in_seconds);
//!
//! let check = client.check_code(&started.session_id, "4711", None).await?;
//! match check.outcome {
//!     Outcome::Verified => println!("verified"),
//!     Outcome::WrongCode => println!("{} attempts left", check.verification.attempts_left()),
//!     Outcome::Failed | Outcome::Expired => println!("start again"),
//!     _ => {}
//! }
//! # Ok(()) }
//! ```
//!
//! Requests are checked before anything is sent; [`Error::InvalidRequest`] names the
//! field (`details().field`, a dotted path like `call.repetition`) and the rule, never
//! the value:
//!
//! ```
//! use verify_8x8::{Error, StartVerificationRequest, VoiceCallOptions};
//!
//! let mut request = StartVerificationRequest::new("+6587654321");
//! let mut call = VoiceCallOptions::default();
//! call.repetition = Some(4);
//! request.call = Some(call);
//! let error = request.validate().unwrap_err();
//! assert_eq!(error.code(), "INVALID_REQUEST");
//! assert_eq!(error.field(), Some("call.repetition"));
//! assert_eq!(error.to_string(), "call.repetition must be an integer from 1 to 3");
//! ```
//!
//! ## JavaScript
//!
//! ```js
//! import { VerifyClient, isVerifyError } from "verify-8x8";
//!
//! const verify = new VerifyClient({ apiKey: process.env.API_KEY, subAccountId: "acme_hq" });
//! const { sessionId } = await verify.startVerification({ destination: "+6587654321" });
//! const check = await verify.checkCode(sessionId, "4711");
//! if (check.outcome === "VERIFIED") { /* ... */ }
//! ```
//!
//! ## Errors and retries
//!
//! Every failure is an [`Error`] variant with a stable [`code`](Error::code).
//! [`Error::is_retryable`] says whether trying later can help; the library never
//! retries on its own anything that can send a message or consume an attempt.
//! Neither `Debug` nor `Display` of any type here ever shows the API key or a code.
//!
//! ## Features
//!
//! - `std` (default): links the standard library. Rust apps keep it. The npm package's
//!   wasm is built without it (`no_std` + `alloc`): the crate then brings dlmalloc and a
//!   panic handler that traps, and builds strings without `core::fmt` — which keeps the
//!   browser download small. Nothing here panics on purpose (clippy denies `unwrap`,
//!   `expect`, `panic` and indexing outside tests).
//! - `proxy`: `createVerifyProxy`, the server-side proxy for browsers (JavaScript only;
//!   built into the package's server wasm, never the browser's).
#![cfg_attr(not(feature = "std"), no_std)]
#![warn(missing_docs)]
// Natively, the HTTP plumbing and the JavaScript shapes have no caller outside the unit
// tests (the transport is wasm-only); the wasm32 clippy run still reports dead code.
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

extern crate alloc;

/// Without std (the npm build), a panic — a bug, which clippy's lints below keep out of
/// our code — traps instead of formatting a message nobody can read.
#[cfg(all(target_arch = "wasm32", not(feature = "std")))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

/// Without std, the allocator std would have used.
#[cfg(all(target_arch = "wasm32", not(feature = "std")))]
#[global_allocator]
static ALLOCATOR: dlmalloc::GlobalDlmalloc = dlmalloc::GlobalDlmalloc;

#[macro_use]
mod macros;
mod prelude;

mod api;
mod error;
mod ip;
mod json;
mod mapping;
mod options;
mod phone;
mod request;
mod response;
mod text;
mod time;
mod url;

#[cfg(target_arch = "wasm32")]
mod client;
#[cfg(target_arch = "wasm32")]
mod js;
#[cfg(target_arch = "wasm32")]
mod transport;

#[cfg(feature = "proxy")]
mod proxy;

#[cfg(target_arch = "wasm32")]
pub use client::Client;
pub use error::{Details, Error};
pub use options::{ClientOptions, Endpoint, Region, DEFAULT_TIMEOUT_MS};
pub use request::{
    check_code, check_session_id, Channel, CodeType, SmaCoverageRequest, SmsEncoding, SmsOptions,
    StartVerificationRequest, VoiceCallOptions, WhatsAppOptions, LANGUAGES,
};
pub use response::{CodeCheck, Outcome, SmaCoverage, Status, Verification, MAX_ATTEMPTS};
