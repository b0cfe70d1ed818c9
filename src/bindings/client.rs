//! The client's JavaScript surface: the four operations as functions taking options, and
//! the `Client` class that checks its options once. Every argument arrives as a
//! JavaScript value and is converted by serde-wasm-bindgen; every result leaves as an
//! object it made; every failure rejects with a [descriptor](super::descriptor).

use super::convert::{from_js, from_js_checked_as, string_from_js, to_js};
use super::descriptor::error_to_js;
use crate::error::Error;
use crate::idempotency;
use crate::operations::{plan, read, HttpRequest};
use crate::transport;
use crate::types::request::{ProxyStartFields, PROXY_FIELDS_RULE};
use crate::types::ProxyStartRequest;
use crate::validate::Endpoint;
use js_sys::Promise;
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::future_to_promise;
use web_sys::AbortSignal;

#[cfg(feature = "direct")]
use crate::types::{ClientOptions, SmaCoverageRequest, StartVerificationRequest};

/// The optional last argument of every operation.
#[derive(Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct CallOptions {
    /// Aborts the call; it then rejects with code "ABORTED".
    #[tsify(optional, type = "AbortSignal")]
    signal: Option<Signal>,
    /// Through a proxy: the `Idempotency-Key` of a start or a code check (1 to 255
    /// printable ASCII characters). The proxy answers a repeat of the key with its first
    /// answer, so a retry after a `maybeSent` error with the same key sends nothing twice.
    /// Default: a fresh random key per call. Refused in direct mode (8x8 has no such key);
    /// ignored by `getVerification`.
    #[tsify(optional)]
    idempotency_key: Option<String>,
}

/// What the call options say.
#[derive(Default)]
struct Call {
    signal: Option<AbortSignal>,
    idempotency_key: Option<String>,
}

