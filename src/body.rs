//! HTTP bodies as JSON text, to and from the serde types. Native builds use serde_json;
//! wasm (the browser's and the server's) lets the runtime's `JSON.parse` /
//! `JSON.stringify` do it and converts with serde-wasm-bindgen, which it carries anyway,
//! so neither download has a second JSON implementation (serde_json, and a second copy
//! of every serde impl monomorphised for it, cost the server wasm 21 KB gzipped).

use serde::de::DeserializeOwned;
use serde::Serialize;

/// The value of a JSON body, or `None` when it is not JSON of that shape.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn decode<T: DeserializeOwned>(text: &str) -> Option<T> {
    serde_json::from_str(text).ok()
}

/// The JSON text of `value`.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn encode<T: Serialize>(value: &T) -> String {
    // Our types hold only strings, integers, finite floats and booleans: nothing
    // serde_json can refuse.
    serde_json::to_string(value).unwrap_or_default()
}

/// The value of a JSON body, or `None` when it is not JSON of that shape.
#[cfg(target_arch = "wasm32")]
pub(crate) fn decode<T: DeserializeOwned>(text: &str) -> Option<T> {
    let value = js_sys::JSON::parse(text).ok()?;
    serde_wasm_bindgen::from_value(value).ok()
}

/// The JSON text of `value`. No body type holds a map (serde-wasm-bindgen would make it
/// a `Map`, which `JSON.stringify` writes as `{}`).
#[cfg(target_arch = "wasm32")]
pub(crate) fn encode<T: Serialize>(value: &T) -> String {
    serde_wasm_bindgen::to_value(value)
        .ok()
        .and_then(|v| js_sys::JSON::stringify(&v).ok())
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}
