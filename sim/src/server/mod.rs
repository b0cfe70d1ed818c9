//! The native front end: a hyper/tokio HTTP server over the core's pipeline
//! ([`crate::http::pipeline`]). It accepts connections, waits out a fault's delay,
//! reads bodies with the cap, writes the reply or drops the connection, logs
//! one line per request, turns a handler panic into a 500, and shuts down
//! gracefully on SIGINT/SIGTERM.

mod hyper_body;

use std::io::Write;
use std::pin::pin;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::header::{HeaderName, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{mpsc, watch};

use crate::cli::{base_url, Config};
use crate::http::incoming::Req;
use crate::http::pipeline::{log_line, Outcome};
use crate::model::api_error::ApiError;
use crate::model::clock::Millis;
use crate::model::reply::Reply;
use crate::state::app::App;

/// How long shutdown waits for open requests to finish.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// The error that makes hyper close a connection without a response.
#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by an injected fault")
    }
}

impl std::error::Error for Dropped {}

/// The system clock, in milliseconds since the Unix epoch: the real time the
/// core's clock builds on.
pub fn real_now() -> Millis {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_millis()).unwrap_or(i64::MAX),
        Err(_) => 0,
    }
}

/// A listening simulator.
struct Server {
    app: App,
    base_url: String,
}

/// Binds, prints `listening on http://HOST:PORT` as the first stdout line,
/// and serves until SIGINT or SIGTERM.
pub async fn run(config: Config) -> std::io::Result<()> {
    // Signals first, so a signal sent right after the banner is not lost.
    let mut shutdown = pin!(shutdown_signal()?);
    let listener = TcpListener::bind(config.listen).await?;
    let base = base_url(listener.local_addr()?);
    {
        let mut out = std::io::stdout().lock();
        writeln!(out, "listening on {base}")?;
        out.flush()?;
    }
    let server = Arc::new(Server {
        app: App::new(config.settings),
        base_url: base,
    });
    let (stop_tx, stop_rx) = watch::channel(false);
    let (done_tx, mut done_rx) = mpsc::channel::<()>(1);
    loop {
        tokio::select! {
            biased;
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let _ = stream.set_nodelay(true);
                    tokio::spawn(serve_connection(
                        server.clone(),
                        stream,
                        stop_rx.clone(),
                        done_tx.clone(),
                    ));
                }
                Err(e) => {
                    eprintln!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
            () = shutdown.as_mut() => break,
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
fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut term = signal(SignalKind::terminate())?;
        let mut int = signal(SignalKind::interrupt())?;
        Ok(async move {
            tokio::select! {
                _ = term.recv() => {}
                _ = int.recv() => {}
            }
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
    server: Arc<Server>,
    stream: tokio::net::TcpStream,
    mut stop: watch::Receiver<bool>,
    _done: mpsc::Sender<()>,
) {
    let svc = service_fn(move |req| respond(server.clone(), req));
    let conn = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(Duration::from_secs(30))
        .keep_alive(true)
        .serve_connection(TokioIo::new(stream), svc);
    let mut conn = pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => {}
        _ = stop.changed() => {
            conn.as_mut().graceful_shutdown();
            let _ = conn.await;
        }
    }
}

/// One request, end to end: the pipeline in its own task (so a panic becomes
/// a 500), then the log line.
async fn respond(
    server: Arc<Server>,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Dropped> {
    let started = Instant::now();
    let method = req.method().as_str().to_string();
    let path = req.uri().path().to_string();
    let query = req.uri().query().map(str::to_string);
    let origin = header(&req, hyper::header::ORIGIN);
    let outcome = match tokio::spawn(process(server.clone(), req)).await {
        Ok(o) => o,
        Err(_) => {
            let reply = ApiError::internal().into_reply(server.app.clock.at(real_now()));
            Outcome::Reply(server.app.decorate(reply, origin.as_deref(), real_now()))
        }
    };
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    let status = match &outcome {
        Outcome::Reply(r) => Some(r.status),
        Outcome::Drop => None,
    };
    let line = log_line(&method, &path, query.as_deref(), status, ms);
    let _ = writeln!(std::io::stderr().lock(), "{line}");
    match outcome {
        Outcome::Drop => Err(Dropped),
        Outcome::Reply(reply) => Ok(to_response(reply)),
    }
}

fn header(req: &Request<Incoming>, name: HeaderName) -> Option<String> {
    req.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// The pipeline: admit, wait out a fault's delay, read the body, respond.
async fn process(server: Arc<Server>, req: Request<Incoming>) -> Outcome {
    let app = &server.app;
    let admission = app.admit(req.method().as_str(), req.uri().path());
    let delay = admission.delay_ms();
    if delay > 0 {
        tokio::time::sleep(Duration::from_millis(delay)).await;
    }
    let origin = header(&req, hyper::header::ORIGIN);
    let content_length =
        header(&req, hyper::header::CONTENT_LENGTH).and_then(|v| v.trim().parse::<u64>().ok());
    let head = Req {
        method: req.method().as_str().to_string(),
        path: req.uri().path().to_string(),
        query: req.uri().query().map(str::to_string),
        authorization: header(&req, hyper::header::AUTHORIZATION),
        content_type: header(&req, hyper::header::CONTENT_TYPE),
        body: crate::http::body_limits::ReadBody::Failed,
    };
    let body = hyper_body::read(req.into_body(), content_length).await;
    let req = Req { body, ..head };
    app.respond(
        admission,
        &req,
        origin.as_deref(),
        real_now(),
        &server.base_url,
    )
}

/// Builds the hyper response.
fn to_response(reply: Reply) -> Response<Full<Bytes>> {
    let mut res = Response::new(Full::new(Bytes::from(reply.body)));
    *res.status_mut() = hyper::StatusCode::from_u16(reply.status)
        .unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    let h = res.headers_mut();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_real_clock_is_the_system_clock() {
        assert!(real_now() > 1_700_000_000_000);
    }
}
