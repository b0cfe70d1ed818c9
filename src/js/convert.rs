//! JavaScript values ↔ [`Value`], and JSON text through JavaScript's own `JSON`.
//!
//! Conversion is bounded (depth and width), so a hostile body cannot exhaust the wasm
//! stack or memory.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::json::Value;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

const MAX_DEPTH: u8 = 16;
const MAX_WIDTH: u32 = 256;

/// Reads a JavaScript value. Keys holding `undefined` are omitted; functions, symbols,
/// BigInts and anything deeper or wider than the limits become [`Value::Unsupported`].
pub fn from_js(value: &JsValue) -> Value {
    read(value, 0)
}

fn read(value: &JsValue, depth: u8) -> Value {
    if value.is_null() {
        return Value::Null;
    }
    if let Some(b) = value.as_bool() {
        return Value::Bool(b);
    }
    if let Some(n) = value.as_f64() {
        return Value::Number(n);
    }
    if let Some(s) = value.as_string() {
        return Value::String(s);
    }
    if depth >= MAX_DEPTH || !value.is_object() {
        return Value::Unsupported;
    }
    if Array::is_array(value) {
        let array: &Array = value.unchecked_ref();
        if array.length() > MAX_WIDTH {
            return Value::Unsupported;
        }
        return Value::Array(array.iter().map(|item| read(&item, depth + 1)).collect());
    }
    let keys = Object::keys(value.unchecked_ref::<Object>());
    if keys.length() > MAX_WIDTH {
        return Value::Unsupported;
    }
    let mut members = Vec::with_capacity(keys.length() as usize);
    for key in keys.iter() {
        let Some(name) = key.as_string() else {
            continue;
        };
        match Reflect::get(value, &key) {
            Ok(member) if member.is_undefined() => {}
            Ok(member) => members.push((name, read(&member, depth + 1))),
            // A throwing getter reads as unsupported rather than escaping as an exception.
            Err(_) => members.push((name, Value::Unsupported)),
        }
    }
    Value::Object(members)
}

/// Builds the JavaScript value.
pub fn to_js(value: &Value) -> JsValue {
    match value {
        Value::Null | Value::Unsupported => JsValue::NULL,
        Value::Bool(b) => JsValue::from_bool(*b),
        Value::Number(n) => JsValue::from_f64(*n),
        Value::String(s) => JsValue::from_str(s),
        Value::Array(items) => items.iter().map(to_js).collect::<Array>().into(),
        Value::Object(members) => {
            let object = Object::new();
            for (key, member) in members {
                let _ = Reflect::set(&object, &JsValue::from_str(key), &to_js(member));
            }
            object.into()
        }
    }
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = JSON, js_name = parse)]
    fn parse_js_string(text: &js_sys::JsString) -> Result<JsValue, JsValue>;
}

/// Parses a JavaScript string with `JSON.parse`, without copying it into wasm first.
pub fn parse_json_js(text: &js_sys::JsString) -> Option<Value> {
    parse_js_string(text).ok().map(|v| from_js(&v))
}

/// Prints JSON text with `JSON.stringify`.
pub fn stringify_json(value: &Value) -> String {
    js_sys::JSON::stringify(&to_js(value))
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}
