//! The JSON bodies the simulator sends, as serde structs. Fields are printed in
//! declaration order, so every body keeps the spec's field order; absent
//! optional members are skipped, never printed as `null`.

use serde::{Serialize, Serializer};

use crate::model::channel::Channel;
use crate::model::clock::Stamp;
use crate::model::session::{Session, Status};

/// Prints international digits with their `+`.
fn international<S: Serializer>(digits: &str, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&format_args!("+{digits}"))
}

/// `VerifyResponseV2`: a session as 8x8 answers it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VerifyResponse<'a> {
    /// 32 lowercase hex characters.
    pub session_id: &'a str,
    /// `/api/v2/subaccounts/{sub}/sessions/{id}`.
    pub verify_uri: String,
    /// `+` and the international digits.
    #[serde(serialize_with = "international")]
    pub destination: &'a str,
    /// `WAITING`, `VERIFIED`, `FAILED` or `EXPIRED`.
    pub status: Status,
    /// Wrong codes so far.
    pub attempt: u8,
    /// When the code stops being valid.
    pub expires_at: Stamp,
    /// Earliest re-send.
    pub retry_after: Stamp,
    /// Present when the latest send was silent mobile authentication.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sma: Option<Sma>,
}

/// The `sma` member of a session sent by silent mobile authentication.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Sma {
    /// `{base}/sma/{sessionId}`: the URL the device hits.
    pub verification_url: String,
}

impl<'a> VerifyResponse<'a> {
    /// The response for `s`; `base_url` is where the simulator is reached (for
    /// the SMA verification URL).
    pub fn new(s: &'a Session, base_url: &str) -> Self {
        Self {
            session_id: &s.id,
            verify_uri: format!("/api/v2/subaccounts/{}/sessions/{}", s.sub, s.id),
            destination: &s.destination,
            status: s.status,
            attempt: s.attempt,
            expires_at: Stamp(s.expires_at),
            retry_after: Stamp(s.retry_after),
            sma: (s.channel == Channel::Sma).then(|| Sma {
                verification_url: format!("{base_url}/sma/{}", s.id),
            }),
        }
    }
}

/// `VerifySmaCoverageCheckResponse`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Coverage {
    /// Whether silent mobile authentication can reach the device.
    pub is_available: bool,
}

/// 8x8's error envelope (`ErrorResponse`).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Envelope<'a> {
    /// 8x8's numeric error code.
    pub code: i64,
    /// Human-readable message.
    pub message: &'a str,
    /// A UUID v4 naming this occurrence.
    pub error_id: String,
    /// When it happened (simulator clock).
    pub timestamp: Stamp,
}

/// One entry of `GET /_sim/messages`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeliveredMessage<'a> {
    /// `+` and the international digits.
    #[serde(serialize_with = "international")]
    pub destination: &'a str,
    /// `sms`, `call`, `whatsapp` or `viber`.
    pub channel: Channel,
    /// Rendered text.
    pub text: &'a str,
    /// The code it carries.
    pub code: &'a str,
    /// Session it belongs to.
    pub session_id: &'a str,
    /// When it was delivered (simulator clock).
    pub sent_at: Stamp,
}

/// `{"now": …}`: the answer of `/_sim/clock`.
#[derive(Debug, Serialize)]
pub struct Now {
    /// The simulator's time.
    pub now: Stamp,
}

/// `{}`: the answer of control endpoints with nothing to say, and of the SMA hit.
#[derive(Debug, Serialize)]
pub struct Empty {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::sessions::Sessions;
    use crate::validate::request_bodies::parse_start;

    fn session(channel: &str) -> Session {
        let req =
            parse_start(&serde_json::json!({"destination": "+6598765432", "channel": channel}))
                .unwrap();
        Sessions::new().start("test_hq", &req, 0).unwrap().0
    }

    #[test]
    fn session_fields_in_the_spec_order() {
        let s = session("sms");
        let json = serde_json::to_string(&VerifyResponse::new(&s, "http://x")).unwrap();
        let id = &s.id;
        assert_eq!(
            json,
            format!(
                r#"{{"sessionId":"{id}","verifyUri":"/api/v2/subaccounts/test_hq/sessions/{id}","destination":"+6598765432","status":"WAITING","attempt":0,"expiresAt":"1970-01-01T00:05:00.00Z","retryAfter":"1970-01-01T00:00:10.00Z"}}"#
            )
        );
        let s = session("sma");
        let v = serde_json::to_value(VerifyResponse::new(&s, "http://x")).unwrap();
        assert_eq!(
            v["sma"]["verificationUrl"],
            format!("http://x/sma/{}", s.id)
        );
    }

    fn j(v: impl Serialize) -> String {
        serde_json::to_string(&v).unwrap()
    }

    #[test]
    fn small_bodies() {
        assert_eq!(
            j(Coverage { is_available: true }),
            r#"{"isAvailable":true}"#
        );
        assert_eq!(j(Empty {}), "{}");
        assert_eq!(
            j(Now { now: Stamp(0) }),
            r#"{"now":"1970-01-01T00:00:00.00Z"}"#
        );
        let m = DeliveredMessage {
            destination: "651",
            channel: Channel::Whatsapp,
            text: "a\"b",
            code: "1",
            session_id: "s",
            sent_at: Stamp(0),
        };
        assert_eq!(
            j(m),
            r#"{"destination":"+651","channel":"whatsapp","text":"a\"b","code":"1","sessionId":"s","sentAt":"1970-01-01T00:00:00.00Z"}"#
        );
    }
}
