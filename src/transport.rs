//! The only impure part: one [`HttpRequest`] through gloo-net (the runtime's global
//! `fetch`, which is what lets the same code run in browsers, Node, Deno, workerd and
//! edge-light), bounded by the request's timeout (body included) and the caller's
//! `AbortSignal`, never following a redirect, never retried.
//!
//! gloo-net hands a rejected `fetch` to `unreachable!` unless the rejection is an `Error`,
//! and `fetch` rejects with its signal's abort reason, which a caller may set to anything
//! (`controller.abort("user cancelled")`). So gloo-net never sees the caller's signal: it
//! gets one of ours, aborted with an `Error` of ours when the caller's fires or the
//! deadline passes; which of the two fired decides the failure, not the error's name.

use crate::error::{Details, Error};
#[cfg(feature = "direct")]
use crate::fresh_connection;
use crate::operations::{HttpRequest, HttpResponse, Method};
use crate::types::FetchCredentials;
use core::cell::OnceCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{AbortController, AbortSignal, RequestCredentials, RequestInit, RequestRedirect};

/// What keeps a request to 8x8 off a pooled connection until its exchange ends.
#[cfg(feature = "direct")]
type Fresh = Option<fresh_connection::Fresh>;
#[cfg(not(feature = "direct"))]
type Fresh = ();

/// Bodies larger than this are not read as JSON (8x8's are a few hundred bytes).
const MAX_JSON_BODY: usize = 64 * 1024;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &js_sys::Function, ms: u32) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
    /// fetch's `HeadersInit` as a record: a plain object of header names to values (what
    /// a hand-written client passes; a `Headers` object costs a construction, and one
    /// more iteration when the runtime copies it into the request).
    #[wasm_bindgen(extends = js_sys::Object)]
    type HeaderRecord;
    #[wasm_bindgen(method, structural, indexing_setter)]
    fn set(this: &HeaderRecord, name: &str, value: &str);
    /// `AbortController.prototype.abort`.
    type AbortMethod;
    /// `abort.bind(controller, reason)`: a function that aborts `controller` with `reason`.
    #[wasm_bindgen(method, js_name = bind)]
    fn bind_abort(
        abort: &AbortMethod,
        controller: &AbortController,
        reason: &JsValue,
    ) -> js_sys::Function;
}

/// Milliseconds since the epoch on the local clock.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// `AbortController.prototype.abort` and the two reasons our signal is aborted with, made
/// once: a stop is a bound call of `abort` (no `Closure`, nothing for wasm-bindgen to
/// register with a `FinalizationRegistry`), and which reason the signal holds says which
/// stop came first (`abort` keeps the first).
struct Stops {
    abort: AbortMethod,
    deadline: JsValue,
    caller: JsValue,
}

thread_local! {
    static STOPS: OnceCell<Option<Stops>> = const { OnceCell::new() };
}

fn stops(controller: &AbortController) -> Option<Stops> {
    let abort = js_sys::Reflect::get(controller, &JsValue::from_str("abort")).ok()?;
    let error = || JsValue::from(js_sys::Error::new("verify-8x8: request stopped"));
    Some(Stops {
        abort: abort.dyn_into::<js_sys::Function>().ok()?.unchecked_into(),
        deadline: error(),
        caller: error(),
    })
}

/// Our own abort signal for one request: aborted, with an `Error`, by the caller's signal
/// or by the deadline, whichever comes first. Dropping it clears the timer and the
/// listener, so nothing outlives the request.
struct Deadline {
    controller: AbortController,
    timer: JsValue,
    caller: Option<(AbortSignal, js_sys::Function)>,
}

impl Deadline {
    fn new(timeout_ms: u32, caller: Option<&AbortSignal>) -> Result<Deadline, Error> {
        let controller = AbortController::new().map_err(|_| network())?;
        STOPS.with(|cell| {
            let stops = cell
                .get_or_init(|| stops(&controller))
                .as_ref()
                .ok_or_else(network)?;
            let on_timer = stops.abort.bind_abort(&controller, &stops.deadline);
            let timer = set_timeout(&on_timer, timeout_ms);
            let caller = caller.map(|signal| {
                let on_abort = stops.abort.bind_abort(&controller, &stops.caller);
                let _ = signal.add_event_listener_with_callback("abort", &on_abort);
                (signal.clone(), on_abort)
            });
            Ok(Deadline {
                controller,
                timer,
                caller,
            })
        })
    }

    fn signal(&self) -> AbortSignal {
        self.controller.signal()
    }

