//! The JavaScript surface of the wasm module. The npm package's shim wraps these: it
//! passes options and requests as JSON text (one copy across the boundary, not one
//! crossing per field), parses the JSON text results, turns the error descriptors they
//! reject with (JSON text too) into `VerifyError`s, and adds the `VerifyClient` class.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::api::{self, HttpRequest};
use crate::error::Error;
use crate::json::{self, ObjectBuilder, Value};
use crate::options::{ClientOptions, Endpoint};
use crate::request::{SmaCoverageRequest, StartVerificationRequest};
use crate::transport;
use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::future_to_promise;
use web_sys::AbortSignal;

/// The crate version, e.g. `"0.1.0"`.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// `startVerification(optionsJson, requestJson, call?)`.
#[wasm_bindgen(js_name = startVerification)]
pub fn start_verification(options: JsValue, request: JsValue, call: JsValue) -> Promise {
    dispatch(Reading::Verification, || {
        let endpoint = endpoint(&options)?;
        let request = StartVerificationRequest::from_value(&data(&request, "request")?)?;
        Ok((api::start(&endpoint, &request)?, endpoint, signal(&call)?))
    })
}

/// `checkCode(optionsJson, sessionId, code, call?)`.
#[wasm_bindgen(js_name = checkCode)]
pub fn check_code(options: JsValue, session_id: JsValue, code: JsValue, call: JsValue) -> Promise {
    dispatch(Reading::CodeCheck, || {
        let endpoint = endpoint(&options)?;
        let session_id = string_arg(&session_id, "sessionId")?;
        let code = string_arg(&code, "code")?;
        Ok((
            api::check(&endpoint, &session_id, &code)?,
            endpoint,
            signal(&call)?,
        ))
    })
}

/// `getVerification(optionsJson, sessionId, call?)`.
#[wasm_bindgen(js_name = getVerification)]
pub fn get_verification(options: JsValue, session_id: JsValue, call: JsValue) -> Promise {
    dispatch(Reading::Verification, || {
        let endpoint = endpoint(&options)?;
        let session_id = string_arg(&session_id, "sessionId")?;
        Ok((api::get(&endpoint, &session_id)?, endpoint, signal(&call)?))
    })
}

/// `checkSmaCoverage(optionsJson, requestJson, call?)`.
#[wasm_bindgen(js_name = checkSmaCoverage)]
pub fn check_sma_coverage(options: JsValue, request: JsValue, call: JsValue) -> Promise {
    dispatch(Reading::SmaCoverage, || {
        let endpoint = endpoint(&options)?;
        let request = SmaCoverageRequest::from_value(&data(&request, "request")?)?;
        Ok((
            api::sma_coverage(&endpoint, &request)?,
            endpoint,
            signal(&call)?,
        ))
    })
}

/// `validateClientOptions(optionsJson)`: throws the descriptor of the first broken rule.
#[wasm_bindgen(js_name = validateClientOptions)]
pub fn validate_client_options(options: JsValue) -> Result<(), JsValue> {
    endpoint(&options).map(|_| ()).map_err(|e| error_to_js(&e))
}

/// How a successful response is read.
#[derive(Clone, Copy)]
enum Reading {
    Verification,
    CodeCheck,
    SmaCoverage,
}

type Prepared = (HttpRequest, Endpoint, Option<AbortSignal>);

/// Checks everything synchronously, then runs the one shared request future. (One
/// future for all four operations keeps the wasm small: each async fn is a state
/// machine with everything it calls inlined.)
fn dispatch(reading: Reading, prepare: impl FnOnce() -> Result<Prepared, Error>) -> Promise {
    match prepare() {
        Ok((http, endpoint, signal)) => {
            future_to_promise(execute(http, endpoint.timeout_ms(), signal, reading))
        }
        Err(e) => Promise::reject(&error_to_js(&e)),
    }
}

async fn execute(
    http: HttpRequest,
    timeout_ms: u32,
    signal: Option<AbortSignal>,
    reading: Reading,
) -> Result<JsValue, JsValue> {
    let read = async {
        let response = transport::send(&http, timeout_ms, signal.as_ref()).await?;
        let now = transport::now_ms();
        match reading {
            Reading::Verification => {
                api::read(&response, now, api::verification).map(|v| v.to_value())
            }
            Reading::CodeCheck => api::read(&response, now, api::code_check).map(|c| c.to_value()),
            Reading::SmaCoverage => api::read(&response, now, api::sma).map(|c| c.to_value()),
        }
    };
    read.await
        .map(|v| JsValue::from_str(&v.to_json()))
        .map_err(|e| error_to_js(&e))
}

fn endpoint(options: &JsValue) -> Result<Endpoint, Error> {
    ClientOptions::from_value(&data(options, "options")?)?.validate()
}

/// Data the shim passed as JSON text (it serialises with `JSON.stringify`).
pub(crate) fn data(json: &JsValue, name: &str) -> Result<Value, Error> {
    json.as_string()
        .as_deref()
        .and_then(json::parse)
        .ok_or_else(|| Error::invalid(name, "must be plain data"))
}

fn string_arg(value: &JsValue, name: &str) -> Result<String, Error> {
    value
        .as_string()
        .ok_or_else(|| Error::invalid(name, "must be a string"))
}

/// Reads `{ signal?: AbortSignal }`, rejecting unknown names.
fn signal(call: &JsValue) -> Result<Option<AbortSignal>, Error> {
    if call.is_undefined() || call.is_null() {
        return Ok(None);
    }
    if !call.is_object() {
        return Err(Error::invalid("call", "must be an object like { signal }"));
    }
    let mut signal = None;
    for key in js_sys::Object::keys(call.unchecked_ref::<js_sys::Object>()).iter() {
        let name = key.as_string().unwrap_or_default();
        if name != "signal" {
            return Err(Error::invalid(name, "is not a known call option"));
        }
        let value = js_sys::Reflect::get(call, &key).unwrap_or(JsValue::UNDEFINED);
        if value.is_undefined() || value.is_null() {
            continue;
        }
        let value: AbortSignal = value
            .dyn_into()
            .map_err(|_| Error::invalid("signal", "must be an AbortSignal"))?;
        signal = Some(value);
    }
    Ok(signal)
}

/// The descriptor (JSON text) an error crosses the boundary as; the shim makes it a `VerifyError`.
pub(crate) fn error_to_js(error: &Error) -> JsValue {
    let d = error.details();
    let number = |n: Option<f64>| n.map(Value::Number);
    let descriptor = ObjectBuilder::new()
        .field("code", Value::string(error.code()))
        .field("message", Value::string(d.message.as_str()))
        .field("retryable", Value::Bool(error.is_retryable()))
        .optional("status", number(d.status.map(f64::from)))
        .optional("apiCode", number(d.api_code.map(|c| c as f64)))
        .optional("errorId", d.error_id.clone().map(Value::String))
        .optional(
            "retryAfterSeconds",
            number(d.retry_after_seconds.map(|s| s as f64)),
        )
        .optional("field", d.field.clone().map(Value::String))
        .build();
    JsValue::from_str(&descriptor.to_json())
}

/// A JavaScript object for `value` (for the proxy's hooks).
#[cfg(feature = "proxy")]
pub(crate) fn to_object(value: &Value) -> JsValue {
    js_sys::JSON::parse(&value.to_json()).unwrap_or(JsValue::NULL)
}
