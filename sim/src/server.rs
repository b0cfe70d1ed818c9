//! The HTTP server: accepts connections, runs each request through the
//! pipeline (control surface, CORS preflight, faults, 8x8 surface), adds
//! `Date` and CORS headers, logs one line per request, catches handler
//! panics, and shuts down gracefully on SIGINT/SIGTERM.

use std::future::Future;
use std::io::Write;
use std::net::SocketAddr;
use std::pin::pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::header::{HeaderName, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{mpsc, watch};

use crate::api;
use crate::app::App;
use crate::body::{self, ReadBody};
use crate::cli::Config;
use crate::control;
use crate::cors;
use crate::error::ApiError;
use crate::faults;
use crate::query;
use crate::recorder::Recorded;
use crate::reply::Reply;
use crate::req::Req;
use crate::router;
use crate::task::{isolate, race, Either};
use crate::time::http_date;

/// How long shutdown waits for open requests to finish.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// What to do with a request.
enum Outcome {
    /// Send this reply.
    Reply(Reply),
    /// Close the socket without writing anything.
    Drop,
}

/// The error that makes hyper close a connection without a response.
#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by an injected fault")
    }
}

impl std::error::Error for Dropped {}

/// The base URL clients use to reach a listener bound to `addr`
/// (an unspecified address is reached through loopback).
pub fn base_url(addr: SocketAddr) -> String {
    let mut a = addr;
    if a.ip().is_unspecified() {
        a.set_ip(match a {
            SocketAddr::V4(_) => [127, 0, 0, 1].into(),
            SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
        });
    }
    format!("http://{a}")
}

/// Binds, prints `listening on http://HOST:PORT` as the first stdout line,
/// and serves until SIGINT or SIGTERM.
pub async fn run(config: Config) -> std::io::Result<()> {
    // Signals first, so a signal sent right after the banner is not lost.
    let shutdown = shutdown_signal()?;
    let listener = TcpListener::bind(config.listen).await?;
    let base = base_url(listener.local_addr()?);
    {
        let mut out = std::io::stdout().lock();
        writeln!(out, "listening on {base}")?;
        out.flush()?;
    }
    let app = Arc::new(App::new(config, base));
    let (stop_tx, stop_rx) = watch::channel(false);
    let (done_tx, mut done_rx) = mpsc::channel::<()>(1);
    let mut shutdown = pin!(shutdown);
    loop {
        match race(listener.accept(), shutdown.as_mut()).await {
            Either::Left(Ok((stream, _))) => {
                let _ = stream.set_nodelay(true);
                tokio::spawn(serve_connection(
                    app.clone(),
                    stream,
                    stop_rx.clone(),
                    done_tx.clone(),
                ));
            }
            Either::Left(Err(e)) => {
                eprintln!("accept failed: {e}");
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            Either::Right(()) => break,
        }
    }
    drop(listener);
    let _ = stop_tx.send(true);
    drop(done_tx);
    // recv() yields None once every connection task has dropped its sender.
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, done_rx.recv()).await;
    eprintln!("shut down");
    Ok(())
}

/// Resolves on the first SIGINT or SIGTERM (Ctrl-C elsewhere than Unix).
fn shutdown_signal() -> std::io::Result<impl Future<Output = ()>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut term = signal(SignalKind::terminate())?;
        let mut int = signal(SignalKind::interrupt())?;
        Ok(async move {
            race(term.recv(), int.recv()).await;
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            let _ = tokio::signal::ctrl_c().await;
        })
    }
}

async fn serve_connection(
    app: Arc<App>,
    stream: tokio::net::TcpStream,
    mut stop: watch::Receiver<bool>,
    _done: mpsc::Sender<()>,
) {
    let svc = service_fn(move |req| respond(app.clone(), req));
    let conn = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(Duration::from_secs(30))
        .keep_alive(true)
        .serve_connection(TokioIo::new(stream), svc);
    let mut conn = pin!(conn);
    if let Either::Right(_) = race(conn.as_mut(), stop.changed()).await {
        conn.as_mut().graceful_shutdown();
        let _ = conn.await;
    }
}

