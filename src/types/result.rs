//! What callers get back: a [`Verification`], a [`CodeCheck`], an [`SmaCoverage`].

use serde::{Deserialize, Serialize};

/// Attempts 8x8 allows before a verification fails.
pub const MAX_ATTEMPTS: u32 = 5;

/// Where a verification stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "UPPERCASE")]
#[non_exhaustive]
pub enum Status {
    /// A code was sent and can still be checked.
    Waiting,
    /// The right code was checked in time (final).
    Verified,
    /// Five wrong codes were checked (final).
    Failed,
    /// The code's validity ended first (final).
    Expired,
}

/// What checking one code did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum Outcome {
    /// The code was right: the phone is verified.
    Verified,
    /// The code was wrong; `attempts_left` more may be tried.
    WrongCode,
    /// No attempts are left; start a new verification.
    Failed,
    /// The code expired; start a new verification.
    Expired,
}

impl Outcome {
    /// What a check did, from the status 8x8 reported after it: a session still waiting
    /// means the code was wrong.
    pub fn of(status: Status) -> Outcome {
        match status {
            Status::Verified => Outcome::Verified,
            Status::Waiting => Outcome::WrongCode,
            Status::Failed => Outcome::Failed,
            Status::Expired => Outcome::Expired,
        }
    }
}

/// A verification session, as 8x8 reports it, with the countdowns a UI needs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Verification {
    /// The session id: what `checkCode` and `getVerification` take.
    pub session_id: String,
    /// Where it stands.
    pub status: Status,
    /// `status === "VERIFIED"`.
    pub verified: bool,
    /// The destination as returned (a JSON number becomes its digits; masked to its last
    /// 4 digits when read through a proxy).
    pub destination: String,
    /// Unsuccessful code checks so far.
    pub attempt: u32,
    /// `5 - attempt` while waiting, otherwise 0.
    pub attempts_left: u32,
    /// When the code expires (ISO-8601, as returned).
    pub expires_at: String,
    /// The earliest time a new code may be requested (ISO-8601, as returned).
    pub retry_after: String,
    /// Seconds until `expiresAt`, by the response's `Date` header; never negative.
    pub expires_in_seconds: u64,
    /// Seconds until `retryAfter`, by the response's `Date` header; never negative.
    pub resend_in_seconds: u64,
    /// Where the session lives (`…/sessions/{id}`).
    pub verify_uri: String,
    /// For channel `sma`: the URL the device must open over mobile data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sma_verification_url: Option<String>,
}

/// The session after a code check, and what the check did. A wrong code is an outcome,
/// not an error.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CodeCheck {
    /// What this check did.
    pub outcome: Outcome,
    /// The session after the check (its fields sit beside `outcome` in JavaScript).
    #[serde(flatten)]
    pub verification: Verification,
}

impl CodeCheck {
    /// The check that left the session as `verification`.
    pub fn new(verification: Verification) -> Self {
        CodeCheck {
            outcome: Outcome::of(verification.status),
            verification,
        }
    }
}

/// Whether silent mobile authentication can reach a device.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SmaCoverage {
    /// True when SMA is available for the device and number.
    pub is_available: bool,
}
