//! The only impure part of the client: one request through the runtime's global
//! `fetch`, bounded by `timeoutMs` (body included) and the caller's `AbortSignal`.
//!
//! The *global* `fetch` (rather than `window.fetch`) is what makes the same code run in
//! browsers, Node, Deno, workerd and edge-light.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::api::{HttpRequest, HttpResponse};
use crate::error::{Details, Error};
use crate::json;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

/// Bodies larger than this are not read as JSON (8x8's are a few hundred bytes).
const MAX_JSON_BODY: u32 = 64 * 1024;

// The request itself is a few lines of JavaScript (transport.js): one call into JavaScript
// and one answer back, instead of a boundary crossing for every header, setter and promise.
#[wasm_bindgen(module = "/src/transport.js")]
extern "C" {
    #[wasm_bindgen(js_name = fetchText)]
    fn fetch_text(
        url: &str,
        method: &str,
        authorization: Option<String>,
        body: Option<String>,
        timeout_ms: u32,
        signal: Option<AbortSignal>,
        max_text: u32,
    ) -> js_sys::Promise;
}

/// Milliseconds since the epoch on the local clock.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// Sends `request`, giving up after `timeout_ms` or when `caller` aborts. Never
/// retries: a request that may have sent a message is sent at most once.
pub async fn send(
    request: &HttpRequest,
    timeout_ms: u32,
    caller: Option<&AbortSignal>,
) -> Result<HttpResponse, Error> {
    if caller.is_some_and(AbortSignal::aborted) {
        return Err(aborted());
    }
    let pending = fetch_text(
        &request.url,
        request.method.as_str(),
        request.authorization.clone(),
        request.body.as_ref().map(json::Value::to_json),
        timeout_ms,
        caller.cloned(),
        MAX_JSON_BODY,
    );
    let answer: js_sys::Array = match JsFuture::from(pending).await {
        Ok(answer) => answer.unchecked_into(),
        Err(kind) => {
            return Err(match kind.as_string().as_deref() {
                Some("aborted") => aborted(),
                Some("timeout") => Error::Timeout(Details::new(crate::text::concat(&[
                    "no complete response within timeoutMs (",
                    &crate::text::decimal(timeout_ms.into()),
                    " ms)",
                ]))),
                _ => Error::Network(Details::new(
                    "the request failed before a response arrived (network error)",
                )),
            })
        }
    };
    Ok(HttpResponse {
        status: answer.get(0).as_f64().unwrap_or_default() as u16,
        date: answer.get(1).as_string(),
        retry_after: answer.get(2).as_string(),
        body: answer.get(3).as_string().as_deref().and_then(json::parse),
    })
}

fn aborted() -> Error {
    Error::Aborted(Details::new("the caller's AbortSignal aborted the request"))
}
