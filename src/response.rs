//! What 8x8 answers, read tolerantly: legacy field names from 8x8's tutorial
//! (`uid`, `sessionID`, `resourceUri`, `nextSmsAfter`), a `destination` sent as a JSON
//! number, timestamps of any ISO-8601 precision or offset; unknown fields are ignored.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::error::{Details, Error};
use crate::json::{ObjectBuilder, Value};
use crate::text::concat;
use crate::time;

string_enum!(
    /// Where a verification stands.
    Status, r#""WAITING", "VERIFIED", "FAILED", "EXPIRED""# {
        /// A code was sent and can still be checked.
        Waiting = "WAITING",
        /// The right code was checked in time (final).
        Verified = "VERIFIED",
        /// Five wrong codes were checked (final).
        Failed = "FAILED",
        /// The code's validity ended first (final).
        Expired = "EXPIRED",
    }
);

string_enum!(
    /// What checking one code did.
    Outcome, r#""VERIFIED", "WRONG_CODE", "FAILED", "EXPIRED""# {
        /// The code was right: the phone is verified.
        Verified = "VERIFIED",
        /// The code was wrong; `attempts_left` more may be tried.
        WrongCode = "WRONG_CODE",
        /// No attempts are left; start a new verification.
        Failed = "FAILED",
        /// The code expired; start a new verification.
        Expired = "EXPIRED",
    }
);

/// Attempts 8x8 allows before a verification fails.
pub const MAX_ATTEMPTS: u32 = 5;

/// The clock a response is read against: its `Date` header when it had a valid one,
/// else the local clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Clock {
    /// Milliseconds since the epoch that count as "now" for countdowns.
    pub now_ms: i64,
}

impl Clock {
    /// The response's `Date` header if it parses, else `local_now_ms`.
    pub fn from_date_header(date: Option<&str>, local_now_ms: i64) -> Clock {
        Clock {
            now_ms: date
                .and_then(time::parse_http_date_ms)
                .unwrap_or(local_now_ms),
        }
    }
}

/// A verification session, as 8x8 reports it.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Verification {
    /// The session id: what `check_code` and `get_verification` take.
    pub session_id: String,
    /// Where it stands.
    pub status: Status,
    /// The destination as 8x8 returned it (a JSON number becomes its digits).
    pub destination: String,
    /// Unsuccessful code checks so far.
    pub attempt: u32,
    /// When the code expires (ISO-8601, as returned).
    pub expires_at: String,
    /// The earliest time a new code may be requested (ISO-8601, as returned).
    pub retry_after: String,
    /// Seconds until `expires_at`, from the response's `Date` (never negative).
    pub expires_in_seconds: u64,
    /// Seconds until `retry_after`, from the response's `Date` (never negative).
    pub resend_in_seconds: u64,
    /// Where the session lives (`…/sessions/{id}`).
    pub verify_uri: String,
    /// For channel `sma`: the URL the device must open over mobile data.
    pub sma_verification_url: Option<String>,
}

impl Verification {
    /// Whether the phone is verified.
    pub fn verified(&self) -> bool {
        self.status == Status::Verified
    }

    /// Checks left: `5 - attempt` while waiting, otherwise 0.
    pub fn attempts_left(&self) -> u32 {
        if self.status == Status::Waiting {
            MAX_ATTEMPTS.saturating_sub(self.attempt)
        } else {
            0
        }
    }