/// One request, end to end: pipeline in its own task (so a panic becomes a
/// 500), then `Date`, CORS and the log line.
async fn respond(app: Arc<App>, req: Request<Incoming>) -> Result<Response<Full<Bytes>>, Dropped> {
    let started = Instant::now();
    let method = req.method().as_str().to_string();
    let target = query::log_target(req.uri().path(), req.uri().query());
    let origin = req
        .headers()
        .get(hyper::header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let outcome = match isolate(process(app.clone(), req)).await {
        Some(o) => o,
        None => Outcome::Reply(ApiError::internal().into_reply(app.clock.now())),
    };
    match outcome {
        Outcome::Drop => {
            log(&method, &target, "dropped", started);
            Err(Dropped)
        }
        Outcome::Reply(mut reply) => {
            if app.config.cors {
                cors::decorate(&mut reply, origin.as_deref());
            }
            log(&method, &target, &reply.status.to_string(), started);
            Ok(to_response(reply, &http_date(app.clock.now())))
        }
    }
}

fn log(method: &str, target: &str, status: &str, started: Instant) {
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{method} {target} {status} {ms:.1}ms");
}

fn header_str(req: &hyper::http::request::Parts, name: HeaderName) -> Option<String> {
    req.headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// The request pipeline.
async fn process(app: Arc<App>, req: Request<Incoming>) -> Outcome {
    let (parts, incoming) = req.into_parts();
    let path = parts.uri.path().to_string();
    let content_length = parts
        .headers
        .get(hyper::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let make_req = |body: ReadBody| Req {
        method: parts.method.as_str().to_string(),
        path: path.clone(),
        query: parts.uri.query().map(str::to_string),
        authorization: header_str(&parts, hyper::header::AUTHORIZATION),
        content_type: header_str(&parts, hyper::header::CONTENT_TYPE),
        body,
    };

    if app.config.cors && parts.method == hyper::Method::OPTIONS {
        return Outcome::Reply(cors::preflight());
    }
    if router::is_control(&path) {
        let req = make_req(body::read(incoming, content_length).await);
        return Outcome::Reply(closing_if_unread(control::handle(&app, &req), &req));
    }

    // The 8x8 surface.
    let fault = app.state().faults.take(&path);
    if let Some(delay) = fault.as_ref().map(|f| f.delay_ms).filter(|d| *d > 0) {
        tokio::time::sleep(Duration::from_millis(delay)).await;
    }
    let req = make_req(body::read(incoming, content_length).await);
    app.state().recorder.push(Recorded {
        method: req.method.clone(),
        path: req.path.clone(),
        query: req.query.as_deref().map(query::redact),
        content_type: req.content_type.clone(),
        body: req.json_body(),
    });
    let Some(fault) = fault else {
        return Outcome::Reply(closing_if_unread(api::handle(&app, &req), &req));
    };
    if fault.drop {
        return Outcome::Drop;
    }
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
            e.into_reply(app.clock.now())
        }
        None => api::handle(&app, &req),
    };
    if let Some(how) = fault.body {
        reply = faults::break_body(reply, how);
    }
    Outcome::Reply(closing_if_unread(reply, &req))
}

/// Asks for `Connection: close` when the body was not read to its end.
fn closing_if_unread(mut reply: Reply, req: &Req) -> Reply {
    if !matches!(req.body, ReadBody::Complete(_)) {
        reply.close = true;
    }
    reply
}

/// Builds the hyper response, with `Date` on the simulator's clock.
fn to_response(reply: Reply, date: &str) -> Response<Full<Bytes>> {
    let mut res = Response::new(Full::new(Bytes::from(reply.body)));
    *res.status_mut() = hyper::StatusCode::from_u16(reply.status)
        .unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(date) {
        h.insert(hyper::header::DATE, v);
    }
    if let Some(ct) = reply.content_type {
        h.insert(hyper::header::CONTENT_TYPE, HeaderValue::from_static(ct));
    }
    for (name, value) in reply.headers {
        if let Ok(v) = HeaderValue::from_str(&value) {
            h.append(HeaderName::from_static(name), v);
        }
    }
    if reply.close {
        h.insert(hyper::header::CONNECTION, HeaderValue::from_static("close"));
    }
    res
}
