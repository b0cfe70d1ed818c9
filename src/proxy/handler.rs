//! The proxy as a `Request → Response` handler: routing, origin policy, the streamed body
//! cap, client IP, limits, hooks, and the call to 8x8.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::api::{self, HttpResponse};
use crate::error::Error;
use crate::js::data;
use crate::js::error_to_js;
use crate::json;
use crate::json::Value;
use crate::response::{Status, Verification};
use crate::time;
use crate::transport;
use alloc::rc::Rc;
use core::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::{Request, Response};

use super::config::{Limit, ProxyConfig, Runtime};
use super::hooks::Hooks;
use super::input::read_start;
use super::limiter::{Decision, MemoryLimiter};
use super::reply::{browser_verification, upstream_envelope, Reject};

/// Largest browser body read, enforced while the stream arrives.
const MAX_BODY: usize = 4096;
/// Keys the in-memory limiter and the verified-session memory hold at most.
const MAX_KEYS: usize = 10_000;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = crypto, js_name = randomUUID)]
    fn random_uuid() -> String;
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn log_error(message: &str);
}

// The edges of a request are JavaScript (handler.js): the request's facts read in one call,
// the response built in one call from header lines decided here. One crossing each way
// instead of one per header.
#[wasm_bindgen(module = "/src/proxy/handler.js")]
extern "C" {
    #[wasm_bindgen(js_name = describeRequest)]
    fn describe_request(request: &Request, ip_header: Option<String>) -> js_sys::Array;
    fn respond(status: u16, body: Option<String>, lines: &str) -> Response;
    fn reissue(response: &Response, lines: &str) -> Response;
}

/// What the handler reads of a request.
struct Incoming {
    method: String,
    path: String,
    code: Option<String>,
    /// The proxy's own origin, from the request URL.
    own_origin: String,
    origin: Option<String>,
    content_type: Option<String>,
    /// The value of `clientIpHeader`, when configured and sent.
    ip_header: Option<String>,
}

impl Incoming {
    fn read(request: &Request, ip_header: Option<&String>) -> Incoming {
        let facts = describe_request(request, ip_header.cloned());
        let text = |i| facts.get(i).as_string();
        Incoming {
            method: text(0).unwrap_or_default(),
            path: text(1).unwrap_or_default(),
            code: text(2),
            own_origin: text(3).unwrap_or_default(),
            origin: text(4),
            content_type: text(5),
            ip_header: text(6),
        }
    }
}

/// The proxy behind `createVerifyProxy`; the shim exposes `handle` as a bound `fetch`.
#[wasm_bindgen]
pub struct VerifyProxy {
    state: Rc<State>,
}

struct State {
    config: ProxyConfig,
    /// The shim's capped body reader.
    read_body: js_sys::Function,
    hooks: Hooks,
    limiter: RefCell<MemoryLimiter>,
    /// Sessions whose `onVerified` ran (or is running), so it runs once per verification.
    verified: RefCell<MemoryLimiter>,
}

#[wasm_bindgen]
impl VerifyProxy {
    /// Checks the options (throws an error descriptor naming the bad option): `options_json`
    /// is their data as JSON text, `options` the object itself (for the hooks); `read_body`
    /// is the shim's `readBody(request, maxBytes) → Promise<string | null>`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        options_json: JsValue,
        options: JsValue,
        runtime: &str,
        read_body: js_sys::Function,
    ) -> Result<VerifyProxy, JsValue> {
        let build = || -> Result<State, Error> {
            Ok(State {
                config: ProxyConfig::from_value(
                    &data(&options_json, "options")?,
                    Runtime::from_name(runtime),
                )?,
                read_body,
                hooks: Hooks::from_options(&options)?,
                limiter: RefCell::new(MemoryLimiter::new(MAX_KEYS)),
                verified: RefCell::new(MemoryLimiter::new(MAX_KEYS)),
            })
        };
        build()
            .map(|state| VerifyProxy {
                state: Rc::new(state),
            })
            .map_err(|e| error_to_js(&e))
    }

    /// Answers one request. Every failure is a response; the promise rejects only if the
    /// runtime cannot build one (the shim answers 500 then).
    pub fn handle(&self, request: Request, info: JsValue) -> js_sys::Promise {
        let state = Rc::clone(&self.state);
        future_to_promise(async move { serve(&state, &request, &info).await.map(JsValue::from) })
    }
}

/// How the request's origin relates to the proxy.
enum Cors {
    /// No `Origin`, or the proxy's own.
    SameOrigin,
    /// An origin listed in `allowedOrigins`.
    Allowed(String),
    /// Any other origin.
    Foreign,
}

