//! The wasm front end: what the npm package `verify-8x8-sim` (`sim/npm/`) calls.
//! The JavaScript layer moves bytes (a WHATWG `Request`, a Node or Deno socket)
//! and keeps the time; everything the simulator decides happens here, in the
//! same core and [`crate::http::pipeline`] as the native server. Values cross
//! as the named serde structs of [`values`], converted by serde-wasm-bindgen.

pub mod values;

use std::net::{IpAddr, SocketAddr};

use js_sys::Uint8Array;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::cli::{self, Command, USAGE};
use crate::http::body_limits::{ReadBody, DRAIN_LIMIT, DRAIN_MS, MAX_BODY, READ_MS};
use crate::http::incoming::Req;
use crate::http::pipeline::{self, Outcome};
use crate::model::clock::Millis;
use crate::model::settings::{check_api_key, check_sub_account, Settings};
use crate::state::app::App;
use values::{Answer, BodyLimits, CliConfig, IncomingRequest, LogEntry, SimulatorOptions};

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

/// A JavaScript value from a serde value.
fn to_js(value: &impl Serialize) -> Result<JsValue, JsError> {
    serde_wasm_bindgen::to_value(value).map_err(|e| JsError::new(&e.to_string()))
}

/// A serde value from a JavaScript value; `what` names it in the error.
fn from_js<T: serde::de::DeserializeOwned>(value: JsValue, what: &str) -> Result<T, JsError> {
    serde_wasm_bindgen::from_value(value).map_err(|e| JsError::new(&format!("{what}: {e}")))
}

#[wasm_bindgen]
impl Simulator {
    /// A fresh simulator from [`SimulatorOptions`]. The values follow the command
    /// line's rules (the key without spaces, the subaccount id's pattern, a whole
    /// rate limit ≥ 0).
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<Simulator, JsError> {
        let SimulatorOptions {
            api_key,
            sub_account_id,
            rate_limit,
            cors,
        } = from_js(options, "options")?;
        check_api_key(&api_key).map_err(|e| JsError::new(&format!("apiKey: {e}")))?;
        check_sub_account(&sub_account_id)
            .map_err(|e| JsError::new(&format!("subAccountId: {e}")))?;
        if !(rate_limit >= 0.0 && rate_limit.fract() == 0.0 && rate_limit <= MAX_SAFE_INTEGER) {
            return Err(JsError::new("rateLimit: must be a whole number >= 0"));
        }
        Ok(Simulator {
            app: App::new(Settings {
                api_key,
                sub_account: sub_account_id,
                rate_limit: rate_limit as u64,
                cors,
            }),
        })
    }

    /// Step 1 of the pipeline: the surface of a request and the fault it takes.
    pub fn admit(&self, method: &str, path: &str) -> Admission {
        Admission(self.app.admit(method, path))
    }

    /// Step 3 of the pipeline: the [`Answer`] to an [`IncomingRequest`] whose body
    /// was read (or not) with the cap.
    pub fn respond(&self, admission: Admission, request: JsValue) -> Result<JsValue, JsError> {
        let IncomingRequest {
            method,
            path,
            query,
            authorization,
            content_type,
            origin,
            body,
            too_large,
            now,
            base_url,
        } = from_js(request, "request")?;
        let body = match body.dyn_into::<Uint8Array>() {
            Ok(bytes) => ReadBody::Complete(bytes.to_vec()),
            Err(_) if too_large => ReadBody::TooLarge,
            Err(_) => ReadBody::Failed,
        };
        let req = Req {
            method,
            path,
            query,
            authorization,
            content_type,
            body,
        };
        let answer = match self.app.respond(
            admission.0,
            &req,
            origin.as_deref(),
            now as Millis,
            &base_url,
        ) {
            Outcome::Drop => Answer {
                dropped: true,
                status: 0,
                headers: Vec::new(),
                body: Uint8Array::new_with_length(0),
            },
            Outcome::Reply(r) => {
                let mut headers = Vec::with_capacity(r.headers.len() + 2);
                if let Some(ct) = r.content_type {
                    headers.push(("content-type".to_string(), ct.to_string()));
                }
                for (name, value) in r.headers {
                    headers.push((name.to_string(), value));
                }
                if r.close {
                    headers.push(("connection".to_string(), "close".to_string()));
                }
                Answer {
                    dropped: false,
                    status: r.status,
                    headers,
                    body: Uint8Array::from(&r.body[..]),
                }
            }
        };
        to_js(&answer)
    }
}

/// Parses the command line (without the program name): a [`CliConfig`], or
/// `undefined` for `--help`; throws an `Error` whose message is the one-line
/// reason otherwise.
#[wasm_bindgen(js_name = parseArgs)]
pub fn parse_args(args: Vec<String>) -> Result<JsValue, JsError> {
    match cli::parse(args).map_err(|e| JsError::new(&e))? {
        Command::Help => Ok(JsValue::UNDEFINED),
        Command::Run(c) => to_js(&CliConfig {
            host: c.listen.ip().to_string(),
            port: c.listen.port(),
            options: SimulatorOptions {
                api_key: c.settings.api_key,
                sub_account_id: c.settings.sub_account,
                rate_limit: c.settings.rate_limit as f64,
                cors: c.settings.cors,
            },
        }),
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

/// The request log's line for a [`LogEntry`] (see [`pipeline::log_line`]).
#[wasm_bindgen(js_name = logLine)]
pub fn log_line(entry: JsValue) -> Result<String, JsError> {
    let LogEntry {
        method,
        path,
        query,
        status,
        ms,
    } = from_js(entry, "logLine")?;
    Ok(pipeline::log_line(
        &method,
        &path,
        query.as_deref(),
        status,
        ms,
    ))
}

/// The [`BodyLimits`] a front end enforces while reading (see
/// [`crate::http::body_limits`]).
#[wasm_bindgen(js_name = bodyLimits)]
pub fn body_limits() -> Result<JsValue, JsError> {
    to_js(&BodyLimits {
        max_body: MAX_BODY as f64,
        drain_limit: DRAIN_LIMIT as f64,
        drain_ms: DRAIN_MS as f64,
        read_ms: READ_MS as f64,
    })
}
