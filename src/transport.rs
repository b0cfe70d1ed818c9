//! The only impure part of the client: one request through the runtime's global
//! `fetch`, bounded by `timeoutMs` (body included) and the caller's `AbortSignal`.
//!
//! Binding the *global* `fetch` (rather than `window.fetch`) is what makes the same
//! code run in browsers, Node, Deno, workerd and edge-light.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::api::{HttpRequest, HttpResponse};
use crate::error::{Details, Error};
use crate::json;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, Headers, RequestInit, Response};

/// Bodies larger than this are not read as JSON (8x8's are a few hundred bytes).
const MAX_JSON_BODY: usize = 64 * 1024;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_name = fetch)]
    fn global_fetch(url: &str, init: &RequestInit) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &js_sys::Function, ms: u32) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
}

/// Aborts its signal after a delay; cleared when dropped, so no timer outlives the call
/// (`AbortSignal.timeout` would keep some runtimes busy until it fires).
struct Deadline {
    controller: AbortController,
    timer: JsValue,
}

impl Deadline {
    fn start(ms: u32) -> Result<Deadline, JsValue> {
        let controller = AbortController::new()?;
        let abort: js_sys::Function =
            js_sys::Reflect::get(&controller, &JsValue::from_str("abort"))?.dyn_into()?;
        let timer = set_timeout(&abort.bind0(&controller), ms);
        Ok(Deadline { controller, timer })
    }

    fn signal(&self) -> AbortSignal {
        self.controller.signal()
    }

    fn expired(&self) -> bool {
        self.controller.signal().aborted()
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        clear_timeout(&self.timer);
    }
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
    let network = |_: JsValue| {
        Error::Network(Details::new(
            "the request failed before a response arrived (network error)",
        ))
    };
    let deadline = Deadline::start(timeout_ms).map_err(network)?;
    let signal = match caller {
        Some(caller) => AbortSignal::any(&js_sys::Array::of2(&deadline.signal(), caller)),
        None => deadline.signal(),
    };
    // Which signal fired decides the error, not the rejection's name: runtimes differ.
    let failure = |e: JsValue| {
        if caller.is_some_and(AbortSignal::aborted) {
            aborted()
        } else if deadline.expired() {
            Error::Timeout(Details::new(crate::text::concat(&[
                "no complete response within timeoutMs (",
                &crate::text::decimal(timeout_ms.into()),
                " ms)",
            ])))
        } else {
            network(e)
        }
    };
    let init = request_init(request, &signal).map_err(failure)?;
    let promise = global_fetch(&request.url, &init).map_err(failure)?;
    let response: Response = JsFuture::from(promise)
        .await
        .map_err(failure)?
        .unchecked_into();
    let text = JsFuture::from(response.text().map_err(failure)?)
        .await
        .map_err(failure)?;
    let text: &js_sys::JsString = text.unchecked_ref();
    let headers = response.headers();
    let header = |name: &str| headers.get(name).ok().flatten();
    Ok(HttpResponse {
        status: response.status(),
        date: header("date"),
        retry_after: header("retry-after"),
        body: if text.length() as usize <= MAX_JSON_BODY {
            text.as_string().as_deref().and_then(json::parse)
        } else {
            None
        },
    })
}

fn request_init(request: &HttpRequest, signal: &AbortSignal) -> Result<RequestInit, JsValue> {
    let headers = Headers::new()?;
    headers.set("accept", "application/json")?;
    if let Some(authorization) = &request.authorization {
        headers.set("authorization", authorization)?;
    }
    let init = RequestInit::new();
    init.set_method(request.method.as_str());
    if let Some(body) = &request.body {
        headers.set("content-type", "application/json")?;
        init.set_body(&JsValue::from_str(&body.to_json()));
    }
    init.set_headers(&headers);
    init.set_signal(Some(signal));
    Ok(init)
}

fn aborted() -> Error {
    Error::Aborted(Details::new("the caller's AbortSignal aborted the request"))
}
