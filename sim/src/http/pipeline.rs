//! The request pipeline every front end shares (the native hyper server and the
//! npm package's wasm build). A front end only moves bytes:
//!
//! 1. [`App::admit`] with the method and path: which surface the request is
//!    for, and the injected fault it takes (whose `delayMs` the front end waits
//!    out before reading the body);
//! 2. it reads the body with the cap of [`crate::http::body_limits`];
//! 3. [`App::respond`]: the [`Outcome`], a reply with `Date` and CORS headers,
//!    or a connection to drop before any byte.

use crate::http::body_limits::ReadBody;
use crate::http::control_api;
use crate::http::cors;
use crate::http::incoming::Req;
use crate::http::router;
use crate::http::url;
use crate::http::verify_api;
use crate::model::api_error::ApiError;
use crate::model::clock::{http_date, Millis};
use crate::model::reply::Reply;
use crate::state::app::{App, Context};
use crate::state::faults::{self, FaultAction};
use crate::state::recorder::Recorded;

/// Which surface a request is for, decided from its method and path alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Admission {
    /// A CORS preflight (`OPTIONS` with CORS on): answered at once.
    Preflight,
    /// The control surface, `/_sim/…`.
    Control,
    /// The 8x8 surface, with the fault this request takes, if any.
    Api(Option<FaultAction>),
}

impl Admission {
    /// How long to wait (ms) before reading the body: an injected `delayMs`.
    pub fn delay_ms(&self) -> u64 {
        match self {
            Self::Api(Some(f)) => f.delay_ms,
            _ => 0,
        }
    }
}

/// What goes back to the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Send this reply (with `Date`, and CORS headers when on).
    Reply(Reply),
    /// Close the connection without writing a byte (a `drop` fault).
    Drop,
}

impl App {
    /// Step 1: the surface of a request, and on the 8x8 surface the fault it
    /// takes (one use of the first queued fault whose path prefixes `path`).
    pub fn admit(&self, method: &str, path: &str) -> Admission {
        if self.settings.cors && method == "OPTIONS" {
            Admission::Preflight
        } else if router::is_control(path) {
            Admission::Control
        } else {
            Admission::Api(self.state().faults.take(path))
        }
    }

    /// Step 3: the answer to `req` (body read), at the front end's real time
    /// `real`; `origin` is the request's `Origin` header, `base_url` how clients
    /// reach the simulator.
    pub fn respond(
        &self,
        admission: Admission,
        req: &Req,
        origin: Option<&str>,
        real: Millis,
        base_url: &str,
    ) -> Outcome {
        let ctx = Context {
            real,
            now: self.clock.at(real),
            base_url,
        };
        let reply = match admission {
            Admission::Preflight => cors::preflight(),
            Admission::Control => closing_if_unread(control_api::handle(self, req, ctx.now), req),
            Admission::Api(fault) => {
                self.record(req);
                match fault {
                    None => closing_if_unread(verify_api::handle(self, req, &ctx), req),
                    Some(f) if f.drop => return Outcome::Drop,
                    Some(f) => closing_if_unread(self.faulted(f, req, &ctx), req),
                }
            }
        };
        Outcome::Reply(self.decorate(reply, origin, real))
    }

    /// Adds `Date` (simulator clock) and, with CORS on, the CORS headers.
    /// Front ends call it directly only for a reply they made themselves (a
    /// handler that panicked).
    pub fn decorate(&self, mut reply: Reply, origin: Option<&str>, real: Millis) -> Reply {
        if self.settings.cors {
            cors::decorate(&mut reply, origin);
        }
        reply.headers.push(("date", http_date(self.clock.at(real))));
        reply
    }

    fn record(&self, req: &Req) {
        self.state().recorder.push(Recorded {
            method: req.method.clone(),
            path: req.path.clone(),
            query: req.query.as_deref().map(url::redact),
            content_type: req.content_type.clone(),
            body: req.json_body(),
        });
    }

