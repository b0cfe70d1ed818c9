//! The rules, applied once per call to typed values before anything is sent: the spec's
//! constraints on requests (ranges, lengths, patterns, fields that go together), session
//! ids and codes that cannot leave their URL segment, and options resolved into an
//! [`Endpoint`]. Every rule names the field it checks (a dotted path such as
//! `call.repetition`) and never the value.

#[cfg(all(test, feature = "direct"))]
mod browser_rules;
mod options;
pub(crate) mod phone;
mod request;
#[cfg(all(test, feature = "direct"))]
mod test_support;
mod url;

pub use options::{Endpoint, DEFAULT_TIMEOUT_MS};
pub use request::{validate_code, validate_session_id};
pub(crate) use request::{ProxyStart, RULES_BY_FIELD};
pub(crate) use url::BaseUrl;
