//! What 8x8 sends, read tolerantly: legacy names from 8x8's tutorial (`uid`, `sessionID`,
//! `resourceUri`, `nextSmsAfter`) as aliases, a `destination` that may be a JSON number,
//! and unknown fields ignored.

use super::Status;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

/// 8x8's `VerifyResponseV2` (what starting, checking and reading a session return), as
/// sent; [`crate::operations`] turns it into a [`super::Verification`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SessionBody {
    #[serde(alias = "sessionID", alias = "uid")]
    pub session_id: String,
    #[serde(alias = "resourceUri", default)]
    pub verify_uri: String,
    #[serde(deserialize_with = "phone_number")]
    pub destination: String,
    pub status: Status,
    #[serde(default)]
    pub attempt: u32,
    pub expires_at: String,
    #[serde(alias = "nextSmsAfter")]
    pub retry_after: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sma: Option<SmaLink>,
}

/// The `sma` object of a session started on channel `sma`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SmaLink {
    pub verification_url: String,
}

/// The error envelope 8x8 answers failures with (`code`, `message`, `errorId`,
/// `timestamp`). Only the numbers and the id are read: a message could echo anything.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ErrorBody {
    #[serde(default)]
    pub code: Option<i64>,
    #[serde(default)]
    pub error_id: Option<String>,
    /// A proxy's own limit answers carry the wait here too.
    #[serde(default)]
    pub retry_after_seconds: Option<f64>,
    /// A proxy names the field it rejected.
    #[serde(default)]
    pub field: Option<String>,
}

/// A destination as a string, or as a non-negative integral JSON number (8x8's tutorial
/// shows one), which becomes its decimal digits.
fn phone_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    struct Digits;

    impl Visitor<'_> for Digits {
        type Value = String;

        fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
            f.write_str("a phone number")
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
            Ok(v.to_owned())
        }

        fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
            Ok(v)
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
            u64::try_from(v)
                .map(|v| v.to_string())
                .map_err(|_| E::custom("a negative destination"))
        }

        fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
            // Integral and exactly representable: what JSON.parse gives for digits.
            if (0.0..=9_007_199_254_740_991.0).contains(&v) && v == (v as u64) as f64 {
                Ok((v as u64).to_string())
            } else {
                Err(E::custom("a destination that is not a phone number"))
            }
        }
    }

    deserializer.deserialize_any(Digits)
}
