//! Exactly one send per key: a start or code check carrying an `Idempotency-Key` claims
//! the key (scoped to its client) before anything is counted or sent; a repeat of the
//! key is answered with the first answer — without calling 8x8 or counting a limit — and
//! waits while the first is in flight (409 if it is still in flight after the upstream
//! timeout and a margin); the same key with another request is 422. A request without
//! the header is served as before.
//!
//! Records live in the configured store (`claimIdempotencyKey`, `settleIdempotencyKey`:
//! shared across isolates) or, with no store, in memory per isolate (bounded). A request
//! refused before it reached 8x8 (a limit, `beforeSend`) forgets its key, so a retry
//! with the same key runs anew; one that reached 8x8 is remembered for the window.

use super::deadline::sleep;
use super::deadline::StoreFailed;
use super::incoming::Incoming;
use super::records::Held;
use super::state::State;
use super::upstream::log;
use crate::idempotency::{key_from_header, HEADER};
use crate::proxy::replay::{
    fingerprint_input, hex, key_in_flight, key_reused, store_key_input, store_key_of, Answered,
    Record, MAX_BODY, WINDOW_SECONDS,
};
use crate::proxy::reply::Reject;
use gloo_net::http::{Headers, Response};
use js_sys::{Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    /// `crypto.subtle.digest(algorithm, data)` (it copies `data` before returning).
    #[wasm_bindgen(js_namespace = ["crypto", "subtle"], js_name = digest, catch)]
    fn subtle_digest(algorithm: &str, data: &[u8]) -> Result<Promise, JsValue>;
}

/// SHA-256 of each of `inputs` by the runtime's WebCrypto (every server runtime has it),
/// awaited together, so the server wasm carries no hash of its own; a runtime that fails
/// it fails the request.
async fn sha256<const N: usize>(inputs: [&[u8]; N]) -> Result<[Vec<u8>; N], Reject> {
    let failed = |_| {
        log("crypto.subtle.digest(\"SHA-256\") failed");
        Reject::hook_failed("idempotency_digest")
    };
    let pending = js_sys::Array::new();
    for input in inputs {
        pending.push(&subtle_digest("SHA-256", input).map_err(failed)?.into());
    }
    let hashes = JsFuture::from(Promise::all(&pending))
        .await
        .map_err(failed)?;
    let hashes: &js_sys::Array = hashes.unchecked_ref();
    Ok(core::array::from_fn(|i| {
        Uint8Array::new(&hashes.get(i as u32)).to_vec()
    }))
}

/// What an idempotency record's store call is called in the server's log.
const IDEMPOTENCY_RECORD: &str = "an idempotency record";

/// How long a repeat waits for the first request beyond the upstream timeout, in ms.
const WAIT_MARGIN_MS: u32 = 2_000;

/// Claims the request's key, if it carries one (`payload`: the body of a start, the code
/// of a check). `Some(answer)`: the first answer to the key, to send as it is.
pub async fn begin(
    state: &State,
    incoming: &Incoming,
    payload: &str,
) -> Result<Option<Answered>, Reject> {
    let Some(header) = incoming.headers.get(HEADER) else {
        return Ok(None);
    };
    // Boxed: a request without a key carries no claim loop in its future.
    Box::pin(claim(state, incoming, &header, payload)).await
}

async fn claim(
    state: &State,
    incoming: &Incoming,
    header: &str,
    payload: &str,
) -> Result<Option<Answered>, Reject> {
    let key = key_from_header(header).ok_or_else(|| {
        Reject::invalid("Idempotency-Key", "must be 1 to 255 printable ASCII characters without spaces, quotes, commas or backslashes")
    })?;
    let scope = incoming
        .client
        .as_ref()
        .map_or("", |ip| ip.network.as_str());
    let [key_hash, request_hash] = sha256([
        &store_key_input(scope, key),
        &fingerprint_input(&incoming.method, &incoming.path, payload),
    ])
    .await?;
    let held = Held {
        store_key: store_key_of(&key_hash),
        fingerprint: hex(&request_hash),
        dispatched: false,
    };
    let pending = Record {
        fingerprint: held.fingerprint.clone(),
        answer: None,
    }
    .to_text();
    let timeout = state.config.upstream.timeout_ms();
    let pending_ttl = 2 * timeout.div_ceil(1000) + 60;
    let started = state.hooks.now_ms();
    let mut pause = 20;
    loop {
        let now = state.hooks.now_ms();
        let found = state
            .records
            .claim(&held.store_key, &pending, pending_ttl, now, timeout)
            .await
            .map_err(|failed| failed.reject(IDEMPOTENCY_RECORD))?;
        let Some(found) = found else {
            *incoming.idempotency.0.borrow_mut() = Some(held);
            return Ok(None);
        };
        let record = Record::from_text(&found)
            .ok_or_else(|| StoreFailed::Broken.reject(IDEMPOTENCY_RECORD))?;
        if record.fingerprint != held.fingerprint {
            return Err(key_reused());
        }
        if let Some(answer) = record.answer {
            return Ok(Some(answer));
        }
        if now - started > i64::from(timeout + WAIT_MARGIN_MS) {
            return Err(key_in_flight());
        }
        sleep(pause).await;
        pause = (pause * 2).min(250);
    }
}

