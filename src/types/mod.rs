//! The data that crosses a boundary, as serde types: what callers pass in (options and
//! requests), what they get back (verifications and code checks), and what 8x8 sends
//! (`upstream`). Names are JavaScript's (`rename_all = "camelCase"`), absent optional
//! fields are left out, and on wasm32 every type also derives its TypeScript declaration
//! (tsify), so the npm package's `.d.ts` is generated from these definitions.
//!
//! The types only describe shapes; the rules (ranges, patterns, which fields go together)
//! live in [`crate::validate`], and run once per call on the typed value.

mod language;
mod options;
pub(crate) mod request;
mod result;
pub(crate) mod upstream;

pub use language::Language;
pub use options::{ClientOptions, FetchCredentials, Region};
pub use request::{Channel, ProxyStartRequest};
#[cfg(feature = "direct")]
pub use request::{
    CodeType, SmaCoverageRequest, SmsEncoding, SmsOptions, StartVerificationRequest,
    VerificationDefaults, VoiceCallOptions, WhatsAppOptions,
};
pub use result::{CodeCheck, Outcome, SmaCoverage, Status, Verification, MAX_ATTEMPTS};