    /// The error for a request that failed without an answer.
    fn failure(&self, timeout_ms: u32) -> Error {
        let signal = self.signal();
        if !signal.aborted() {
            return network();
        }
        let reason = signal.reason();
        let deadline = STOPS.with(|cell| {
            cell.get()
                .and_then(Option::as_ref)
                .is_some_and(|stops| reason == stops.deadline)
        });
        if deadline {
            Error::Timeout(Details::new(format!(
                "no complete response within timeoutMs ({timeout_ms} ms)"
            )))
        } else {
            aborted()
        }
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        clear_timeout(&self.timer);
        if let Some((signal, on_abort)) = &self.caller {
            let _ = signal.remove_event_listener_with_callback("abort", on_abort);
        }
    }
}

/// Sends `request`, giving up after its timeout or when `caller` aborts. Never retries:
/// a request that may have sent a message is sent at most once (nor re-sent by the
/// runtime: `fresh_connection`), and an acting request that fails after it went out
/// fails [`Error::maybe_sent`].
pub async fn send(
    request: &HttpRequest,
    caller: Option<&AbortSignal>,
) -> Result<HttpResponse, Error> {
    if caller.is_some_and(AbortSignal::aborted) {
        return Err(aborted());
    }
    let deadline = Deadline::new(request.timeout_ms, caller)?;
    let failure = || deadline.failure(request.timeout_ms);
    // Past this point the request may have reached the server.
    let sent = || {
        let error = failure();
        if request.acts {
            error.maybe_sent()
        } else {
            error
        }
    };
    // `_fresh` lives until the body is read: it may close a connection made for this request.
    let (built, _fresh) = build(request, &deadline.signal());
    let response = built
        .map_err(|_| failure())?
        .send()
        .await
        .map_err(|_| sent())?;
    let text = response.text().await.map_err(|_| sent())?;
    let headers = response.headers();
    Ok(HttpResponse {
        status: response.status(),
        date: headers.get("date"),
        retry_after: headers.get("retry-after"),
        body: (text.len() <= MAX_JSON_BODY).then_some(text),
    })
}

/// The gloo-net request: JSON in and out, our signal, redirects not followed. (Built from
/// a `web_sys::Request` rather than gloo-net's `RequestBuilder`, which makes a throwaway
/// `Request` and `URL` to resolve relative URLs — ours are absolute — and doubles the
/// cost of every call in Node.)
fn build(
    request: &HttpRequest,
    signal: &AbortSignal,
) -> (Result<gloo_net::http::Request, JsValue>, Fresh) {
    let headers: HeaderRecord = js_sys::Object::new().unchecked_into();
    headers.set("accept", "application/json");
    if let Some(authorization) = &request.authorization {
        headers.set("authorization", authorization);
    }
    if request.proxy_header {
        headers.set("x-verify-8x8", "1");
    }
    if let Some(key) = &request.idempotency_key {
        headers.set(crate::idempotency::HEADER, key);
    }
    let init = RequestInit::new();
    #[cfg(feature = "direct")]
    let fresh = if request.authorization.is_some() {
        // A request to 8x8 itself (direct mode, or a proxy's upstream call).
        let (fresh, connection) = fresh_connection::apply(&init, request.acts);
        if let Some(connection) = connection {
            headers.set("connection", connection);
        }
        Some(fresh)
    } else {
        None
    };
    // The browser's build talks to a proxy only, which answers a re-send by its key.
    #[cfg(not(feature = "direct"))]
    let fresh = ();
    init.set_redirect(RequestRedirect::Manual);
    init.set_signal(Some(signal));
    if let Some(credentials) = request.credentials {
        init.set_credentials(match credentials {
            FetchCredentials::Omit => RequestCredentials::Omit,
            FetchCredentials::SameOrigin => RequestCredentials::SameOrigin,
            FetchCredentials::Include => RequestCredentials::Include,
        });
    }
    match (&request.method, &request.body) {
        (Method::Post, Some(body)) => {
            init.set_method("POST");
            headers.set("content-type", "application/json");
            init.set_body(&JsValue::from_str(body));
        }
        (Method::Post, None) => init.set_method("POST"),
        (Method::Get, _) => init.set_method("GET"),
    }
    init.set_headers(&headers);
    let built = web_sys::Request::new_with_str_and_init(&request.url, &init)
        .map(gloo_net::http::Request::from);
    (built, fresh)
}

fn aborted() -> Error {
    Error::Aborted(Details::new("the caller's AbortSignal aborted the request"))
}

fn network() -> Error {
    Error::Network(Details::new(
        "the request failed before a response arrived (network error)",
    ))
}
