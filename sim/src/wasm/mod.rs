//! The wasm front end: what the npm package `verify-8x8-sim` (`sim/npm/`) calls.
//! The JavaScript layer moves bytes (a WHATWG `Request`, a Node or Deno socket)
//! and keeps the time; everything the simulator decides happens here, in the
//! same core and [`crate::http::pipeline`] as the native server.

use std::net::{IpAddr, SocketAddr};

use wasm_bindgen::prelude::*;

use crate::cli::{self, Command, USAGE};
use crate::http::body_limits::{ReadBody, DRAIN_LIMIT, DRAIN_MS, MAX_BODY, READ_MS};
use crate::http::incoming::Req;
use crate::http::pipeline::{self, Outcome};
use crate::model::clock::Millis;
use crate::model::settings::{check_api_key, check_sub_account, Settings};
use crate::state::app::App;

/// Largest integer a JavaScript number holds exactly.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// One simulator: its settings, clock and state.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Simulator {
    app: App,
}

/// A request admitted by [`Simulator::admit`], carrying the fault it took.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Admission(pipeline::Admission);

#[wasm_bindgen]
impl Admission {
    /// Milliseconds to wait before reading the body (an injected `delayMs`).
    #[wasm_bindgen(getter, js_name = delayMs)]
    pub fn delay_ms(&self) -> f64 {
        self.0.delay_ms() as f64
    }
}

/// The answer to one request.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Answer {
    status: u16,
    headers: Vec<String>,
    body: Vec<u8>,
    dropped: bool,
}

#[wasm_bindgen]
impl Answer {
    /// The HTTP status (0 when dropped).
    #[wasm_bindgen(getter)]
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Header names and values, alternating: `[name, value, name, value, …]`.
    #[wasm_bindgen(getter)]
    pub fn headers(&self) -> Vec<String> {
        self.headers.clone()
    }

    /// The body bytes.
    #[wasm_bindgen(getter)]
    pub fn body(&self) -> Vec<u8> {
        self.body.clone()
    }

    /// Whether the connection is to be closed before any byte (a `drop` fault).
    #[wasm_bindgen(getter)]
    pub fn dropped(&self) -> bool {
        self.dropped
    }
}

#[wasm_bindgen]
impl Simulator {
    /// A fresh simulator. The values follow the command line's rules (the key
    /// without spaces, the subaccount id's pattern, a whole rate limit ≥ 0).
    #[wasm_bindgen(constructor)]
    pub fn new(
        api_key: String,
        sub_account: String,
        rate_limit: f64,
        cors: bool,
    ) -> Result<Simulator, JsError> {
        check_api_key(&api_key).map_err(|e| JsError::new(&format!("apiKey: {e}")))?;
        check_sub_account(&sub_account).map_err(|e| JsError::new(&format!("subAccountId: {e}")))?;
        if !(rate_limit >= 0.0 && rate_limit.fract() == 0.0 && rate_limit <= MAX_SAFE_INTEGER) {
            return Err(JsError::new("rateLimit: must be a whole number >= 0"));
        }
        Ok(Simulator {
            app: App::new(Settings {
                api_key,
                sub_account,
                rate_limit: rate_limit as u64,
                cors,
            }),
        })
    }

    /// Step 1 of the pipeline: the surface of a request and the fault it takes.
    pub fn admit(&self, method: &str, path: &str) -> Admission {
        Admission(self.app.admit(method, path))
    }

