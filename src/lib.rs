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
//!   Vercel Edge. See the repository README for JavaScript usage and the architecture.
//! - **A Rust library** for Rust/wasm apps: `Client` (on `wasm32`) with the same four
//!   operations. Everything else — the serde types, validation, URL building, response
//!   interpretation, error mapping — is pure and compiles natively.
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
//!     Outcome::WrongCode => println!("{} attempts left", check.verification.attempts_left),
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
//! use verify_8x8::{StartVerificationRequest, VerifyErrorCode, VoiceCallOptions};
//!
//! let mut request = StartVerificationRequest::new("+6587654321");
//! let mut call = VoiceCallOptions::default();
//! call.repetition = Some(4);
//! request.call = Some(call);
//! let error = request.validate().unwrap_err();
//! assert_eq!(error.code(), VerifyErrorCode::InvalidRequest);
//! assert_eq!(error.field(), Some("call.repetition"));
//! assert_eq!(error.to_string(), "call.repetition must be an integer from 1 to 3");
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
//! - `direct` (default): direct mode — the API key, the whole `VerifyRequestV2`, SMA
//!   coverage. The npm package's browser wasm is built without it: a browser only ever
//!   talks to a proxy.
//! - `proxy`: `createVerifyProxy`, the server-side proxy for browsers (JavaScript only;
//!   built into the package's server wasm, never the browser's).
#![cfg_attr(docsrs, feature(doc_cfg))]
#![warn(missing_docs)]
// Natively, the wasm-only callers of some helpers do not exist; the wasm32 clippy run
// still reports dead code there.
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

mod body;
mod error;
pub mod idempotency;
mod operations;
mod shape;
mod time;
pub mod types;
pub mod validate;

#[cfg(target_arch = "wasm32")]
pub(crate) mod bindings;
#[cfg(target_arch = "wasm32")]
mod client;
#[cfg(all(target_arch = "wasm32", feature = "direct"))]
mod fresh_connection;
#[cfg(target_arch = "wasm32")]
mod transport;

#[cfg(feature = "proxy")]
mod proxy;

/// The npm package's allocator in both wasm files (feature `talc`): smaller than the
/// standard library's dlmalloc (browser −2.7 KB, server −3.1 KB gz); the wasm is single-threaded.
#[cfg(all(
    target_arch = "wasm32",
    not(target_feature = "atomics"),
    feature = "talc"
))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[cfg(target_arch = "wasm32")]
#[cfg_attr(docsrs, doc(cfg(target_arch = "wasm32")))]
pub use client::Client;
pub use error::{Details, Error, VerifyErrorCode};
pub use types::*;
pub use validate::{validate_code, validate_session_id, Endpoint, DEFAULT_TIMEOUT_MS};
