//! What a route produced, and the response and the `onEvent` event it becomes.

use super::incoming::Cors;
use super::respond;
use super::state::{random_uuid, State};
use super::upstream::Refusal;
use crate::body as json;
use crate::proxy::events::{Facts, ProxyEvent, ProxyEventType};
use crate::proxy::replay::Answered;
use crate::proxy::reply::{browser_session, Reject};
use crate::types::upstream::SessionBody;
use wasm_bindgen::JsValue;

/// What a route produced.
pub enum Answer {
    /// A session for the browser, and the event it makes (none for a status read).
    Session {
        session: SessionBody,
        date: Option<String>,
        event: Option<(ProxyEventType, Option<&'static str>)>,
    },
    /// 8x8's refusal, passed on.
    Refused(Refusal),
    /// A hook's own response, and the event it makes.
    Hooked(JsValue, ProxyEventType, &'static str),
    /// A CORS preflight for `methods`.
    Preflight(&'static str),
    /// The first answer to the request's `Idempotency-Key`, again (no event).
    Replay(Answered),
}

/// The response and the event (if it makes one) of a request's answer, and the JSON body
/// when this proxy wrote it (not a hook's response): a repeat of the request's
/// `Idempotency-Key` gets it, so it is kept without reading the response back.
pub async fn finish(
    state: &State,
    answer: Result<Answer, Reject>,
    cors: &Cors,
    facts: &Facts,
) -> (
    Option<web_sys::Response>,
    Option<ProxyEvent>,
    Option<String>,
) {
    let headers = respond::base_headers(cors);
    match answer {
        Ok(Answer::Session {
            session,
            date,
            event,
        }) => {
            if let Some(date) = date {
                headers.set("date", &date);
            }
            let body = json::encode(&browser_session(session, &state.config.base_path));
            let event = event.map(|(kind, reason)| facts.event(kind, reason));
            (respond::build(200, headers, Some(&body)), event, Some(body))
        }
        Ok(Answer::Refused(refusal)) => {
            for (name, value) in [
                ("date", &refusal.date),
                ("retry-after", &refusal.retry_after),
            ] {
                if let Some(value) = value {
                    headers.set(name, value);
                }
            }
            let event = facts.event(ProxyEventType::Refused, Some(refusal.reason()));
            let body = json::encode(&refusal.envelope);
            (
                respond::build(refusal.status, headers, Some(&body)),
                Some(event),
                Some(body),
            )
        }
        Ok(Answer::Hooked(response, kind, reason)) => (
            respond::reissue(&response, headers).await,
            Some(facts.event(kind, Some(reason))),
            None,
        ),
        Ok(Answer::Preflight(methods)) => {
            headers.set("allow", &format!("{methods}, OPTIONS"));
            if matches!(cors, Cors::Allowed(_)) {
                headers.set("access-control-allow-methods", "GET, POST");
                headers.set(
                    "access-control-allow-headers",
                    "Content-Type, X-Verify-8x8, Idempotency-Key",
                );
                headers.set("access-control-max-age", "600");
            }
            (respond::build(204, headers, None), None, None)
        }
        Ok(Answer::Replay(answer)) => (super::idempotency::replay(answer, headers), None, None),
        Err(reject) => {
            if let Some(allow) = reject.allow {
                headers.set("allow", allow);
            }
            if let Some(seconds) = reject.retry_after_seconds {
                headers.set("retry-after", &seconds.to_string());
            }
            let body = json::encode(&reject.envelope(random_uuid(), state.timestamp()));
            (
                respond::build(reject.status, headers, Some(&body)),
                Some(facts.refused(&reject)),
                Some(body),
            )
        }
    }
}