/// The caller's signal, passed through as the JavaScript value it is (checked to be an
/// `AbortSignal` where it is taken, naming the field).
#[derive(Deserialize)]
#[serde(transparent)]
struct Signal(#[serde(with = "serde_wasm_bindgen::preserve")] JsValue);

/// Four operations bound to options checked once (the shim's `VerifyClient` holds one).
#[wasm_bindgen(js_name = Client, skip_typescript)]
pub struct JsClient {
    endpoint: Endpoint,
}

#[wasm_bindgen(js_class = Client)]
impl JsClient {
    /// Checks `options` (throws a descriptor naming the first bad one).
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<JsClient, JsValue> {
        endpoint(options)
            .map(|endpoint| JsClient { endpoint })
            .map_err(|e| error_to_js(&e))
    }

    /// `startVerification(request, call?)`.
    #[wasm_bindgen(js_name = startVerification)]
    pub fn start_verification(&self, request: JsValue, call: JsValue) -> Promise {
        dispatch(Reading::Verification, || {
            let call = call_options(call)?;
            let http = keyed(&self.endpoint, start(&self.endpoint, request)?, &call)?;
            Ok((http, call.signal))
        })
    }

    /// `checkCode(sessionId, code, call?)`.
    #[wasm_bindgen(js_name = checkCode)]
    pub fn check_code(&self, session_id: JsValue, code: JsValue, call: JsValue) -> Promise {
        dispatch(Reading::CodeCheck, || {
            let session_id = string_from_js(&session_id, "sessionId")?;
            let code = string_from_js(&code, "code")?;
            let call = call_options(call)?;
            let http = plan::check(&self.endpoint, &session_id, &code)?;
            Ok((keyed(&self.endpoint, http, &call)?, call.signal))
        })
    }

    /// `getVerification(sessionId, call?)`.
    #[wasm_bindgen(js_name = getVerification)]
    pub fn get_verification(&self, session_id: JsValue, call: JsValue) -> Promise {
        dispatch(Reading::Verification, || {
            let session_id = string_from_js(&session_id, "sessionId")?;
            Ok((plan::get(&self.endpoint, &session_id)?, signal(call)?))
        })
    }

    /// `checkSmaCoverage(request, call?)` (direct mode only).
    #[wasm_bindgen(js_name = checkSmaCoverage)]
    pub fn check_sma_coverage(&self, request: JsValue, call: JsValue) -> Promise {
        #[cfg(feature = "direct")]
        return dispatch(Reading::SmaCoverage, || {
            Ok((sma_coverage(&self.endpoint, request)?, signal(call)?))
        });
        // The browser build is proxy mode only, where SMA coverage is never served: it
        // carries no coverage reading at all.
        #[cfg(not(feature = "direct"))]
        {
            let _ = (request, call);
            Promise::reject(&error_to_js(&plan::sma_through_proxy()))
        }
    }
}

/// `startVerification(options, request, call?)`.
#[wasm_bindgen(js_name = startVerification, skip_typescript)]
pub fn start_verification(options: JsValue, request: JsValue, call: JsValue) -> Promise {
    with_client(options, |client| client.start_verification(request, call))
}

/// `checkCode(options, sessionId, code, call?)`.
#[wasm_bindgen(js_name = checkCode, skip_typescript)]
pub fn check_code(options: JsValue, session_id: JsValue, code: JsValue, call: JsValue) -> Promise {
    with_client(options, |client| client.check_code(session_id, code, call))
}

/// `getVerification(options, sessionId, call?)`.
#[wasm_bindgen(js_name = getVerification, skip_typescript)]
pub fn get_verification(options: JsValue, session_id: JsValue, call: JsValue) -> Promise {
    with_client(options, |client| client.get_verification(session_id, call))
}

/// `checkSmaCoverage(options, request, call?)`.
#[wasm_bindgen(js_name = checkSmaCoverage, skip_typescript)]
pub fn check_sma_coverage(options: JsValue, request: JsValue, call: JsValue) -> Promise {
    with_client(options, |client| client.check_sma_coverage(request, call))
}

/// The crate version, e.g. `"0.1.0"`.
#[wasm_bindgen(skip_typescript)]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// The server builds: every rule of the options, as the caller gave them.
#[cfg(feature = "direct")]
fn endpoint(options: JsValue) -> Result<Endpoint, Error> {
    from_js::<ClientOptions>(options, "options")?.validate()
}

/// The browser build: the options as the browser entry checked and prepared them
/// (`pkg/browser-options.js`, by the rules of `validate::options`), read, not checked again.
#[cfg(not(feature = "direct"))]
fn endpoint(options: JsValue) -> Result<Endpoint, Error> {
    let options: PreparedOptions = serde_wasm_bindgen::from_value(options)
        .map_err(|_| Error::invalid("options", "must be as the browser entry prepares them"))?;
    Ok(Endpoint::prepared(
        &options.base_url,
        options.timeout_ms,
        options.credentials,
    ))
}

/// What `prepareBrowserOptions` (pkg/browser-options.js) returns: the resolved `baseUrl`,
/// and `timeoutMs` and `credentials` when given, each already checked.
#[cfg(not(feature = "direct"))]
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PreparedOptions {
    base_url: String,
    timeout_ms: Option<u32>,
    credentials: Option<crate::types::FetchCredentials>,
}

fn with_client(options: JsValue, operation: impl FnOnce(&JsClient) -> Promise) -> Promise {
    match JsClient::new(options) {
        Ok(client) => operation(&client),
        Err(descriptor) => Promise::reject(&descriptor),
    }
}

/// The start request in the endpoint's mode: a proxy takes four fields, 8x8 the rest too.
fn start(endpoint: &Endpoint, request: JsValue) -> Result<HttpRequest, Error> {
    #[cfg(feature = "direct")]
    if endpoint.is_direct() {
        let request = from_js::<StartVerificationRequest>(request, "request")?;
        return plan::start(endpoint, &request);
    }
    // Checked against `ProxyStartRequest`'s shape, held as its strings.
    let request = from_js_checked_as::<ProxyStartRequest, ProxyStartFields>(
        request,
        "request",
        PROXY_FIELDS_RULE,
    )?;
    plan::start_through_proxy(endpoint, &request)
}

#[cfg(feature = "direct")]
fn sma_coverage(endpoint: &Endpoint, request: JsValue) -> Result<HttpRequest, Error> {
    if !endpoint.is_direct() {
        return Err(plan::sma_through_proxy());
    }
    let request = from_js::<SmaCoverageRequest>(request, "request")?;
    plan::sma_coverage(endpoint, &request)
}

/// Reads `{ signal?, idempotencyKey? }`.
fn call_options(call: JsValue) -> Result<Call, Error> {
    if call.is_undefined() || call.is_null() {
        return Ok(Call::default());
    }
    let call = from_js::<CallOptions>(call, "call")?;
    let signal = call
        .signal
        .map(|Signal(signal)| {
            signal
                .dyn_into::<AbortSignal>()
                .map_err(|_| Error::invalid("signal", "must be an AbortSignal"))
        })
        .transpose()?;
    if let Some(key) = &call.idempotency_key {
        idempotency::validate_key(key, "idempotencyKey")?;
    }
    Ok(Call {
        signal,
        idempotency_key: call.idempotency_key,
    })
}

/// The signal of the call options (an operation that takes no idempotency key).
fn signal(call: JsValue) -> Result<Option<AbortSignal>, Error> {
    call_options(call).map(|call| call.signal)
}

/// A start or check with its `Idempotency-Key`: the caller's, or a fresh one, through a
/// proxy; none in direct mode, where a caller's key is refused (8x8 has no such key).
fn keyed(endpoint: &Endpoint, mut http: HttpRequest, call: &Call) -> Result<HttpRequest, Error> {
    if endpoint.is_direct() {
        if call.idempotency_key.is_some() {
            return Err(Error::invalid(
                "idempotencyKey",
                "is honoured only by a proxy (createVerifyProxy): 8x8 itself has no idempotency key",
            ));
        }
        return Ok(http);
    }
    http.idempotency_key = call.idempotency_key.clone().or_else(idempotency::fresh_key);
    Ok(http)
}

/// How a successful response is read.
#[derive(Clone, Copy)]
enum Reading {
    Verification,
    CodeCheck,
    #[cfg(feature = "direct")]
    SmaCoverage,
}

/// Checks everything synchronously, then runs the one shared request future. (One future
/// for all four operations keeps the wasm small: each async fn is a state machine with
/// everything it calls inlined.)
fn dispatch(
    reading: Reading,
    prepare: impl FnOnce() -> Result<(HttpRequest, Option<AbortSignal>), Error>,
) -> Promise {
    match prepare() {
        Ok((http, signal)) => future_to_promise(execute(http, signal, reading)),
        Err(e) => Promise::reject(&error_to_js(&e)),
    }
}

async fn execute(
    http: HttpRequest,
    signal: Option<AbortSignal>,
    reading: Reading,
) -> Result<JsValue, JsValue> {
    let response = transport::send(&http, signal.as_ref())
        .await
        .map_err(|e| error_to_js(&e))?;
    let now = transport::now_ms();
    match reading {
        Reading::Verification => read::verification(&response, now).map(|v| to_js(&v)),
        Reading::CodeCheck => read::code_check(&response, now).map(|c| to_js(&c)),
        #[cfg(feature = "direct")]
        Reading::SmaCoverage => read::sma_coverage(&response, now).map(|c| to_js(&c)),
    }
    .map_err(|e| error_to_js(&if http.acts { e.maybe_sent() } else { e }))
}
