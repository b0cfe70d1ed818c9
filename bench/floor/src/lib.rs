//! One call on the user's stack, and nothing else (see Cargo.toml).

#[cfg(feature = "speed")]
pub mod speed;

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

/// What JavaScript passes in.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Start {
    destination: String,
}

/// What JavaScript gets back.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    session_id: String,
    status: String,
}

/// POSTs `{ destination }` and returns 8x8's session.
#[wasm_bindgen(js_name = startVerification)]
pub async fn start_verification(request: JsValue) -> Result<JsValue, JsValue> {
    let request: Start = serde_wasm_bindgen::from_value(request)?;
    let response =
        gloo_net::http::Request::post("https://verify.8x8.com/api/v2/subaccounts/x/sessions")
            .header("content-type", "application/json")
            .body(request.destination)
            .map_err(|e| JsValue::from_str(&e.to_string()))?
            .send()
            .await
            .map_err(|e| JsValue::from_str(&e.to_string()))?;
    let text = response
        .text()
        .await
        .map_err(|e| JsValue::from_str(&e.to_string()))?;
    let session: Session = serde_wasm_bindgen::from_value(js_sys::JSON::parse(&text)?)?;
    Ok(serde_wasm_bindgen::to_value(&session)?)
}
