//! The proxy as a `Request → Response` handler, in the order a request meets it: the
//! cross-site gate, the route, the body, the browser's fields, the client's address,
//! the limits (per network and IP first, then per destination and per country),
//! `beforeSend`, 8x8, and `onVerified` (once per session). Each request ends in one
//! response and one `onEvent` event; everything it awaits has a deadline.

mod answer;
mod body;
mod deadline;
mod hooks;
mod idempotency;
mod incoming;
mod limits;
mod records;
mod respond;
mod state;
mod upstream;
mod verified;

use super::events::{Facts, ProxyEventType};
use super::input::read_start;
use super::origin_bound;
use super::reply::Reject;
use crate::bindings::descriptor::error_to_js;
use crate::operations::plan;
use crate::types::Status;
use answer::{finish, Answer};
use incoming::Incoming;
use limits::{count_client, hit};
use state::{random_uuid, State};
use std::rc::Rc;
use upstream::{log, Upstream};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;
use web_sys::Request;

/// The proxy behind `createVerifyProxy`; the shim exposes `handle` as a bound `fetch`.
#[wasm_bindgen(js_name = Proxy, skip_typescript)]
pub struct VerifyProxy {
    state: Rc<State>,
}

#[wasm_bindgen(js_class = Proxy)]
impl VerifyProxy {
    /// Checks the options (throws a descriptor naming the first bad one) for a server
    /// entry running in `runtime`.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue, runtime: &str) -> Result<VerifyProxy, JsValue> {
        State::new(options, runtime)
            .map(|state| VerifyProxy {
                state: Rc::new(state),
            })
            .map_err(|e| error_to_js(&e))
    }

    /// Answers one request. Every failure is a response; the promise rejects only if the
    /// runtime cannot build one (the shim answers 500 then).
    pub fn handle(&self, request: Request, info: JsValue) -> js_sys::Promise {
        let state = Rc::clone(&self.state);
        future_to_promise(async move {
            let incoming = Incoming::read(&request, &info, &state.config);
            let mut facts = Facts {
                client_ip: incoming.client.as_ref().map(|ip| ip.address.to_string()),
                ..Facts::default()
            };
            let answer = match incoming.refuse_cross_site() {
                Ok(()) => route(&state, &request, &incoming, &mut facts).await,
                Err(reject) => Err(reject),
            };
            let (response, event, body) = finish(&state, answer, &incoming.cors, &facts).await;
            let response = idempotency::settle(&state, &incoming, response, body).await;
            if let Some(event) = event {
                state.hooks.on_event(&event);
            }
            response.map(JsValue::from).ok_or(JsValue::NULL)
        })
    }
}

async fn route(
    state: &State,
    request: &Request,
    incoming: &Incoming,
    facts: &mut Facts,
) -> Result<Answer, Reject> {
    let rest = incoming
        .path
        .strip_prefix(state.config.base_path.as_str())
        .ok_or_else(Reject::not_found)?;
    let method = incoming.method.as_str();
    if rest == "/sessions" {
        return match method {
            "POST" => start(state, request, incoming, facts).await,
            "OPTIONS" => Ok(Answer::Preflight("POST")),
            _ => Err(Reject::method_not_allowed("POST, OPTIONS")),
        };
    }
    let session_id = rest
        .strip_prefix("/sessions/")
        .ok_or_else(Reject::not_found)?;
    match method {
        "GET" => check(state, request, incoming, session_id, facts).await,
        "OPTIONS" => Ok(Answer::Preflight("GET")),
        _ => Err(Reject::method_not_allowed("GET, OPTIONS")),
    }
}