    /// Step 3 of the pipeline: the answer. `body` is `undefined` unless the body
    /// was read whole; `too_large` says whether it went past the cap. `real` is
    /// the real time (ms since the epoch), `base_url` how clients reach this
    /// simulator.
    #[allow(clippy::too_many_arguments)]
    pub fn respond(
        &self,
        admission: Admission,
        method: String,
        path: String,
        query: Option<String>,
        authorization: Option<String>,
        content_type: Option<String>,
        origin: Option<String>,
        body: Option<Vec<u8>>,
        too_large: bool,
        real: f64,
        base_url: &str,
    ) -> Answer {
        let body = match body {
            Some(b) => ReadBody::Complete(b),
            None if too_large => ReadBody::TooLarge,
            None => ReadBody::Failed,
        };
        let req = Req {
            method,
            path,
            query,
            authorization,
            content_type,
            body,
        };
        let real = real as Millis;
        match self
            .app
            .respond(admission.0, &req, origin.as_deref(), real, base_url)
        {
            Outcome::Drop => Answer {
                status: 0,
                headers: Vec::new(),
                body: Vec::new(),
                dropped: true,
            },
            Outcome::Reply(r) => {
                let mut headers = Vec::with_capacity(2 * r.headers.len() + 4);
                if let Some(ct) = r.content_type {
                    headers.extend(["content-type".to_string(), ct.to_string()]);
                }
                for (name, value) in r.headers {
                    headers.extend([name.to_string(), value]);
                }
                if r.close {
                    headers.extend(["connection".to_string(), "close".to_string()]);
                }
                Answer {
                    status: r.status,
                    headers,
                    body: r.body,
                    dropped: false,
                }
            }
        }
    }
}

/// The command line, parsed (see [`cli`]).
#[wasm_bindgen(getter_with_clone)]
#[derive(Debug)]
pub struct CliConfig {
    /// The address to listen on.
    pub host: String,
    /// The port (0: any free port).
    pub port: u16,
    /// `--api-key`.
    #[wasm_bindgen(js_name = apiKey)]
    pub api_key: String,
    /// `--sub-account`.
    #[wasm_bindgen(js_name = subAccountId)]
    pub sub_account: String,
    /// `--rate-limit`.
    #[wasm_bindgen(js_name = rateLimit)]
    pub rate_limit: f64,
    /// `--cors`.
    pub cors: bool,
}

/// Parses the command line (without the program name): `undefined` for
/// `--help`; throws an `Error` whose message is the one-line reason otherwise.
#[wasm_bindgen(js_name = parseArgs)]
pub fn parse_args(args: Vec<String>) -> Result<Option<CliConfig>, JsError> {
    match cli::parse(args).map_err(|e| JsError::new(&e))? {
        Command::Help => Ok(None),
        Command::Run(c) => Ok(Some(CliConfig {
            host: c.listen.ip().to_string(),
            port: c.listen.port(),
            api_key: c.settings.api_key,
            sub_account: c.settings.sub_account,
            rate_limit: c.settings.rate_limit as f64,
            cors: c.settings.cors,
        })),
    }
}

/// The usage text.
#[wasm_bindgen]
pub fn usage() -> String {
    USAGE.to_string()
}

/// The base URL of a listener bound to `host`:`port` (see [`cli::base_url`]);
/// `undefined` when `host` is not an IP address.
#[wasm_bindgen(js_name = baseUrl)]
pub fn base_url(host: &str, port: u16) -> Option<String> {
    let ip: IpAddr = host.parse().ok()?;
    Some(cli::base_url(SocketAddr::new(ip, port)))
}

/// The request log's line (see [`pipeline::log_line`]); `status` 0 = dropped.
#[wasm_bindgen(js_name = logLine)]
pub fn log_line(method: &str, path: &str, query: Option<String>, status: u16, ms: f64) -> String {
    let status = (status != 0).then_some(status);
    pipeline::log_line(method, path, query.as_deref(), status, ms)
}

/// The body limits a front end enforces while reading (see [`crate::http::body_limits`]):
/// `[maxBody, drainLimit, drainMs, readMs]`.
#[wasm_bindgen(js_name = bodyLimits)]
pub fn body_limits() -> Vec<f64> {
    vec![
        MAX_BODY as f64,
        DRAIN_LIMIT as f64,
        DRAIN_MS as f64,
        READ_MS as f64,
    ]
}
