//! The control surface, `/_sim/…`: never part of the 8x8 surface, no auth,
//! not rate limited, never faulted.

use serde::Deserialize;

use crate::http::body_limits::{ReadBody, MAX_BODY};
use crate::http::incoming::Req;
use crate::http::router::{self, Match, Route};
use crate::http::url;
use crate::model::api_error::ApiError;
use crate::model::clock::{Millis, Stamp};
use crate::model::phone_number;
use crate::model::reply::Reply;
use crate::model::response_bodies::{Empty, Now};
use crate::state::app::App;
use crate::state::faults;

/// Largest clock step accepted at once (about ten years).
const MAX_ADVANCE_S: f64 = 10.0 * 366.0 * 86_400.0;

/// The `POST /_sim/clock` body.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Advance {
    advance_seconds: f64,
}

/// Answers a `/_sim/…` request at simulator time `now`.
pub fn handle(app: &App, req: &Req, now: Millis) -> Reply {
    match dispatch(app, req, now) {
        Ok(r) => r,
        Err(e) => e.into_reply(now),
    }
}

fn invalid(msg: impl std::fmt::Display) -> ApiError {
    ApiError::new(400, 1000, format!("Invalid parameter: {msg}"))
}

/// The body's bytes; `what` names what an empty body lacks.
fn body<'a>(req: &'a Req, what: &str) -> Result<&'a [u8], ApiError> {
    match &req.body {
        ReadBody::Complete(b) if b.iter().all(u8::is_ascii_whitespace) => {
            Err(invalid(format!("{what} is required")))
        }
        ReadBody::Complete(b) => Ok(b),
        ReadBody::TooLarge => Err(ApiError::new(
            413,
            1000,
            format!("Invalid parameter: request body exceeds {MAX_BODY} bytes"),
        )),
        ReadBody::Failed => Err(invalid("request body could not be read")),
    }
}

fn dispatch(app: &App, req: &Req, now: Millis) -> Result<Reply, ApiError> {
    let route = match router::route(&req.method, &req.path) {
        Match::Found(r) => r,
        Match::WrongMethod(allow) => return Err(ApiError::method_not_allowed(allow)),
        Match::NotFound => return Err(ApiError::no_route()),
    };
    match route {
        Route::SimMessages => {
            let filter = url::param(req.query.as_deref(), "destination")
                .map(|d| phone_number::filter_key(&d))
                .filter(|d| !d.is_empty());
            let st = app.state();
            let items: Vec<_> = st
                .inbox
                .list(filter.as_deref())
                .into_iter()
                .map(|m| m.view())
                .collect();
            Ok(Reply::json(200, &items))
        }
        Route::SimClock if req.method == "GET" => Ok(Reply::json(200, &Now { now: Stamp(now) })),
        Route::SimClock => {
            let step: Advance = serde_json::from_slice(body(req, "advanceSeconds")?)
                .map_err(|e| invalid(format!("clock: {e}")))?;
            let secs = step.advance_seconds;
            if !(secs.is_finite() && (0.0..=MAX_ADVANCE_S).contains(&secs)) {
                return Err(invalid(
                    "advanceSeconds must be a number >= 0 (at most ten years)",
                ));
            }
            let ms = (secs * 1000.0).round() as Millis;
            app.clock.advance(ms);
            Ok(Reply::json(
                200,
                &Now {
                    now: Stamp(now.saturating_add(ms)),
                },
            ))
        }
        Route::SimFaults => {
            let fault = faults::parse(body(req, "a fault spec")?).map_err(invalid)?;
            app.state().faults.add(fault).map_err(invalid)?;
            Ok(Reply::json(200, &Empty {}))
        }
        Route::SimRequests => {
            let st = app.state();
            let items: Vec<_> = st.recorder.iter().collect();
            Ok(Reply::json(200, &items))
        }
        Route::SimReset => {
            app.reset();
            Ok(Reply::json(200, &Empty {}))
        }
        _ => Err(ApiError::no_route()),
    }
}