    /// Reads 8x8's `VerifyResponseV2`; anything else is [`Error::BadResponse`].
    pub(crate) fn from_value(body: &Value, clock: Clock) -> Result<Self, Error> {
        if body.as_object().is_none() {
            return Err(bad("is not a JSON object"));
        }
        let session_id = first_string(body, &["sessionId", "sessionID", "uid"])
            .filter(|s| !s.is_empty())
            .ok_or_else(|| bad("has no sessionId"))?;
        let status = body
            .get("status")
            .and_then(Value::as_str)
            .and_then(Status::from_name)
            .ok_or_else(|| bad("has no valid status"))?;
        let destination = match body.get("destination") {
            Some(Value::String(s)) => s.clone(),
            Some(number @ Value::Number(_)) => number
                .as_int_in(0, 9_007_199_254_740_991)
                .map(crate::text::decimal)
                .ok_or_else(|| bad("has a destination that is not a phone number"))?,
            _ => return Err(bad("has no destination")),
        };
        let attempt = match body.get_present("attempt") {
            None => 0,
            Some(v) => v
                .as_int_in(0, i64::from(u32::MAX))
                .ok_or_else(|| bad("has an attempt that is not a non-negative integer"))?
                as u32,
        };
        let (expires_at, expires_ms) = timestamp(body, &["expiresAt"], "expiresAt")?;
        let (retry_after, retry_ms) =
            timestamp(body, &["retryAfter", "nextSmsAfter"], "retryAfter")?;
        let verify_uri = first_string(body, &["verifyUri", "resourceUri"]).unwrap_or_default();
        let sma_verification_url = match body.get_present("sma") {
            None => None,
            Some(sma) => Some(
                sma.get("verificationUrl")
                    .and_then(Value::as_str)
                    .ok_or_else(|| bad("has an sma object without verificationUrl"))?
                    .to_owned(),
            ),
        };
        Ok(Verification {
            session_id,
            status,
            destination,
            attempt,
            expires_at,
            retry_after,
            expires_in_seconds: time::seconds_until(expires_ms, clock.now_ms),
            resend_in_seconds: time::seconds_until(retry_ms, clock.now_ms),
            verify_uri,
            sma_verification_url,
        })
    }

    /// The JavaScript shape (`Verification` in the `.d.ts`).
    pub(crate) fn to_value(&self) -> Value {
        self.builder().build()
    }

    fn builder(&self) -> ObjectBuilder {
        ObjectBuilder::new()
            .field("sessionId", Value::string(self.session_id.as_str()))
            .field("status", Value::string(self.status.as_str()))
            .field("verified", Value::Bool(self.verified()))
            .field("destination", Value::string(self.destination.as_str()))
            .field("attempt", Value::Number(self.attempt.into()))
            .field("attemptsLeft", Value::Number(self.attempts_left().into()))
            .field("expiresAt", Value::string(self.expires_at.as_str()))
            .field("retryAfter", Value::string(self.retry_after.as_str()))
            .field(
                "expiresInSeconds",
                Value::Number(self.expires_in_seconds as f64),
            )
            .field(
                "resendInSeconds",
                Value::Number(self.resend_in_seconds as f64),
            )
            .field("verifyUri", Value::string(self.verify_uri.as_str()))
            .optional(
                "smaVerificationUrl",
                self.sma_verification_url.clone().map(Value::String),
            )
    }
}

/// The result of checking a code: the session after the check, and what the check did.
/// A wrong code is an outcome, not an error.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct CodeCheck {
    /// What this check did.
    pub outcome: Outcome,
    /// The session after the check.
    pub verification: Verification,
}

impl CodeCheck {
    /// Derives the outcome from the session 8x8 returned after a check.
    pub fn from_verification(verification: Verification) -> Self {
        let outcome = match verification.status {
            Status::Verified => Outcome::Verified,
            Status::Waiting => Outcome::WrongCode,
            Status::Failed => Outcome::Failed,
            Status::Expired => Outcome::Expired,
        };
        CodeCheck {
            outcome,
            verification,
        }
    }

    /// The JavaScript shape (`CodeCheck` in the `.d.ts`): a `Verification` plus `outcome`.
    pub(crate) fn to_value(&self) -> Value {
        self.verification
            .builder()
            .field("outcome", Value::string(self.outcome.as_str()))
            .build()
    }
}

/// Whether silent mobile authentication can reach a device.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SmaCoverage {
    /// True when SMA is available for the device and number.
    pub is_available: bool,
}

impl SmaCoverage {
    /// Reads `{ "isAvailable": bool }`.
    pub(crate) fn from_value(body: &Value) -> Result<Self, Error> {
        body.get("isAvailable")
            .and_then(Value::as_bool)
            .map(|is_available| SmaCoverage { is_available })
            .ok_or_else(|| bad("has no boolean isAvailable"))
    }

    /// The JavaScript shape `{ isAvailable }`.
    pub(crate) fn to_value(self) -> Value {
        ObjectBuilder::new()
            .field("isAvailable", Value::Bool(self.is_available))
            .build()
    }
}

fn bad(what: &str) -> Error {
    Error::BadResponse(Details::new(concat(&["8x8's response ", what])))
}

fn first_string(body: &Value, names: &[&str]) -> Option<String> {
    names
        .iter()
        .find_map(|name| body.get(name).and_then(Value::as_str))
        .map(str::to_owned)
}