/// What a route produced.
enum Answer {
    /// JSON with status, and upstream's `Date` / `Retry-After` passed on.
    Json {
        status: u16,
        body: Value,
        date: Option<String>,
        retry_after: Option<String>,
    },
    /// A hook's own response.
    Hooked(Response),
    /// A CORS preflight for `methods`.
    Preflight(&'static str),
}

async fn serve(state: &State, request: &Request, info: &JsValue) -> Result<Response, JsValue> {
    let incoming = Incoming::read(request, state.config.client_ip_header.as_ref());
    let cors = match incoming.origin.clone() {
        None => Cors::SameOrigin,
        Some(origin) if origin == incoming.own_origin => Cors::SameOrigin,
        Some(origin)
            if state
                .config
                .allowed_origins
                .iter()
                .any(|o| o.eq_ignore_ascii_case(&origin)) =>
        {
            Cors::Allowed(origin)
        }
        Some(_) => Cors::Foreign,
    };
    let answer = if matches!(cors, Cors::Foreign) {
        Err(Reject::foreign_origin())
    } else {
        route(state, request, info, &incoming).await
    };
    Ok(finish(state, answer, &cors))
}

async fn route(
    state: &State,
    request: &Request,
    info: &JsValue,
    incoming: &Incoming,
) -> Result<Answer, Reject> {
    let rest = incoming
        .path
        .strip_prefix(state.config.base_path.as_str())
        .ok_or_else(Reject::not_found)?;
    let method = &incoming.method;
    if rest == "/sessions" {
        return match method.as_str() {
            "POST" => start(state, request, info, incoming).await,
            "OPTIONS" => Ok(Answer::Preflight("POST")),
            _ => Err(Reject::method_not_allowed("POST, OPTIONS")),
        };
    }
    let session_id = rest
        .strip_prefix("/sessions/")
        .ok_or_else(Reject::not_found)?;
    match method.as_str() {
        "GET" => check(state, request, info, incoming, session_id).await,
        "OPTIONS" => Ok(Answer::Preflight("GET")),
        _ => Err(Reject::method_not_allowed("GET, OPTIONS")),
    }
}

/// `POST {basePath}/sessions`.
async fn start(
    state: &State,
    request: &Request,
    info: &JsValue,
    incoming: &Incoming,
) -> Result<Answer, Reject> {
    let content_type = incoming.content_type.as_deref().unwrap_or_default();
    let media_type = content_type.split(';').next().unwrap_or_default().trim();
    if !media_type.eq_ignore_ascii_case("application/json") {
        return Err(Reject::unsupported_media_type());
    }
    let body = read_body(state, request).await?;
    let body = json::parse(&body).ok_or_else(Reject::malformed)?;
    let client_ip = client_ip(state, incoming, info)?;
    let start = read_start(&body, &state.config, client_ip.as_deref())?;
    let now = state.hooks.now_ms();
    let mut hits = Vec::with_capacity(2);
    if let Some(limit) = state.config.per_destination {
        hits.push((format!("dest:{}", start.digits), limit));
    }
    if let (Some(limit), Some(ip)) = (state.config.per_client_ip, &client_ip) {
        hits.push((format!("ip:{ip}"), limit));
    }
    enforce(state, &hits, now).await?;
    let destination = format!("+{}", start.digits);
    match state
        .hooks
        .before_send(request, &destination, start.country, client_ip.as_deref())
        .await
    {
        Ok(Some(response)) => return Ok(Answer::Hooked(response)),
        Ok(None) => {}
        Err(_) => {
            log_error("verify-8x8 proxy: beforeSend threw or rejected");
            return Err(Reject::hook_failed());
        }
    }
    let http = api::start(&state.config.upstream, &start.upstream).map_err(|e| {
        log_error(&format!(
            "verify-8x8 proxy: the merged request breaks a rule ({})",
            e.message()
        ));
        Reject::bad_gateway()
    })?;
    match passed_on(state, upstream(state, &http).await?)? {
        Upstream::Found(v, date) => Ok(ok(state, &v, date)),
        Upstream::PassOn(answer) => Ok(answer),
    }
}

/// `GET {basePath}/sessions/{id}[?code=]`.
async fn check(
    state: &State,
    request: &Request,
    info: &JsValue,
    incoming: &Incoming,
    session_id: &str,
) -> Result<Answer, Reject> {
    // The client's own checks: a session id that cannot leave its path segment, a code as typed.
    let code = &incoming.code;
    let http = match code {
        Some(code) => api::check(&state.config.upstream, session_id, code),
        None => api::get(&state.config.upstream, session_id),
    }
    .map_err(|e| Reject::from_error(&e))?;
    let client_ip = client_ip(state, incoming, info)?;
    if let (Some(limit), Some(ip)) = (state.config.per_client_ip, &client_ip) {
        enforce(state, &[(format!("ip:{ip}"), limit)], state.hooks.now_ms()).await?;
    }
    let (verification, date) = match passed_on(state, upstream(state, &http).await?)? {
        Upstream::Found(v, date) => (v, date),
        Upstream::PassOn(answer) => return Ok(answer),
    };
    if code.is_some() && verification.status == Status::Verified && state.hooks.wants_verified() {
        if let Some(response) = verified_once(state, &verification, request).await? {
            return Ok(Answer::Hooked(response));
        }
    }
    Ok(ok(state, &verification, date))
}

/// Runs `onVerified` the first time this isolate sees the session verified.
async fn verified_once(
    state: &State,
    verification: &Verification,
    request: &Request,
) -> Result<Option<Response>, Reject> {
    let first = state
        .verified
        .borrow_mut()
        .hit(&verification.session_id, 1, u32::MAX, 0)
        .allowed;
    if !first {
        return Ok(None);
    }
    match state.hooks.on_verified(verification, request).await {
        Ok(response) => Ok(response),
        Err(_) => {
            // Not recorded: a retry of the check runs the hook again.
            state.verified.borrow_mut().forget(&verification.session_id);
            log_error("verify-8x8 proxy: onVerified threw or rejected");
            Err(Reject::hook_failed())
        }
    }
}

/// Counts every hit, then refuses if any limit is exceeded.
async fn enforce(state: &State, hits: &[(String, Limit)], now_ms: i64) -> Result<(), Reject> {
    let mut refused: Option<u64> = None;
    for (key, limit) in hits {
        let decision = if state.hooks.has_store() {
            state
                .hooks
                .store_hit(key, limit.max, limit.window_seconds)
                .await
                .map_err(|_| {
                    log_error("verify-8x8 proxy: the limit store failed");
                    Reject::bad_gateway()
                })?
        } else {
            state
                .limiter
                .borrow_mut()
                .hit(key, limit.max, limit.window_seconds, now_ms)
        };
        if let Decision {
            allowed: false,
            retry_after_seconds,
        } = decision
        {
            refused = Some(refused.unwrap_or(0).max(retry_after_seconds));
        }
    }
    match refused {
        Some(seconds) => Err(Reject::limited(seconds)),
        None => Ok(()),
    }
}

/// The client IP from `clientIpHeader` (right-most `X-Forwarded-For` entry) or
/// `info.remoteAddr.hostname`; required when the per-IP limit is on.
fn client_ip(state: &State, incoming: &Incoming, info: &JsValue) -> Result<Option<String>, Reject> {
    let raw = match &state.config.client_ip_header {
        Some(header) => incoming
            .ip_header
            .as_deref()
            .map(|value| match header.as_str() {
                "x-forwarded-for" => value
                    .rsplit(',')
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .to_owned(),
                _ => value.trim().to_owned(),
            }),
        None => remote_addr(info),
    };
    let ip = raw.filter(|ip| crate::ip::is_ip(ip));
    if ip.is_none() && state.config.per_client_ip.is_some() {
        return Err(Reject::no_client_ip());
    }
    Ok(ip)
}

/// `Deno.serve`'s `info.remoteAddr.hostname`.
fn remote_addr(info: &JsValue) -> Option<String> {
    if !info.is_object() {
        return None;
    }
    let addr = js_sys::Reflect::get(info, &JsValue::from_str("remoteAddr")).ok()?;
    if !addr.is_object() {
        return None;
    }
    js_sys::Reflect::get(&addr, &JsValue::from_str("hostname"))
        .ok()?
        .as_string()
}

/// The body as a JavaScript string, read by the shim's `readBody(request, max)`, which
/// counts bytes while the stream arrives and answers `null` past `max` (and rejects on
/// bytes that are not UTF-8). Reading in JavaScript keeps the bytes out of wasm.
async fn read_body(state: &State, request: &Request) -> Result<String, Reject> {
    let pending = state
        .read_body
        .call2(
            &JsValue::UNDEFINED,
            request,
            &JsValue::from(MAX_BODY as u32),
        )
        .map_err(|_| Reject::malformed())?;
    let text = JsFuture::from(js_sys::Promise::resolve(&pending))
        .await
        .map_err(|_| Reject::malformed())?;
    if text.is_null() {
        return Err(Reject::too_large(MAX_BODY));
    }
    text.as_string().ok_or_else(Reject::malformed)
}

/// Sends to 8x8; a timeout is 504, any other failure 502 (details in the log only).
async fn upstream(state: &State, http: &api::HttpRequest) -> Result<HttpResponse, Reject> {
    transport::send(http, state.config.upstream.timeout_ms(), None)
        .await
        .map_err(|e| {
            log_error(&format!(
                "verify-8x8 proxy: 8x8 request failed: {}",
                e.code()
            ));
            match e {
                Error::Timeout(_) => Reject::gateway_timeout(),
                _ => Reject::bad_gateway(),
            }
        })
}

/// What 8x8's answer becomes.
enum Upstream {
    /// A verification, and the `Date` it was answered at.
    Found(Verification, Option<String>),
    /// An error answer the browser may see (400, 403, 404, 429, …), reshaped.
    PassOn(Answer),
}

/// Upstream's answer: a verification, an error answer to pass on, or a 502 for what must
/// not reach the browser (a rejected key, a failure, garbage).
fn passed_on(state: &State, response: HttpResponse) -> Result<Upstream, Reject> {
    let api_code = response
        .body
        .as_ref()
        .and_then(|b| b.get("code"))
        .and_then(|c| c.as_int_in(0, i64::from(u32::MAX)));
    let status = response.status;
    if (200..=299).contains(&status) {
        let local = transport::now_ms();
        return match api::read(&response, local, api::verification) {
            Ok(v) => Ok(Upstream::Found(v, response.date)),
            Err(_) => {
                log_error(&format!(
                    "verify-8x8 proxy: 8x8 answered HTTP {status} with an unexpected body"
                ));
                Err(Reject::bad_gateway())
            }
        };
    }
    if status == 401 || (status == 400 && api_code == Some(1001)) || !(400..500).contains(&status) {
        log_error(&format!(
            "verify-8x8 proxy: 8x8 answered HTTP {status}{}{}",
            api_code.map(|c| format!(" (code {c})")).unwrap_or_default(),
            if status == 401 || status == 400 {
                "; check apiKey and subAccountId"
            } else {
                ""
            }
        ));
        return Err(Reject::bad_gateway());
    }
    let error_id = response
        .body
        .as_ref()
        .and_then(|b| b.get("errorId"))
        .and_then(Value::as_str);
    let body = upstream_envelope(
        status,
        api_code,
        error_id,
        &random_uuid(),
        &timestamp(state),
    );
    Ok(Upstream::PassOn(Answer::Json {
        status,
        body,
        date: response.date,
        retry_after: response.retry_after,
    }))
}

fn ok(state: &State, verification: &Verification, date: Option<String>) -> Answer {
    Answer::Json {
        status: 200,
        body: browser_verification(verification, &state.config.base_path),
        date,
        retry_after: None,
    }
}

fn timestamp(state: &State) -> String {
    time::format_iso8601(state.hooks.now_ms())
}

/// Builds the response, with `Cache-Control: no-store` and the CORS headers it needs.
fn finish(state: &State, answer: Result<Answer, Reject>, cors: &Cors) -> Response {
    let mut lines = String::from("cache-control: no-store\n");
    let mut header = |name: &str, value: &str| {
        lines.push_str(name);
        lines.push_str(": ");
        lines.push_str(value);
        lines.push('\n');
    };
    if let Cors::Allowed(origin) = cors {
        header("access-control-allow-origin", origin);
        header("vary", "Origin");
        header("access-control-expose-headers", "Retry-After, Date");
    }
    let (status, body) = match answer {
        Ok(Answer::Json {
            status,
            body,
            date,
            retry_after,
        }) => {
            if let Some(date) = date {
                header("date", &date);
            }
            if let Some(retry_after) = retry_after {
                header("retry-after", &retry_after);
            }
            (status, Some(body))
        }
        Ok(Answer::Preflight(methods)) => {
            header("allow", &format!("{methods}, OPTIONS"));
            if matches!(cors, Cors::Allowed(_)) {
                header("access-control-allow-methods", "GET, POST");
                header("access-control-allow-headers", "Content-Type");
                header("access-control-max-age", "600");
            }
            (204, None)
        }
        // A hook's response, re-issued with our headers added (its own may be immutable).
        Ok(Answer::Hooked(response)) => return reissue(&response, &lines),
        Err(reject) => {
            if let Some(allow) = reject.allow {
                header("allow", allow);
            }
            if let Some(seconds) = reject.retry_after_seconds {
                header("retry-after", &seconds.to_string());
            }
            (
                reject.status,
                Some(reject.envelope(&random_uuid(), &timestamp(state))),
            )
        }
    };
    if body.is_some() {
        header("content-type", "application/json");
    }
    respond(status, body.map(|b| b.to_json()), &lines)
}
