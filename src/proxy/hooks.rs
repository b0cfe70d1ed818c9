//! The JavaScript side of the proxy's options: `beforeSend`, `onVerified`, a `LimitStore`
//! and a `now` clock, called from Rust.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::error::Error;
use crate::js::to_object;
use crate::response::Verification;
use js_sys::{Function, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Request, Response};

use super::limiter::Decision;

/// The function-valued options.
pub struct Hooks {
    before_send: Option<Function>,
    on_verified: Option<Function>,
    store: Option<(Object, Function)>,
    now: Option<Function>,
}

/// Why a hook could not give an answer.
pub struct HookFailed;

impl Hooks {
    /// Reads the hooks from the options object, by name.
    pub fn from_options(options: &JsValue) -> Result<Hooks, Error> {
        let function = |name: &str| -> Result<Option<Function>, Error> {
            let value =
                Reflect::get(options, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
            if value.is_undefined() || value.is_null() {
                return Ok(None);
            }
            value
                .dyn_into::<Function>()
                .map(Some)
                .map_err(|_| Error::invalid(name, "must be a function"))
        };
        let store =
            Reflect::get(options, &JsValue::from_str("store")).unwrap_or(JsValue::UNDEFINED);
        let store = if store.is_undefined() || store.is_null() {
            None
        } else {
            let hit = Reflect::get(&store, &JsValue::from_str("hit"))
                .ok()
                .and_then(|hit| hit.dyn_into::<Function>().ok())
                .ok_or_else(|| Error::invalid("store", "must be a LimitStore: an object with a hit(key, max, windowSeconds) method"))?;
            Some((store.unchecked_into::<Object>(), hit))
        };
        Ok(Hooks {
            before_send: function("beforeSend")?,
            on_verified: function("onVerified")?,
            store,
            now: function("now")?,
        })
    }

    /// The clock, in milliseconds: `now()` when given, else `Date.now()`.
    pub fn now_ms(&self) -> i64 {
        self.now
            .as_ref()
            .and_then(|now| now.call0(&JsValue::UNDEFINED).ok())
            .and_then(|ms| ms.as_f64())
            .filter(|ms| ms.is_finite())
            .unwrap_or_else(js_sys::Date::now) as i64
    }

    /// Whether limits go to a user store rather than the in-memory limiter.
    pub fn has_store(&self) -> bool {
        self.store.is_some()
    }

    /// `store.hit(key, max, windowSeconds)`.
    pub async fn store_hit(
        &self,
        key: &str,
        max: u32,
        window_seconds: u32,
    ) -> Result<Decision, HookFailed> {
        let (store, hit) = self.store.as_ref().ok_or(HookFailed)?;
        let answer = hit
            .call3(
                store,
                &JsValue::from_str(key),
                &JsValue::from(max),
                &JsValue::from(window_seconds),
            )
            .map_err(|_| HookFailed)?;
        let answer = JsFuture::from(js_sys::Promise::resolve(&answer))
            .await
            .map_err(|_| HookFailed)?;
        let allowed =
            Reflect::get(&answer, &JsValue::from_str("allowed")).map_err(|_| HookFailed)?;
        let retry = Reflect::get(&answer, &JsValue::from_str("retryAfterSeconds"))
            .map_err(|_| HookFailed)?;
        Ok(Decision {
            allowed: allowed.as_bool().ok_or(HookFailed)?,
            retry_after_seconds: retry
                .as_f64()
                .filter(|s| s.is_finite() && *s >= 0.0)
                .map_or(1, crate::mapping::ceil_seconds),
        })
    }

    /// `beforeSend({ request, destination, country, clientIp })`: a `Response` answers instead.
    pub async fn before_send(
        &self,
        request: &Request,
        destination: &str,
        country: &str,
        client_ip: Option<&str>,
    ) -> Result<Option<Response>, HookFailed> {
        let Some(hook) = &self.before_send else {
            return Ok(None);
        };
        let context = Object::new();
        let set = |k: &str, v: &JsValue| {
            Reflect::set(&context, &JsValue::from_str(k), v).map_err(|_| HookFailed)
        };
        set("request", request)?;
        set("destination", &JsValue::from_str(destination))?;
        set("country", &JsValue::from_str(country))?;
        if let Some(ip) = client_ip {
            set("clientIp", &JsValue::from_str(ip))?;
        }
        settle(hook.call1(&JsValue::UNDEFINED, &context)).await
    }

    /// Whether `onVerified` is set.
    pub fn wants_verified(&self) -> bool {
        self.on_verified.is_some()
    }

    /// `onVerified(verification, request)`: a `Response` answers instead.
    pub async fn on_verified(
        &self,
        verification: &Verification,
        request: &Request,
    ) -> Result<Option<Response>, HookFailed> {
        let Some(hook) = &self.on_verified else {
            return Ok(None);
        };
        settle(hook.call2(
            &JsValue::UNDEFINED,
            &to_object(&verification.to_value()),
            request,
        ))
        .await
    }
}

/// Awaits a hook's result: `undefined` (carry on) or a `Response` (answer with it).
async fn settle(called: Result<JsValue, JsValue>) -> Result<Option<Response>, HookFailed> {
    let value = JsFuture::from(js_sys::Promise::resolve(&called.map_err(|_| HookFailed)?))
        .await
        .map_err(|_| HookFailed)?;
    Ok(value.dyn_into::<Response>().ok())
}