fn timestamp(body: &Value, names: &[&str], field: &str) -> Result<(String, i64), Error> {
    let text = first_string(body, names).ok_or_else(|| bad(&concat(&["has no ", field])))?;
    let ms = time::parse_iso8601_ms(&text).ok_or_else(|| {
        bad(&concat(&[
            "has a ",
            field,
            " that is not an ISO-8601 date-time",
        ]))
    })?;
    Ok((text, ms))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::testing::{parse, to_serde};
    use proptest::prelude::*;

    const DATE: &str = "Thu, 18 Dec 2025 05:54:54 GMT";

    fn read(json: &str) -> Result<Verification, Error> {
        Verification::from_value(&parse(json), Clock::from_date_header(Some(DATE), 0))
    }

    #[test]
    fn reads_the_specs_example() {
        let v = read(
            r#"{"sessionId":"a44a91be5ea5ea118169020897df5459",
            "verifyUri":"/api/v2/subaccounts/demo-account-123/sessions/a44a91be5ea5ea118169020897df5459",
            "destination":"+198765432","status":"WAITING","attempt":0,
            "expiresAt":"2025-12-18T05:59:54.09Z","retryAfter":"2025-12-18T05:55:04.09Z","extra":{"x":1}}"#,
        )
        .unwrap();
        assert_eq!(v.session_id, "a44a91be5ea5ea118169020897df5459");
        assert_eq!((v.expires_in_seconds, v.resend_in_seconds), (300, 10));
        assert_eq!(v.attempts_left(), 5);
        assert!(!v.verified());
        assert_eq!(
            to_serde(&v.to_value()),
            serde_json::json!({
                "sessionId": "a44a91be5ea5ea118169020897df5459", "status": "WAITING", "verified": false,
                "destination": "+198765432", "attempt": 0, "attemptsLeft": 5,
                "expiresAt": "2025-12-18T05:59:54.09Z", "retryAfter": "2025-12-18T05:55:04.09Z",
                "expiresInSeconds": 300, "resendInSeconds": 10,
                "verifyUri": "/api/v2/subaccounts/demo-account-123/sessions/a44a91be5ea5ea118169020897df5459"
            })
        );
    }

    #[test]
    fn reads_the_tutorials_legacy_names_and_numbers() {
        let v = read(
            r#"{"uid":"7c1137e8fb1ceb11827c00155dc319db","resourceUri":"/x","destination":6598765432,
            "status":"FAILED","attempt":5,"expiresAt":"2025-12-18T14:05:00.1254323+08:00",
            "nextSmsAfter":"2025-12-18T13:55:04+08:00"}"#,
        )
        .unwrap();
        assert_eq!(v.destination, "6598765432");
        assert_eq!(v.verify_uri, "/x");
        assert_eq!(
            (v.expires_in_seconds, v.resend_in_seconds, v.attempts_left()),
            (606, 10, 0)
        );
        let v = read(r#"{"sessionID":"x","destination":"1","status":"VERIFIED","expiresAt":"2025-12-18T05:00:00Z","retryAfter":"2025-12-18T05:00:00Z"}"#).unwrap();
        assert_eq!(
            (v.session_id.as_str(), v.attempt, v.expires_in_seconds),
            ("x", 0, 0)
        );
        assert!(v.verified());
    }

    #[test]
    fn sma_url_passes_through() {
        let v = read(r#"{"sessionId":"s","destination":"+1","status":"WAITING","expiresAt":"2025-12-18T06:00:00Z",
            "retryAfter":"2025-12-18T06:00:00Z","sma":{"verificationUrl":"https://verify.8x8.com/sma/s"}}"#)
        .unwrap();
        assert_eq!(
            v.sma_verification_url.as_deref(),
            Some("https://verify.8x8.com/sma/s")
        );
        assert_eq!(
            to_serde(&v.to_value())["smaVerificationUrl"],
            "https://verify.8x8.com/sma/s"
        );
    }

    #[test]
    fn without_a_date_header_the_local_clock_counts() {
        let clock = Clock::from_date_header(Some("yesterday"), 1_766_037_294_000);
        let v = Verification::from_value(
            &parse(r#"{"sessionId":"s","destination":"+1","status":"WAITING","expiresAt":"2025-12-18T05:59:54Z","retryAfter":"2025-12-18T05:55:04Z"}"#),
            clock,
        )
        .unwrap();
        assert_eq!((v.expires_in_seconds, v.resend_in_seconds), (300, 10));
    }

    #[test]
    fn malformed_bodies_are_bad_responses() {
        for json in [
            r#"[]"#,
            r#""WAITING""#,
            r#"{}"#,
            r#"{"sessionId":"","destination":"+1","status":"WAITING","expiresAt":"2025-12-18T06:00:00Z","retryAfter":"2025-12-18T06:00:00Z"}"#,
            r#"{"sessionId":"s","destination":"+1","status":"waiting","expiresAt":"2025-12-18T06:00:00Z","retryAfter":"2025-12-18T06:00:00Z"}"#,
            r#"{"sessionId":"s","destination":-1,"status":"WAITING","expiresAt":"2025-12-18T06:00:00Z","retryAfter":"2025-12-18T06:00:00Z"}"#,
            r#"{"sessionId":"s","destination":"+1","status":"WAITING","attempt":-1,"expiresAt":"2025-12-18T06:00:00Z","retryAfter":"2025-12-18T06:00:00Z"}"#,
            r#"{"sessionId":"s","destination":"+1","status":"WAITING","expiresAt":"tomorrow","retryAfter":"2025-12-18T06:00:00Z"}"#,
            r#"{"sessionId":"s","destination":"+1","status":"WAITING","expiresAt":"2025-12-18T06:00:00Z"}"#,
            r#"{"sessionId":7,"destination":"+1","status":"WAITING","expiresAt":"2025-12-18T06:00:00Z","retryAfter":"2025-12-18T06:00:00Z"}"#,
            r#"{"sessionId":"s","destination":"+1","status":"WAITING","expiresAt":"2025-12-18T06:00:00Z","retryAfter":"2025-12-18T06:00:00Z","sma":{}}"#,
        ] {
            assert_eq!(
                read(json).map_err(|e| e.code()),
                Err("BAD_RESPONSE"),
                "{json}"
            );
        }
    }

    #[test]
    fn outcomes_follow_the_status() {
        let base = r#"{"sessionId":"s","destination":"+1","attempt":1,"expiresAt":"2025-12-18T06:00:00Z","retryAfter":"2025-12-18T06:00:00Z","status":"#;
        for (status, outcome, left) in [
            ("WAITING", Outcome::WrongCode, 4),
            ("VERIFIED", Outcome::Verified, 0),
            ("FAILED", Outcome::Failed, 0),
            ("EXPIRED", Outcome::Expired, 0),
        ] {
            let check =
                CodeCheck::from_verification(read(&format!("{base}\"{status}\"}}")).unwrap());
            assert_eq!(check.outcome, outcome);
            assert_eq!(check.verification.attempts_left(), left);
            assert_eq!(to_serde(&check.to_value())["outcome"], outcome.as_str());
        }
    }

    #[test]
    fn sma_coverage() {
        assert!(
            SmaCoverage::from_value(&parse(r#"{"isAvailable":true}"#))
                .unwrap()
                .is_available
        );
        assert!(SmaCoverage::from_value(&parse(r#"{"isAvailable":"yes"}"#)).is_err());
    }

    fn arb_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<f64>().prop_map(Value::Number),
            ".{0,40}".prop_map(Value::String),
            prop_oneof![
                Just("2025-12-18T06:00:00Z"),
                Just("WAITING"),
                Just("VERIFIED")
            ]
            .prop_map(Value::string),
        ];
        leaf.prop_recursive(4, 64, 8, |inner| {
            let key = prop_oneof![
                Just("sessionId"),
                Just("uid"),
                Just("status"),
                Just("destination"),
                Just("attempt"),
                Just("expiresAt"),
                Just("retryAfter"),
                Just("nextSmsAfter"),
                Just("sma"),
                Just("verificationUrl"),
                Just("isAvailable"),
                Just("x"),
            ];
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::vec((key.prop_map(str::to_owned), inner), 0..10)
                    .prop_map(Value::Object),
            ]
        })
    }

    proptest! {
        #[test]
        fn arbitrary_bodies_never_panic(body in arb_value(), now in any::<i64>(), date in ".{0,32}") {
            let clock = Clock::from_date_header(Some(&date), now);
            if let Ok(v) = Verification::from_value(&body, clock) {
                prop_assert!(v.attempts_left() <= MAX_ATTEMPTS);
                let _ = CodeCheck::from_verification(v).to_value();
            }
            let _ = SmaCoverage::from_value(&body);
        }

        #[test]
        fn arbitrary_timestamps_never_panic(text in ".{0,40}", http in ".{0,40}") {
            let _ = time::parse_iso8601_ms(&text);
            let _ = time::parse_http_date_ms(&http);
        }
    }
}
