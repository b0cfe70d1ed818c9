//! Injected faults (`POST /_sim/faults`): the next `count` requests on the
//! 8x8 surface whose path starts with `path` are delayed, dropped, answered
//! with a chosen error, and/or get a broken body.

use std::collections::VecDeque;

use serde::Deserialize;

use crate::model::reply::Reply;

/// Most faults queued at once.
pub const MAX_QUEUED: usize = 1000;
/// Longest accepted `delayMs`.
pub const MAX_DELAY_MS: u64 = 120_000;
/// Largest accepted `count`.
const MAX_COUNT: u64 = 1_000_000;

/// How the body of a faulted response is broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BodyFault {
    /// An HTML page (`text/html`) instead of JSON.
    NonJson,
    /// The JSON body cut in half, with a `Content-Length` matching the cut body.
    Truncated,
}

/// What happens to one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultAction {
    /// Wait this long before anything else.
    pub delay_ms: u64,
    /// Close the socket before any byte is written; the request is not processed.
    pub drop: bool,
    /// Answer with this status and an error envelope; the request is not processed.
    pub status: Option<u16>,
    /// The envelope's `code` (default from the status).
    pub api_code: Option<i64>,
    /// Break the body of whatever response goes out.
    pub body: Option<BodyFault>,
}

/// A queued fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    remaining: u64,
    path: String,
    action: FaultAction,
}

/// The `POST /_sim/faults` body, as sent (every member optional, `null` = absent).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Spec {
    count: Option<u64>,
    path: Option<String>,
    delay_ms: Option<u64>,
    status: Option<u64>,
    api_code: Option<i64>,
    body: Option<BodyFault>,
    drop: Option<bool>,
}

fn within(name: &str, v: Option<u64>, min: u64, max: u64) -> Result<Option<u64>, String> {
    match v {
        Some(n) if !(min..=max).contains(&n) => {
            Err(format!("{name} must be an integer between {min} and {max}"))
        }
        _ => Ok(v),
    }
}

/// Parses a fault spec; `Err` holds the reason (answered as 400).
pub fn parse(body: &[u8]) -> Result<Fault, String> {
    let spec: Spec = serde_json::from_slice(body).map_err(|e| format!("fault spec: {e}"))?;
    let remaining = within("count", spec.count, 1, MAX_COUNT)?.unwrap_or(1);
    let delay_ms = within("delayMs", spec.delay_ms, 0, MAX_DELAY_MS)?;
    let status = within("status", spec.status, 400, 599)?.map(|s| s as u16);
    let path = spec.path.unwrap_or_else(|| "/".into());
    if !path.starts_with('/') {
        return Err("path must start with /".into());
    }
    let drop = spec.drop.unwrap_or(false);
    if spec.api_code.is_some() && status.is_none() {
        return Err("apiCode needs status".into());
    }
    if drop && (status.is_some() || spec.body.is_some()) {
        return Err("drop cannot be combined with status or body".into());
    }
    if !(drop || status.is_some() || spec.body.is_some() || delay_ms.is_some()) {
        return Err("a fault needs at least one of delayMs, status, body, drop".into());
    }
    Ok(Fault {
        remaining,
        path,
        action: FaultAction {
            delay_ms: delay_ms.unwrap_or(0),
            drop,
            status,
            api_code: spec.api_code,
            body: spec.body,
        },
    })
}

/// The envelope `code` used for a faulted status when `apiCode` is not given.
pub fn default_api_code(status: u16) -> i64 {
    match status {
        400 => 1000,
        401 => 1200,
        403 => 1201,
        404 => 1300,
        426 => 1014,
        429 => 1100,
        500..=599 => 2000,
        _ => 1000,
    }
}

/// The queue of pending faults.
#[derive(Debug, Default)]
pub struct Faults {
    queue: VecDeque<Fault>,
}

impl Faults {
    /// No faults.
    pub fn new() -> Self {
        Self::default()
    }

    /// Queues a fault; `Err` when the queue is full.
    pub fn add(&mut self, f: Fault) -> Result<(), String> {
        if self.queue.len() >= MAX_QUEUED {
            return Err(format!("at most {MAX_QUEUED} faults may be queued"));
        }
        self.queue.push_back(f);
        Ok(())
    }

