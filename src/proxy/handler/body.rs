//! The browser's body, read as it streams in and refused as soon as it passes the cap
//! (by `Content-Length` when sent, by counting bytes in every case) or the deadline (a
//! client that trickles its body holds nothing open for long). A body of declared length is
//! read in one call (the runtime's server ends it there); any other is read chunk by chunk.

use super::super::reply::Reject;
use super::deadline::{within, Missed};
use gloo_net::http::Headers;
use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{ReadableStreamDefaultReader, Request};

/// Largest browser body read.
pub const MAX_BODY: usize = 4096;

/// The body as UTF-8 text, at most [`MAX_BODY`] bytes, read within `deadline_ms`.
pub async fn read(
    request: &Request,
    headers: &Headers,
    deadline_ms: f64,
) -> Result<String, Reject> {
    let ends_at = js_sys::Date::now() + deadline_ms;
    let declared = headers
        .get("content-length")
        .and_then(|n| n.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY as u64) {
        return Err(Reject::too_large(MAX_BODY));
    }
    let Some(stream) = request.body() else {
        return Ok(String::new());
    };
    if declared.is_some() {
        // The runtime's HTTP server ends the body at its declared length: one read.
        let text = request.text().map_err(|_| Reject::malformed())?;
        return match within(&text, deadline_ms).await {
            Ok(text) => text
                .as_string()
                .filter(|text| text.len() <= MAX_BODY)
                .ok_or_else(|| Reject::too_large(MAX_BODY)),
            Err(Missed::TimedOut) => Err(Reject::timed_out("body_timeout")),
            Err(Missed::Rejected(_)) => Err(Reject::malformed()),
        };
    }
    let reader: ReadableStreamDefaultReader = stream
        .get_reader()
        .dyn_into()
        .map_err(|_| Reject::malformed())?;
    let mut bytes = Vec::new();
    loop {
        let chunk = match within(&reader.read(), ends_at - js_sys::Date::now()).await {
            Ok(chunk) => chunk,
            Err(Missed::TimedOut) => {
                let _ = reader.cancel();
                return Err(Reject::timed_out("body_timeout"));
            }
            Err(Missed::Rejected(_)) => return Err(Reject::malformed()),
        };
        if Reflect::get(&chunk, &JsValue::from_str("done"))
            .ok()
            .and_then(|d| d.as_bool())
            .unwrap_or(true)
        {
            break;
        }
        let value =
            Reflect::get(&chunk, &JsValue::from_str("value")).map_err(|_| Reject::malformed())?;
        let value: Uint8Array = value.dyn_into().map_err(|_| Reject::malformed())?;
        if bytes.len() + value.length() as usize > MAX_BODY {
            let _ = reader.cancel();
            return Err(Reject::too_large(MAX_BODY));
        }
        bytes.extend_from_slice(&value.to_vec());
    }
    String::from_utf8(bytes).map_err(|_| Reject::malformed())
}