/// `POST {basePath}/sessions`.
async fn start(
    state: &State,
    request: &Request,
    incoming: &Incoming,
    facts: &mut Facts,
) -> Result<Answer, Reject> {
    let content_type = incoming.headers.get("content-type").unwrap_or_default();
    let media_type = content_type.split(';').next().unwrap_or_default().trim();
    if !media_type.eq_ignore_ascii_case("application/json") {
        return Err(Reject::unsupported_media_type());
    }
    let deadline = f64::from(state.config.upstream.timeout_ms());
    let text = body::read(request, &incoming.headers, deadline).await?;
    let mut start = read_start(&text, &state.config)?;
    let origin = incoming.bound_origin.as_deref();
    origin_bound::bind(&mut start.upstream, origin, state.config.origin_bound_codes).map_err(
        |e| {
            log(&e.rule(origin.unwrap_or_default()));
            Reject::bad_gateway("configuration")
        },
    )?;
    facts.country = start.country;
    facts.destination = Some(start.upstream.destination.clone());
    if let Some(first) = idempotency::begin(state, incoming, &text).await? {
        return Ok(Answer::Replay(first));
    }
    count_client(state, incoming).await?;
    let limits = state.config.limits;
    start.upstream.client_ip = facts.client_ip.clone();
    let verdict = state
        .hooks
        .before_send(
            request,
            &start.upstream.destination,
            start.country,
            facts.client_ip.as_deref(),
        )
        .await;
    if let Some(response) = verdict.answer("beforeSend", "before_send_timeout")? {
        return Ok(Answer::Hooked(
            response,
            ProxyEventType::Refused,
            "before_send",
        ));
    }
    if let Some(limit) = limits.per_destination {
        hit(
            state,
            &format!("dest:{}", start.digits),
            limit,
            "destination_limit",
        )
        .await?;
    }
    if let Some(limit) = limits.per_country {
        hit(
            state,
            &format!("country:{}", start.country.unwrap_or("+1")),
            limit,
            "country_limit",
        )
        .await?;
    }
    let http = plan::start(&state.config.upstream, &start.upstream).map_err(|e| {
        log(&format!(
            "the merged request breaks a rule ({})",
            e.message()
        ));
        Reject::bad_gateway("configuration")
    })?;
    incoming.idempotency.dispatched();
    match call(state, &http).await? {
        Upstream::Session(session, date) => Ok(Answer::Session {
            session,
            date,
            event: Some((ProxyEventType::Sent, None)),
        }),
        Upstream::Refused(refusal) => Ok(Answer::Refused(refusal)),
    }
}

/// `GET {basePath}/sessions/{id}[?code=]`.
async fn check(
    state: &State,
    request: &Request,
    incoming: &Incoming,
    session_id: &str,
    facts: &mut Facts,
) -> Result<Answer, Reject> {
    // The client's own checks: a session id that cannot leave its path segment, a code as typed.
    let code = incoming.code.as_deref();
    let http = match code {
        Some(code) => plan::check(&state.config.upstream, session_id, code),
        None => plan::get(&state.config.upstream, session_id),
    }
    .map_err(|e| Reject::from_error(&e))?;
    if let Some(code) = code {
        if let Some(first) = idempotency::begin(state, incoming, code).await? {
            return Ok(Answer::Replay(first));
        }
    }
    count_client(state, incoming).await?;
    incoming.idempotency.dispatched();
    let (session, date) = match call(state, &http).await? {
        Upstream::Session(session, date) => (session, date),
        Upstream::Refused(refusal) => return Ok(Answer::Refused(refusal)),
    };
    if state.hooks.wants_events() {
        facts.destination = Some(session.destination.clone());
        facts.country = country_of(&session.destination);
    }
    let event = match (code, session.status) {
        (None, _) => None,
        (Some(_), Status::Verified) => Some((ProxyEventType::Verified, None)),
        (Some(_), Status::Waiting) => Some((ProxyEventType::Refused, Some("wrong_code"))),
        (Some(_), _) => Some((ProxyEventType::Refused, Some("session_closed"))),
    };
    if code.is_some() && session.status == Status::Verified && state.hooks.wants_verified() {
        if let Some(response) = verified::run_once(state, &session, &date, request).await? {
            return Ok(Answer::Hooked(
                response,
                ProxyEventType::Verified,
                "on_verified_answered",
            ));
        }
    }
    Ok(Answer::Session {
        session,
        date,
        event,
    })
}

/// The country of a number 8x8 returned (`+` and digits, or digits).
fn country_of(destination: &str) -> Option<&'static str> {
    let digits: String = destination.chars().filter(char::is_ascii_digit).collect();
    super::countries::country_of(&digits)
}

async fn call(state: &State, http: &crate::operations::HttpRequest) -> Result<Upstream, Reject> {
    upstream::call(http, random_uuid, || state.timestamp()).await
}
