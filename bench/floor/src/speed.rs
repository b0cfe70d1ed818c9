//! The speed floor: the least a proxy and a client can do per request on the user's stack
//! (`future_to_promise`, gloo-net's `fetch(new Request(url, init))`, `JSON.parse` /
//! `JSON.stringify` with serde-wasm-bindgen), doing the plain-JS baselines' work and no
//! more: no option or field checks beyond reading the fields, no limits, hooks, events,
//! replay records or error mapping. `bench/floor-speed.mjs` measures them against the
//! baselines (`bench/baseline-proxy.mjs`, `bench/baseline-client.mjs`) and the package, in
//! one process, so BENCHMARKS.md can say which part of `proxy.ratio` and `calls.ratio` the
//! stack sets. Not part of the package.
//!
//! Each comes in two codecs for the JSON on the wire (8x8's bodies, the proxy's answer):
//! the runtime's `JSON` with serde-wasm-bindgen, as the package does, or serde_json inside
//! the wasm (gloo-net's `json` feature uses it), as the package did before issue 18. The
//! client's own arguments and results cross by serde-wasm-bindgen in both.

use gloo_net::http::{Request as Outgoing, RequestBuilder};
use js_sys::{Function, Promise, Reflect, JSON};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::{AbortController, Headers, Request, Response, ResponseInit};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: u32) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
}

const TIMEOUT_MS: u32 = 10_000;

/// What the browser (proxy) or the caller (client) sends to start.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Start {
    destination: String,
    #[serde(default)]
    brand: Option<String>,
    #[serde(default)]
    code_length: Option<u8>,
    #[serde(default)]
    channel: Option<String>,
}

/// The body sent to 8x8.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Upstream<'a> {
    destination: &'a str,
    channel: &'a str,
    code_length: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    brand: Option<&'a str>,
}

/// 8x8's session, as read and as passed on.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Session {
    session_id: String,
    verify_uri: String,
    destination: String,
    status: String,
    attempt: u32,
    expires_at: Option<String>,
    retry_after: Option<String>,
}

fn error(message: impl ToString) -> JsValue {
    js_sys::Error::new(&message.to_string()).into()
}

/// `POST {base}/sessions` (the body comes later).
fn start_request(base: &str, authorization: &str) -> RequestBuilder {
    Outgoing::post(&format!("{base}/sessions"))
        .header("accept", "application/json")
        .header("authorization", authorization)
        .header("content-type", "application/json")
}

/// `GET {base}/sessions/{id}?code={code}`.
fn check_request(base: &str, authorization: &str, id: &str, code: &str) -> RequestBuilder {
    Outgoing::get(&format!("{base}/sessions/{id}?code={code}"))
        .header("accept", "application/json")
        .header("authorization", authorization)
}

/// How JSON on the wire is read and written.
#[derive(Clone, Copy)]
enum Codec {
    /// `JSON.parse` / `JSON.stringify`, the value crossing by serde-wasm-bindgen.
    Runtime,
    /// serde_json inside the wasm; only the text crosses.
    SerdeJson,
}

impl Codec {
    fn from_flag(serde_json: bool) -> Codec {
        if serde_json {
            Codec::SerdeJson
        } else {
            Codec::Runtime
        }
    }

    fn write<T: Serialize>(self, value: &T) -> Result<String, JsValue> {
        match self {
            Codec::Runtime => Ok(JSON::stringify(&serde_wasm_bindgen::to_value(value)?)?.into()),
            Codec::SerdeJson => serde_json::to_string(value).map_err(error),
        }
    }

    fn read<T: for<'de> Deserialize<'de>>(self, text: &str) -> Result<T, JsValue> {
        match self {
            Codec::Runtime => Ok(serde_wasm_bindgen::from_value(JSON::parse(text)?)?),
            Codec::SerdeJson => serde_json::from_str(text).map_err(error),
        }
    }
}

fn upstream_body(start: &Start, codec: Codec) -> Result<String, JsValue> {
    let body = Upstream {
        destination: &start.destination,
        channel: start.channel.as_deref().unwrap_or("sms"),
        code_length: start.code_length.unwrap_or(6),
        brand: start.brand.as_deref(),
    };
    codec.write(&body)
}

/// Sends `builder` (with a body, or none) under a deadline, as the baselines do (an
/// `AbortController`, a timer cleared after), and reads the session from the answer.
async fn exchange(
    builder: RequestBuilder,
    body: Option<String>,
    codec: Codec,
) -> Result<(u16, Session), JsValue> {
    let controller = AbortController::new()?;
    let abort: Function = Reflect::get(&controller, &"abort".into())?.dyn_into()?;
    let timer = set_timeout(&abort.bind0(&controller), TIMEOUT_MS);
    let builder = builder.abort_signal(Some(&controller.signal()));
    let request = match body {
        Some(body) => builder.body(body),
        None => builder.build(),
    }
    .map_err(error)?;
    let answer = async {
        let response = request.send().await.map_err(error)?;
        let text = response.text().await.map_err(error)?;
        Ok::<_, JsValue>((response.status(), text))
    }
    .await;
    clear_timeout(&timer);
    let (status, text) = answer?;
    Ok((status, codec.read(&text)?))
}