    /// A request that took a fault with a status and/or a broken body.
    fn faulted(&self, fault: FaultAction, req: &Req, ctx: &Context<'_>) -> Reply {
        let mut reply = match fault.status {
            Some(status) => {
                let code = fault
                    .api_code
                    .unwrap_or_else(|| faults::default_api_code(status));
                let mut e = ApiError::standard(status, code);
                if status == 429 {
                    e = e.with_header("retry-after", "1");
                }
                if status == 426 {
                    e = e.with_header("upgrade", "TLS/1.3");
                }
                e.into_reply(ctx.now)
            }
            None => verify_api::handle(self, req, ctx),
        };
        if let Some(how) = fault.body {
            reply = faults::break_body(reply, how);
        }
        reply
    }
}

/// Asks for `Connection: close` when the body was not read to its end.
fn closing_if_unread(mut reply: Reply, req: &Req) -> Reply {
    if !matches!(req.body, ReadBody::Complete(_)) {
        reply.close = true;
    }
    reply
}

/// The request log's line: method, path (any `code` query value shown as
/// `***`), status or `dropped`, and latency, e.g.
/// `GET /api/v2/subaccounts/test_hq/sessions/3f…?code=*** 200 0.2ms`.
pub fn log_line(
    method: &str,
    path: &str,
    query: Option<&str>,
    status: Option<u16>,
    ms: f64,
) -> String {
    let target = url::log_target(path, query);
    match status {
        Some(s) => format!("{method} {target} {s} {ms:.1}ms"),
        None => format!("{method} {target} dropped {ms:.1}ms"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::settings::Settings;

    fn req(method: &str, path: &str, body: &[u8]) -> Req {
        Req {
            method: method.into(),
            path: path.into(),
            query: None,
            authorization: Some("Bearer test-key".into()),
            content_type: Some("application/json".into()),
            body: ReadBody::Complete(body.to_vec()),
        }
    }

    fn reply(o: Outcome) -> Reply {
        match o {
            Outcome::Reply(r) => r,
            Outcome::Drop => panic!("dropped"),
        }
    }

    #[test]
    fn the_date_follows_the_simulator_clock() {
        let app = App::new(Settings::default());
        let a = app.admit("POST", "/_sim/clock");
        let r = reply(app.respond(
            a,
            &req("POST", "/_sim/clock", b"{\"advanceSeconds\":86400}"),
            None,
            0,
            "http://x",
        ));
        assert_eq!(r.status, 200);
        assert_eq!(
            r.header_value("date"),
            Some("Fri, 02 Jan 1970 00:00:00 GMT")
        );
        assert_eq!(r.header_value("access-control-allow-origin"), None);
    }

    #[test]
    fn faults_are_taken_on_the_8x8_surface_only() {
        let app = App::new(Settings {
            cors: true,
            ..Settings::default()
        });
        let spec = br#"{"drop": true, "delayMs": 5}"#;
        let a = app.admit("POST", "/_sim/faults");
        assert_eq!(a, Admission::Control);
        assert_eq!(
            reply(app.respond(a, &req("POST", "/_sim/faults", spec), None, 0, "")).status,
            200
        );
        assert_eq!(app.admit("OPTIONS", "/sma/x"), Admission::Preflight);
        let a = app.admit("GET", "/sma/x");
        assert_eq!(a.delay_ms(), 5);
        assert_eq!(
            app.respond(a, &req("GET", "/sma/x", b""), None, 0, ""),
            Outcome::Drop
        );
        let a = app.admit("GET", "/sma/x");
        let r = reply(app.respond(a, &req("GET", "/sma/x", b""), Some("http://o"), 0, ""));
        assert_eq!(r.status, 404);
        assert_eq!(
            r.header_value("access-control-allow-origin"),
            Some("http://o")
        );
        assert_eq!(
            app.state().recorder.iter().count(),
            2,
            "the dropped request was recorded"
        );
    }

    #[test]
    fn log_lines() {
        assert_eq!(
            log_line("GET", "/p", Some("code=1&a=2"), Some(200), 0.25),
            "GET /p?code=***&a=2 200 0.2ms"
        );
        assert_eq!(
            log_line("POST", "/p", None, None, 1.0),
            "POST /p dropped 1.0ms"
        );
    }
}
