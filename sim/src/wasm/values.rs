//! The named values that cross the wasm boundary, as serde structs converted by
//! serde-wasm-bindgen (camelCase in JavaScript). Bytes cross as `Uint8Array`
//! (kept as JavaScript values by `serde_wasm_bindgen::preserve`).

use js_sys::Uint8Array;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

/// `new Simulator(options)`: `createSimulator`'s options, defaults applied by the
/// JavaScript layer; also what the command line says (in [`CliConfig`]).
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SimulatorOptions {
    /// Clients must send `Authorization: Bearer {apiKey}`.
    pub api_key: String,
    /// The only subaccount id this "account" owns.
    pub sub_account_id: String,
    /// Requests per second per subaccount (0: off); a whole number.
    pub rate_limit: f64,
    /// Answer browsers from any origin.
    pub cors: bool,
}

/// `simulator.respond(admission, request)`: one request, its body read.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IncomingRequest {
    /// The HTTP method.
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The query, without `?`.
    #[serde(default)]
    pub query: Option<String>,
    /// The `Authorization` header.
    #[serde(default)]
    pub authorization: Option<String>,
    /// The `Content-Type` header.
    #[serde(default)]
    pub content_type: Option<String>,
    /// The `Origin` header.
    #[serde(default)]
    pub origin: Option<String>,
    /// The body as a `Uint8Array`, or `undefined` unless it was read whole.
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    pub body: JsValue,
    /// Whether the body went past the cap (then `body` is `undefined`).
    #[serde(default)]
    pub too_large: bool,
    /// The real time, in ms since the epoch (the simulator's clock adds its offset).
    pub now: f64,
    /// How clients reach this simulator (`http://127.0.0.1:PORT`), for SMA URLs.
    pub base_url: String,
}

/// What `respond` answers.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Answer {
    /// Close the connection before any byte (a `drop` fault); the rest is empty then.
    pub dropped: bool,
    /// The HTTP status (0 when dropped).
    pub status: u16,
    /// `[name, value]` pairs, in order.
    pub headers: Vec<(String, String)>,
    /// The body.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    pub body: Uint8Array,
}

/// The command line, parsed (`parseArgs`): where to listen, and the simulator's options.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CliConfig {
    /// The address to listen on.
    pub host: String,
    /// The port (0: any free port).
    pub port: u16,
    /// `--api-key`, `--sub-account`, `--rate-limit`, `--cors`.
    pub options: SimulatorOptions,
}

/// `logLine(entry)`: one line of the request log.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LogEntry {
    /// The HTTP method.
    pub method: String,
    /// The path.
    pub path: String,
    /// The query (its `code` value is redacted in the line).
    #[serde(default)]
    pub query: Option<String>,
    /// The status; `undefined` for a dropped connection.
    #[serde(default)]
    pub status: Option<u16>,
    /// The latency in milliseconds.
    pub ms: f64,
}

/// `bodyLimits()`: what a front end enforces while reading a body.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BodyLimits {
    /// Largest body answered other than 413, in bytes.
    pub max_body: f64,
    /// Bytes drained past the cap before the connection is closed.
    pub drain_limit: f64,
    /// How long a drain may take, in ms.
    pub drain_ms: f64,
    /// How long reading a body may take, in ms.
    pub read_ms: f64,
}
