//! What `onEvent` receives: one event per request, so an operator sees what the proxy
//! does — and an attack while it happens. Never a code or the key; the number masked.

use super::reply::{mask, Reject};
use serde::Serialize;

/// What happened to a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum ProxyEventType {
    /// A code was sent: 8x8 accepted the start.
    Sent,
    /// The proxy refused the request (or 8x8 refused it, or the code was wrong); `reason`
    /// says why.
    Refused,
    /// 8x8 reported the code right: the session is verified (`onVerified` ran).
    Verified,
    /// 8x8 failed, timed out, or answered what cannot be passed on.
    UpstreamError,
}

/// One request, for operators.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ProxyEvent {
    /// What happened.
    #[serde(rename = "type")]
    pub kind: ProxyEventType,
    /// Why, in one word (`country_not_allowed`, `ip_limit`, `cross_site`, `wrong_code`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The country derived from the number, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// The number, masked to its last 4 digits, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destination: Option<String>,
    /// The client's address, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_ip: Option<String>,
}

/// What is known about a request as it goes through the proxy.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facts {
    /// The country derived from the number.
    pub country: Option<&'static str>,
    /// The number as 8x8 receives it (masked before it leaves).
    pub destination: Option<String>,
    /// The client's address.
    pub client_ip: Option<String>,
}

impl Facts {
    /// The event of a request with this outcome.
    pub fn event(&self, kind: ProxyEventType, reason: Option<&str>) -> ProxyEvent {
        ProxyEvent {
            kind,
            reason: reason.map(str::to_owned),
            country: self.country.map(str::to_owned),
            destination: self.destination.as_deref().map(mask),
            client_ip: self.client_ip.clone(),
        }
    }

    /// The event of a request the proxy answered with `reject`.
    pub fn refused(&self, reject: &Reject) -> ProxyEvent {
        let kind = if matches!(reject.status, 502 | 504) {
            ProxyEventType::UpstreamError
        } else {
            ProxyEventType::Refused
        };
        self.event(kind, Some(reject.reason))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_mask_the_number_and_name_the_reason() {
        let facts = Facts {
            country: Some("SG"),
            destination: Some("+6587654321".into()),
            client_ip: Some("203.0.113.5".into()),
        };
        assert_eq!(
            serde_json::to_value(facts.refused(&Reject::limited("ip_limit", 5))).unwrap(),
            serde_json::json!({"type": "refused", "reason": "ip_limit", "country": "SG",
                "destination": "+******4321", "clientIp": "203.0.113.5"})
        );
        assert_eq!(
            serde_json::to_value(Facts::default().refused(&Reject::gateway_timeout())).unwrap(),
            serde_json::json!({"type": "upstream_error", "reason": "upstream_timeout"})
        );
        assert_eq!(
            facts.refused(&Reject::hook_failed("hook_failed")).kind,
            ProxyEventType::Refused
        );
        assert_eq!(
            serde_json::to_value(facts.event(ProxyEventType::Sent, None)).unwrap()["type"],
            "sent"
        );
    }
}