/// After the response is built: remembers it for the request's key if the request
/// reached 8x8, else forgets the key. `body`: the response's body when the proxy wrote
/// it (see `answer::finish`). Returns the response.
pub async fn settle(
    state: &State,
    incoming: &Incoming,
    response: Option<web_sys::Response>,
    body: Option<String>,
) -> Option<web_sys::Response> {
    let held = incoming.idempotency.0.borrow_mut().take();
    let Some(held) = held else {
        return response;
    };
    // Boxed: a request without a key carries none of this in its future.
    Box::pin(keep(state, held, response, body)).await
}

async fn keep(
    state: &State,
    held: Held,
    response: Option<web_sys::Response>,
    body: Option<String>,
) -> Option<web_sys::Response> {
    let (response, answer) = match response {
        Some(response) if held.dispatched => remembered(response, body).await,
        response => (response, None),
    };
    let record = answer.map(|answer| {
        Record {
            fingerprint: held.fingerprint,
            answer: Some(answer),
        }
        .to_text()
    });
    let now = state.hooks.now_ms();
    let deadline = state.config.upstream.timeout_ms();
    let stored = state
        .records
        .settle(
            &held.store_key,
            record.as_deref(),
            WINDOW_SECONDS,
            now,
            deadline,
        )
        .await;
    if stored.is_err() {
        log("the store failed to keep an idempotency record");
    }
    response
}

/// `response` as the answer a repeat gets. `written`: its body, when the proxy wrote it;
/// otherwise (a hook's response) the body is read here, once, and the response re-issued
/// for this request (cheaper than a clone's tee).
async fn remembered(
    response: web_sys::Response,
    written: Option<String>,
) -> (Option<web_sys::Response>, Option<Answered>) {
    let status = response.status();
    let headers = Headers::from_raw(response.headers());
    let (text, unread) = match written {
        Some(body) => (Some(body), Some(response)),
        None => match response.text() {
            Ok(promise) => (
                JsFuture::from(promise)
                    .await
                    .ok()
                    .and_then(|t| t.as_string()),
                None,
            ),
            Err(_) => (None, None),
        },
    };
    let Some(text) = text else {
        return (None, None);
    };
    let answer = (text.len() <= MAX_BODY).then(|| Answered {
        status,
        body: text.clone(),
        content_type: headers.get("content-type"),
        date: headers.get("date"),
        retry_after: headers.get("retry-after"),
    });
    if unread.is_some() {
        return (unread, answer);
    }
    let body = (!matches!(status, 204 | 205 | 304)).then_some(text.as_str());
    let rebuilt = Response::builder()
        .status(status)
        .headers(headers)
        .body(body)
        .ok()
        .map(web_sys::Response::from);
    (rebuilt, answer)
}

/// The first answer again, with this request's own base headers (CORS, no-store).
pub fn replay(answer: Answered, headers: Headers) -> Option<web_sys::Response> {
    for (name, value) in [
        ("content-type", &answer.content_type),
        ("date", &answer.date),
        ("retry-after", &answer.retry_after),
    ] {
        if let Some(value) = value {
            headers.set(name, value);
        }
    }
    let body = (!matches!(answer.status, 204 | 205 | 304)).then_some(answer.body.as_str());
    Response::builder()
        .status(answer.status)
        .headers(headers)
        .body(body)
        .ok()
        .map(web_sys::Response::from)
}
