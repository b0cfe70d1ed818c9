//! The 8x8 surface: the three operations of the spec plus the device's SMA
//! hit. Checks run in this order: route (404/405) → bearer auth (401/1200)
//! → subaccount (400/1001) → rate limit (429/1100) → content type (415) →
//! body size (413) → JSON (400/1000) → fields (400).

use serde_json::Value;

use crate::http::body_limits::{ReadBody, MAX_BODY};
use crate::http::incoming::Req;
use crate::http::router::{self, Match, Route};
use crate::http::url;
use crate::model::api_error::ApiError;
use crate::model::client_ip;
use crate::model::clock::{ceil_seconds_until, Millis};
use crate::model::message_text;
use crate::model::one_time_code;
use crate::model::reply::Reply;
use crate::model::response_bodies::{Coverage, Empty, VerifyResponse};
use crate::state::app::{App, Context};
use crate::state::inbox::Message;
use crate::state::sessions::StartError;
use crate::validate::request_bodies;

/// Answers a request on the 8x8 surface.
pub fn handle(app: &App, req: &Req, ctx: &Context<'_>) -> Reply {
    match dispatch(app, req, ctx) {
        Ok(reply) => reply,
        Err(e) => e.into_reply(ctx.now),
    }
}

fn dispatch(app: &App, req: &Req, ctx: &Context<'_>) -> Result<Reply, ApiError> {
    let now = ctx.now;
    let route = match router::route(&req.method, &req.path) {
        Match::Found(r) => r,
        Match::WrongMethod(allow) => return Err(ApiError::method_not_allowed(allow)),
        Match::NotFound => return Err(ApiError::no_route()),
    };
    match route {
        Route::StartSession { sub } => {
            authorize(app, req, &sub, ctx.real)?;
            let body = json_body(req)?;
            start_session(app, &sub, &body, ctx)
        }
        Route::GetSession { sub, id } => {
            authorize(app, req, &sub, ctx.real)?;
            get_session(app, req, &sub, &id, ctx)
        }
        Route::Coverage { sub } => {
            authorize(app, req, &sub, ctx.real)?;
            let body = json_body(req)?;
            let cov = request_bodies::parse_coverage(&body)?;
            let is_available = client_ip::is_public(cov.client_ip);
            Ok(Reply::json(200, &Coverage { is_available }))
        }
        Route::SmaHit { id } => {
            let hit = app.state().sessions.sma_hit(&id, now);
            match hit {
                Some(_) => Ok(Reply::json(200, &Empty {})),
                None => Err(ApiError::session_not_found()),
            }
        }
        // Control routes never reach here (the server sends them elsewhere).
        _ => Err(ApiError::no_route()),
    }
}

/// Bearer auth, subaccount, then the per-subaccount rate limit (real time `real`).
fn authorize(app: &App, req: &Req, sub: &str, real: Millis) -> Result<(), ApiError> {
    let token = req.authorization.as_deref().and_then(|h| {
        let (scheme, rest) = h.trim().split_once(' ')?;
        scheme.eq_ignore_ascii_case("bearer").then(|| rest.trim())
    });
    if token != Some(app.settings.api_key.as_str()) {
        return Err(ApiError::unauthorized());
    }
    if sub != app.settings.sub_account {
        return Err(ApiError::wrong_subaccount());
    }
    let limit = app.settings.rate_limit;
    if !app.state().limiter.allow(sub, limit, real) {
        return Err(ApiError::new(
            429,
            1100,
            format!("Too many requests: more than {limit} per second for this subaccount"),
        )
        .with_header("retry-after", "1"));
    }
    Ok(())
}

/// Content type, size, UTF-8 and JSON syntax of a POST body.
fn json_body(req: &Req) -> Result<Value, ApiError> {
    if !req.is_json() {
        return Err(ApiError::new(
            415,
            1000,
            "Invalid parameter: Content-Type must be application/json",
        ));
    }
    let bytes = match &req.body {
        ReadBody::Complete(b) => b,
        ReadBody::TooLarge => {
            return Err(ApiError::new(
                413,
                1000,
                format!("Invalid parameter: request body exceeds {MAX_BODY} bytes"),
            ))
        }
        ReadBody::Failed => {
            return Err(ApiError::new(
                400,
                1000,
                "Invalid parameter: request body could not be read",
            ))
        }
    };
    let text = std::str::from_utf8(bytes).map_err(|_| {
        ApiError::new(
            400,
            1000,
            "Invalid parameter: request body is not valid UTF-8",
        )
    })?;
    serde_json::from_str(text).map_err(|_| {
        ApiError::new(
            400,
            1000,
            "Invalid parameter: request body is not valid JSON",
        )
    })
}

fn start_session(app: &App, sub: &str, body: &Value, ctx: &Context<'_>) -> Result<Reply, ApiError> {
    let now = ctx.now;
    let req = request_bodies::parse_start(body)?;
    let mut st = app.state();
    let (session, delivery) = match st.sessions.start(sub, &req, now) {
        Ok(ok) => ok,
        Err(StartError::TooSoon(at)) => {
            return Err(ApiError::standard(403, 1400)
                .with_header("retry-after", ceil_seconds_until(now, at).to_string()))
        }
    };
    if let Some(d) = delivery {
        let text = message_text::render(req.template.as_deref(), req.brand.as_deref(), &d.code);
        st.inbox.push(Message::new(
            d.destination,
            d.channel,
            text,
            d.code,
            d.session_id,
            now,
        ));
    }
    drop(st);
    Ok(Reply::json(
        200,
        &VerifyResponse::new(&session, ctx.base_url),
    ))
}

fn get_session(
    app: &App,
    req: &Req,
    sub: &str,
    id: &str,
    ctx: &Context<'_>,
) -> Result<Reply, ApiError> {
    let code = url::param(req.query.as_deref(), "code");
    if let Some(c) = &code {
        if !one_time_code::is_well_formed(c) {
            return Err(ApiError::field(
                1000,
                "code",
                "must be 3 to 11 letters or digits, with at most one dash",
            ));
        }
    }
    let session = app
        .state()
        .sessions
        .check(sub, id, code.as_deref(), ctx.now);
    match session {
        Some(s) => Ok(Reply::json(200, &VerifyResponse::new(&s, ctx.base_url))),
        None => Err(ApiError::session_not_found()),
    }
}