/// A proxy that forwards the browser's start and check to 8x8 and passes the session on
/// with its destination masked and its `verifyUri` pointing at the proxy.
#[wasm_bindgen]
pub struct FloorProxy {
    base: String,
    authorization: String,
    sessions_path: String,
    codec: Codec,
}

#[wasm_bindgen]
impl FloorProxy {
    /// A proxy to `upstream_url` for `sub_account_id`, served under `/api/verify`; JSON by
    /// serde_json inside the wasm when `serde_json` is true.
    #[wasm_bindgen(constructor)]
    pub fn new(
        upstream_url: &str,
        sub_account_id: &str,
        api_key: &str,
        serde_json: bool,
    ) -> FloorProxy {
        FloorProxy {
            base: format!("{upstream_url}/api/v2/subaccounts/{sub_account_id}"),
            authorization: format!("Bearer {api_key}"),
            sessions_path: "/api/verify/sessions".into(),
            codec: Codec::from_flag(serde_json),
        }
    }

    /// Answers one request.
    pub fn fetch(&self, request: Request) -> Promise {
        let base = self.base.clone();
        let authorization = self.authorization.clone();
        let sessions_path = self.sessions_path.clone();
        let codec = self.codec;
        future_to_promise(async move {
            let url = request.url();
            let path = url
                .find(&sessions_path)
                .map(|at| &url[at + sessions_path.len()..]);
            let (builder, body) = match (request.method().as_str(), path) {
                ("POST", Some("")) => {
                    let text = JsFuture::from(request.text()?).await?;
                    let start: Start = codec.read(&text.as_string().unwrap_or_default())?;
                    let body = upstream_body(&start, codec)?;
                    (start_request(&base, &authorization), Some(body))
                }
                ("GET", Some(rest)) => {
                    let rest = rest.strip_prefix('/').ok_or_else(|| error("not found"))?;
                    let (id, query) = rest.split_once('?').unwrap_or((rest, ""));
                    let code = query.strip_prefix("code=").unwrap_or_default();
                    (check_request(&base, &authorization, id, code), None)
                }
                _ => return Err(error("not found")),
            };
            let (status, mut session) = exchange(builder, body, codec).await?;
            session.verify_uri = format!("{sessions_path}/{}", session.session_id);
            session.destination = mask(&session.destination);
            let body = codec.write(&session)?;
            let headers = Headers::new()?;
            headers.set("content-type", "application/json")?;
            headers.set("cache-control", "no-store")?;
            let init = ResponseInit::new();
            init.set_status(status);
            init.set_headers(&headers);
            Ok(Response::new_with_opt_str_and_init(Some(&body), &init)?.into())
        })
    }
}

/// All but the last four digits as `*`.
fn mask(destination: &str) -> String {
    let keep = destination.len().saturating_sub(4);
    destination
        .char_indices()
        .map(|(at, c)| {
            if at < keep && c.is_ascii_digit() {
                '*'
            } else {
                c
            }
        })
        .collect()
}

/// A client that starts a verification and checks a code, returning 8x8's session.
#[wasm_bindgen]
pub struct FloorClient {
    base: String,
    authorization: String,
    codec: Codec,
}

#[wasm_bindgen]
impl FloorClient {
    /// A client of `base_url` for `sub_account_id`; 8x8's JSON by serde_json inside the
    /// wasm when `serde_json` is true.
    #[wasm_bindgen(constructor)]
    pub fn new(
        base_url: &str,
        sub_account_id: &str,
        api_key: &str,
        serde_json: bool,
    ) -> FloorClient {
        FloorClient {
            base: format!("{base_url}/api/v2/subaccounts/{sub_account_id}"),
            authorization: format!("Bearer {api_key}"),
            codec: Codec::from_flag(serde_json),
        }
    }

    /// Sends a code to `request.destination`; resolves to the session.
    #[wasm_bindgen(js_name = startVerification)]
    pub fn start_verification(&self, request: JsValue) -> Promise {
        let base = self.base.clone();
        let authorization = self.authorization.clone();
        let codec = self.codec;
        future_to_promise(async move {
            let start: Start = serde_wasm_bindgen::from_value(request)?;
            let body = upstream_body(&start, codec)?;
            let (_, session) =
                exchange(start_request(&base, &authorization), Some(body), codec).await?;
            Ok(serde_wasm_bindgen::to_value(&session)?)
        })
    }

    /// Checks `code`; resolves to the session.
    #[wasm_bindgen(js_name = checkCode)]
    pub fn check_code(&self, session_id: String, code: String) -> Promise {
        let builder = check_request(&self.base, &self.authorization, &session_id, &code);
        let codec = self.codec;
        future_to_promise(async move {
            let (_, session) = exchange(builder, None, codec).await?;
            Ok(serde_wasm_bindgen::to_value(&session)?)
        })
    }
}
