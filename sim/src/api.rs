//! The 8x8 surface: the three operations of the spec plus the device's SMA
//! hit. Checks run in this order: route (404/405) → bearer auth (401/1200)
//! → subaccount (400/1001) → rate limit (429/1100) → content type (415) →
//! body size (413) → JSON (400/1000) → fields (400).

use serde_json::Value;

use crate::app::App;
use crate::body::{ReadBody, MAX_BODY};
use crate::codes;
use crate::error::ApiError;
use crate::inbox::Message;
use crate::ip;
use crate::json::Obj;
use crate::message;
use crate::query;
use crate::reply::Reply;
use crate::req::Req;
use crate::request::{self, Channel};
use crate::router::{self, Match, Route};
use crate::store::{Session, StartError};
use crate::time::{ceil_seconds_until, real_now, timestamp, Millis};

/// Answers a request on the 8x8 surface.
pub fn handle(app: &App, req: &Req) -> Reply {
    let now = app.clock.now();
    match dispatch(app, req, now) {
        Ok(reply) => reply,
        Err(e) => e.into_reply(now),
    }
}

fn dispatch(app: &App, req: &Req, now: Millis) -> Result<Reply, ApiError> {
    let route = match router::route(&req.method, &req.path) {
        Match::Found(r) => r,
        Match::WrongMethod(allow) => return Err(ApiError::method_not_allowed(allow)),
        Match::NotFound => return Err(ApiError::no_route()),
    };
    match route {
        Route::StartSession { sub } => {
            authorize(app, req, &sub)?;
            let body = json_body(req)?;
            start_session(app, &sub, &body, now)
        }
        Route::GetSession { sub, id } => {
            authorize(app, req, &sub)?;
            get_session(app, req, &sub, &id, now)
        }
        Route::Coverage { sub } => {
            authorize(app, req, &sub)?;
            let body = json_body(req)?;
            let cov = request::parse_coverage(&body)?;
            let available = ip::is_public(cov.client_ip);
            Ok(Reply::json(
                200,
                Obj::new().bool("isAvailable", available).finish(),
            ))
        }
        Route::SmaHit { id } => {
            let hit = app.state().sessions.sma_hit(&id, now);
            match hit {
                Some(_) => Ok(Reply::json(200, "{}".into())),
                None => Err(ApiError::session_not_found()),
            }
        }
        // Control routes never reach here (the server sends them elsewhere).
        _ => Err(ApiError::no_route()),
    }
}

/// Bearer auth, subaccount, then the per-subaccount rate limit.
fn authorize(app: &App, req: &Req, sub: &str) -> Result<(), ApiError> {
    let token = req.authorization.as_deref().and_then(|h| {
        let (scheme, rest) = h.trim().split_once(' ')?;
        scheme.eq_ignore_ascii_case("bearer").then(|| rest.trim())
    });
    if token != Some(app.config.api_key.as_str()) {
        return Err(ApiError::unauthorized());
    }
    if sub != app.config.sub_account {
        return Err(ApiError::wrong_subaccount());
    }
    let limit = app.config.rate_limit;
    if !app.state().limiter.allow(sub, limit, real_now()) {
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

fn start_session(app: &App, sub: &str, body: &Value, now: Millis) -> Result<Reply, ApiError> {
    let req = request::parse_start(body)?;
    let mut st = app.state();
    let (session, delivery) = match st.sessions.start(sub, &req, now) {
        Ok(ok) => ok,
        Err(StartError::TooSoon(at)) => {
            return Err(ApiError::standard(403, 1400)
                .with_header("retry-after", ceil_seconds_until(now, at).to_string()))
        }
    };
    if let Some(d) = delivery {
        let text = message::render(req.template.as_deref(), req.brand.as_deref(), &d.code);
        st.inbox.push(Message::new(
            d.destination,
            d.channel.as_str(),
            text,
            d.code,
            d.session_id,
            now,
        ));
    }
    drop(st);
    Ok(Reply::json(200, session_json(app, &session)))
}

fn get_session(app: &App, req: &Req, sub: &str, id: &str, now: Millis) -> Result<Reply, ApiError> {
    let code = query::param(req.query.as_deref(), "code");
    if let Some(c) = &code {
        if !codes::is_well_formed(c) {
            return Err(ApiError::field(
                1000,
                "code",
                "must be 3 to 11 letters or digits, with at most one dash",
            ));
        }
    }
    let session = app.state().sessions.check(sub, id, code.as_deref(), now);
    match session {
        Some(s) => Ok(Reply::json(200, session_json(app, &s))),
        None => Err(ApiError::session_not_found()),
    }
}

/// A `VerifyResponseV2` body.
pub fn session_json(app: &App, s: &Session) -> String {
    let mut o = Obj::new()
        .str("sessionId", &s.id)
        .str(
            "verifyUri",
            &format!("/api/v2/subaccounts/{}/sessions/{}", s.sub, s.id),
        )
        .str("destination", &format!("+{}", s.destination))
        .str("status", s.status.as_str())
        .int("attempt", i64::from(s.attempt))
        .str("expiresAt", &timestamp(s.expires_at))
        .str("retryAfter", &timestamp(s.retry_after));
    if s.channel == Channel::Sma {
        let url = format!("{}/sma/{}", app.base_url, s.id);
        o = o.raw("sma", &Obj::new().str("verificationUrl", &url).finish());
    }
    o.finish()
}
