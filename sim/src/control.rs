//! The control surface, `/_sim/…`: never part of the 8x8 surface, no auth,
//! not rate limited, never faulted.

use serde_json::Value;

use crate::app::App;
use crate::body::{ReadBody, MAX_BODY};
use crate::error::ApiError;
use crate::faults;
use crate::json::{self, Obj};
use crate::phone;
use crate::query;
use crate::reply::Reply;
use crate::req::Req;
use crate::router::{self, Match, Route};
use crate::time::{timestamp, Millis};

/// Largest clock step accepted at once (about ten years).
const MAX_ADVANCE_S: f64 = 10.0 * 366.0 * 86_400.0;

/// Answers a `/_sim/…` request.
pub fn handle(app: &App, req: &Req) -> Reply {
    match dispatch(app, req) {
        Ok(r) => r,
        Err(e) => e.into_reply(app.clock.now()),
    }
}

fn invalid(msg: impl std::fmt::Display) -> ApiError {
    ApiError::new(400, 1000, format!("Invalid parameter: {msg}"))
}

/// The body as JSON; `None` when empty.
fn body(req: &Req) -> Result<Option<Value>, ApiError> {
    match &req.body {
        ReadBody::Complete(b) if b.iter().all(u8::is_ascii_whitespace) => Ok(None),
        ReadBody::Complete(b) => serde_json::from_slice(b)
            .map(Some)
            .map_err(|_| invalid("request body is not valid JSON")),
        ReadBody::TooLarge => Err(ApiError::new(
            413,
            1000,
            format!("Invalid parameter: request body exceeds {MAX_BODY} bytes"),
        )),
        ReadBody::Failed => Err(invalid("request body could not be read")),
    }
}

fn now_json(now: Millis) -> String {
    Obj::new().str("now", &timestamp(now)).finish()
}

fn dispatch(app: &App, req: &Req) -> Result<Reply, ApiError> {
    let route = match router::route(&req.method, &req.path) {
        Match::Found(r) => r,
        Match::WrongMethod(allow) => return Err(ApiError::method_not_allowed(allow)),
        Match::NotFound => return Err(ApiError::no_route()),
    };
    match route {
        Route::SimMessages => {
            let filter = query::param(req.query.as_deref(), "destination")
                .map(|d| phone::filter_key(&d))
                .filter(|d| !d.is_empty());
            let st = app.state();
            let items = st
                .inbox
                .list(filter.as_deref())
                .into_iter()
                .map(|m| m.to_json());
            Ok(Reply::json(200, json::array(items)))
        }
        Route::SimClock if req.method == "GET" => Ok(Reply::json(200, now_json(app.clock.now()))),
        Route::SimClock => {
            let v = body(req)?.ok_or_else(|| invalid("advanceSeconds is required"))?;
            let secs = v
                .get("advanceSeconds")
                .and_then(Value::as_f64)
                .filter(|s| s.is_finite() && (0.0..=MAX_ADVANCE_S).contains(s))
                .ok_or_else(|| {
                    invalid("advanceSeconds must be a number >= 0 (at most ten years)")
                })?;
            app.clock.advance((secs * 1000.0).round() as Millis);
            Ok(Reply::json(200, now_json(app.clock.now())))
        }
        Route::SimFaults => {
            let v = body(req)?.ok_or_else(|| invalid("a fault spec is required"))?;
            let fault = faults::parse(&v).map_err(invalid)?;
            app.state().faults.add(fault).map_err(invalid)?;
            Ok(Reply::json(200, "{}".into()))
        }
        Route::SimRequests => {
            let st = app.state();
            let items = st.recorder.iter().map(|r| r.to_json());
            Ok(Reply::json(200, json::array(items)))
        }
        Route::SimReset => {
            app.reset();
            Ok(Reply::json(200, "{}".into()))
        }
        _ => Err(ApiError::no_route()),
    }
}
