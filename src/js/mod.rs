//! The JavaScript surface of the wasm module. The npm package's shim wraps these:
//! it turns the plain error descriptors they reject with into `VerifyError`s and adds
//! the `VerifyClient` class.

pub(crate) mod convert;

use crate::client::Client;
use crate::error::Error;
use crate::json::{ObjectBuilder, Value};
use crate::options::ClientOptions;
use crate::request::{SmaCoverageRequest, StartVerificationRequest};
use convert::{from_js, to_js};
use std::future::Future;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

/// The crate version, e.g. `"0.1.0"`.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// `startVerification(options, request, call?)`.
#[wasm_bindgen(js_name = startVerification)]
pub async fn start_verification(
    options: JsValue,
    request: JsValue,
    call: JsValue,
) -> Result<JsValue, JsValue> {
    settle(async move {
        let client = client(&options)?;
        let request = StartVerificationRequest::from_value(&from_js(&request))?;
        let signal = signal(&call)?;
        Ok(client
            .start_verification(&request, signal.as_ref())
            .await?
            .to_value())
    })
    .await
}

/// `checkCode(options, sessionId, code, call?)`.
#[wasm_bindgen(js_name = checkCode)]
pub async fn check_code(
    options: JsValue,
    session_id: JsValue,
    code: JsValue,
    call: JsValue,
) -> Result<JsValue, JsValue> {
    settle(async move {
        let client = client(&options)?;
        let session_id = string_arg(&session_id, "sessionId")?;
        let code = string_arg(&code, "code")?;
        let signal = signal(&call)?;
        Ok(client
            .check_code(&session_id, &code, signal.as_ref())
            .await?
            .to_value())
    })
    .await
}

/// `getVerification(options, sessionId, call?)`.
#[wasm_bindgen(js_name = getVerification)]
pub async fn get_verification(
    options: JsValue,
    session_id: JsValue,
    call: JsValue,
) -> Result<JsValue, JsValue> {
    settle(async move {
        let client = client(&options)?;
        let session_id = string_arg(&session_id, "sessionId")?;
        let signal = signal(&call)?;
        Ok(client
            .get_verification(&session_id, signal.as_ref())
            .await?
            .to_value())
    })
    .await
}

/// `checkSmaCoverage(options, request, call?)`.
#[wasm_bindgen(js_name = checkSmaCoverage)]
pub async fn check_sma_coverage(
    options: JsValue,
    request: JsValue,
    call: JsValue,
) -> Result<JsValue, JsValue> {
    settle(async move {
        let client = client(&options)?;
        let request = SmaCoverageRequest::from_value(&from_js(&request))?;
        let signal = signal(&call)?;
        Ok(client
            .check_sma_coverage(&request, signal.as_ref())
            .await?
            .to_value())
    })
    .await
}

/// `validateClientOptions(options)`: throws the descriptor of the first broken rule.
#[wasm_bindgen(js_name = validateClientOptions)]
pub fn validate_client_options(options: JsValue) -> Result<(), JsValue> {
    client(&options).map(|_| ()).map_err(|e| error_to_js(&e))
}

/// Runs an operation, turning its error into the descriptor the shim expects.
async fn settle(operation: impl Future<Output = Result<Value, Error>>) -> Result<JsValue, JsValue> {
    operation
        .await
        .map(|v| to_js(&v))
        .map_err(|e| error_to_js(&e))
}

fn client(options: &JsValue) -> Result<Client, Error> {
    Client::new(&ClientOptions::from_value(&from_js(options))?)
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

/// The plain object an error crosses the boundary as; the shim makes it a `VerifyError`.
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
    to_js(&descriptor)
}