    /// Takes one use of the first queued fault whose path prefixes `path`.
    pub fn take(&mut self, path: &str) -> Option<FaultAction> {
        let i = self.queue.iter().position(|f| path.starts_with(&f.path))?;
        let f = &mut self.queue[i];
        let action = f.action.clone();
        f.remaining -= 1;
        if f.remaining == 0 {
            self.queue.remove(i);
        }
        Some(action)
    }

    /// Forgets every fault.
    pub fn clear(&mut self) {
        self.queue.clear();
    }
}

/// The HTML page a `non-json` fault answers with, as a misconfigured gateway would.
pub const HTML_PAGE: &str = "<!DOCTYPE html>\n<html><head><title>Bad Gateway</title></head>\
<body><h1>Bad Gateway</h1><p>The upstream server returned an invalid response.</p></body></html>\n";

/// Breaks a response body as the fault says.
pub fn break_body(mut reply: Reply, how: BodyFault) -> Reply {
    match how {
        BodyFault::NonJson => {
            reply.content_type = Some("text/html; charset=utf-8");
            reply.body = HTML_PAGE.as_bytes().to_vec();
        }
        BodyFault::Truncated => {
            let half = reply.body.len() / 2;
            reply.body.truncate(half);
        }
    }
    reply
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn spec(v: Value) -> Result<Fault, String> {
        parse(v.to_string().as_bytes())
    }

    #[test]
    fn parses_valid_specs() {
        let f = spec(json!({"status": 503})).unwrap();
        assert_eq!(f.remaining, 1);
        assert_eq!(f.path, "/");
        assert_eq!(f.action.status, Some(503));
        let f = spec(json!({"count": 3, "path": "/api/v2", "delayMs": 0})).unwrap();
        assert_eq!((f.remaining, f.action.delay_ms), (3, 0));
        spec(json!({"drop": true, "delayMs": 10})).unwrap();
        spec(json!({"body": "truncated"})).unwrap();
        spec(json!({"status": 429, "apiCode": 1100, "body": "non-json"})).unwrap();
    }

    #[test]
    fn rejects_invalid_specs() {
        for bad in [
            json!([]),
            json!({}),
            json!({"count": 1}),
            json!({"count": 0, "status": 500}),
            json!({"status": 200}),
            json!({"status": 600}),
            json!({"status": "500"}),
            json!({"apiCode": 1}),
            json!({"body": "html"}),
            json!({"drop": "yes"}),
            json!({"drop": true, "status": 500}),
            json!({"path": "api", "status": 500}),
            json!({"delayMs": -1}),
            json!({"delayMs": 1e9}),
            json!({"stauts": 500}),
            json!({"count": 1.5, "status": 500}),
        ] {
            assert!(spec(bad.clone()).is_err(), "{bad}");
        }
    }

    #[test]
    fn queue_matches_by_prefix_and_counts_down() {
        let mut q = Faults::new();
        q.add(
            spec(json!({"count": 2, "path": "/api/v2/subaccounts/x/sessions", "status": 500}))
                .unwrap(),
        )
        .unwrap();
        q.add(spec(json!({"drop": true})).unwrap()).unwrap();
        assert_eq!(
            q.take("/api/v2/subaccounts/x/sessions/1").unwrap().status,
            Some(500)
        );
        assert!(q.take("/sma/1").unwrap().drop);
        assert!(q.take("/sma/1").is_none());
        assert_eq!(
            q.take("/api/v2/subaccounts/x/sessions").unwrap().status,
            Some(500)
        );
        assert!(q.take("/api/v2/subaccounts/x/sessions").is_none());
    }

    #[test]
    fn default_codes() {
        assert_eq!(default_api_code(400), 1000);
        assert_eq!(default_api_code(401), 1200);
        assert_eq!(default_api_code(403), 1201);
        assert_eq!(default_api_code(404), 1300);
        assert_eq!(default_api_code(429), 1100);
        assert_eq!(default_api_code(502), 2000);
        assert_eq!(default_api_code(418), 1000);
    }

    #[test]
    fn breaks_bodies() {
        let r = break_body(Reply::json(200, &json!({"a": 12})), BodyFault::Truncated);
        assert_eq!(r.body, b"{\"a\"");
        let r = break_body(Reply::json(200, &json!({})), BodyFault::NonJson);
        assert!(r.content_type.unwrap().starts_with("text/html"));
        assert!(String::from_utf8(r.body).unwrap().contains("<html>"));
    }
}
