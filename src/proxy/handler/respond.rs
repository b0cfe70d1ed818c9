//! Responses: every one `Cache-Control:
//! no-store` and `nosniff`, with the CORS headers an allowed origin needs; a hook's own
//! response re-issued with those headers added.

use super::incoming::Cors;
use gloo_net::http::{Headers, Response};
use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::ReadableStream;

/// The headers every response carries, for `cors`.
pub fn base_headers(cors: &Cors) -> Headers {
    let headers = Headers::new();
    headers.set("cache-control", "no-store");
    headers.set("x-content-type-options", "nosniff");
    if let Cors::Allowed(origin) = cors {
        headers.set("access-control-allow-origin", origin);
        // The page may send its cookies, so `onVerified` knows who verified: only ever for
        // an exact origin of `allowedOrigins` (never `*`).
        headers.set("access-control-allow-credentials", "true");
        headers.set("vary", "Origin");
        headers.set("access-control-expose-headers", "Retry-After, Date");
    }
    headers
}

/// A response of `status` with `headers` and, when given, a JSON body.
pub fn build(status: u16, headers: Headers, json: Option<&str>) -> Option<web_sys::Response> {
    if json.is_some() {
        headers.set("content-type", "application/json");
    }
    // web-sys's own constructor: gloo-net's `ResponseBuilder` would make a `Headers` of
    // its own first, only to replace it.
    let init = web_sys::ResponseInit::new();
    init.set_status(status);
    init.set_headers(&headers.into_raw());
    web_sys::Response::new_with_opt_str_and_init(json, &init).ok()
}

/// Whether a hook's answer is a response: a `Response` of this realm, or anything shaped
/// like one (another realm's, a ponyfill's) — an integer `status` from 200 to 599 and
/// `headers`. Anything else (`false`, a plain object, a string) is a mistake.
pub fn is_response(value: &JsValue) -> bool {
    if value.is_instance_of::<web_sys::Response>() {
        return true;
    }
    let status = Reflect::get(value, &JsValue::from_str("status"))
        .ok()
        .and_then(|s| s.as_f64());
    let headers = Reflect::get(value, &JsValue::from_str("headers")).ok();
    value.is_object()
        && status.is_some_and(|s| s.fract() == 0.0 && (200.0..=599.0).contains(&s))
        && headers.is_some_and(|h| h.is_object())
}

/// A hook's response (checked by [`is_response`]) re-issued with `ours` added: its own
/// headers may be immutable, and it may come from another realm.
pub async fn reissue(hooked: &JsValue, ours: Headers) -> Option<web_sys::Response> {
    let status = Reflect::get(hooked, &JsValue::from_str("status"))
        .ok()?
        .as_f64()? as u16;
    let headers = Headers::new();
    let theirs = Reflect::get(hooked, &JsValue::from_str("headers")).ok()?;
    if let Ok(Some(entries)) = js_sys::try_iter(&theirs) {
        for entry in entries.flatten() {
            let pair: js_sys::Array = entry.dyn_into().ok()?;
            headers.append(&pair.get(0).as_string()?, &pair.get(1).as_string()?);
        }
    }
    for (name, value) in ours.entries() {
        headers.set(&name, &value);
    }
    let body = Reflect::get(hooked, &JsValue::from_str("body")).ok();
    let builder = Response::builder().status(status).headers(headers);
    let response = if matches!(status, 204 | 205 | 304) || body.as_ref().is_none_or(|b| b.is_null())
    {
        builder.body(None::<&str>)
    } else if let Some(stream) = body.as_ref().and_then(|b| b.dyn_ref::<ReadableStream>()) {
        builder.body(Some(stream))
    } else {
        // Another realm's stream: read the whole body through its own `text()`.
        let text: Function = Reflect::get(hooked, &JsValue::from_str("text"))
            .ok()?
            .dyn_into()
            .ok()?;
        let promise = text.call0(hooked).ok()?;
        let text = JsFuture::from(js_sys::Promise::resolve(&promise))
            .await
            .ok()?
            .as_string()?;
        builder.body(Some(text.as_str()))
    };
    response.ok().map(web_sys::Response::from)
}
