//! The JavaScript side of the proxy's options — `beforeSend`, `onVerified`, `onEvent`, a
//! `LimitStore` and a `now` clock — called from Rust. A hook's answer is either nothing
//! (carry on) or a response; anything else fails closed, and so does one that takes
//! longer than the proxy's `timeoutMs` (as does a store).

use super::super::events::ProxyEvent;
use super::super::limiter::Decision;
use super::super::options::ProxyOptions;
use super::deadline::{store_call, within, Missed, StoreFailed};
use super::respond::is_response;
use super::upstream::log;
use crate::bindings::convert::to_js;
use crate::error::Error;
use crate::proxy::reply::Reject;
use crate::types::Verification;
use js_sys::{Function, Object, Promise, Reflect};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

/// The function-valued options.
pub struct Hooks {
    before_send: Option<Function>,
    on_verified: Option<Function>,
    on_event: Option<Function>,
    store: Option<(Object, Function)>,
    now: Option<Function>,
    /// How long a hook or the store may take, in milliseconds.
    deadline_ms: f64,
    /// Catches a rejected `onEvent` promise, so it never becomes an unhandled rejection.
    swallow: Closure<dyn FnMut(JsValue)>,
}

/// What a hook decided.
pub enum Verdict {
    /// Nothing: the request goes on.
    Continue,
    /// A response to send instead.
    Answer(JsValue),
    /// It threw or rejected.
    Threw,
    /// It answered something that is neither nothing nor a response.
    NotAResponse,
    /// It did not settle within the deadline.
    TimedOut,
}

impl Verdict {
    /// The verdict as a route sees it: go on (`None`), answer with the hook's response, or
    /// fail closed; `hook` names the hook in the log, `timeout` the reason of a deadline
    /// it missed.
    pub fn answer(self, hook: &str, timeout: &'static str) -> Result<Option<JsValue>, Reject> {
        match self {
            Verdict::Continue => Ok(None),
            Verdict::Answer(response) => Ok(Some(response)),
            Verdict::TimedOut => {
                log(&format!("{hook} did not settle in time; nothing was sent"));
                Err(Reject::timed_out(timeout))
            }
            Verdict::Threw => {
                log(&format!("{hook} threw or rejected"));
                Err(Reject::hook_failed("hook_failed"))
            }
            Verdict::NotAResponse => {
                log(&format!("{hook} answered something that is neither nothing nor a Response; nothing was sent"));
                Err(Reject::hook_failed("hook_result"))
            }
        }
    }
}

/// What `beforeSend` receives.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SendContext<'a> {
    #[serde(serialize_with = "as_itself")]
    request: &'a JsValue,
    destination: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    country: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    client_ip: Option<&'a str>,
}

/// A JavaScript value passed through serde-wasm-bindgen as itself.
fn as_itself<S: serde::Serializer>(value: &&JsValue, serializer: S) -> Result<S::Ok, S::Error> {
    serde_wasm_bindgen::preserve::serialize(*value, serializer)
}

/// What a `LimitStore` answers.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct StoreAnswer {
    allowed: bool,
    retry_after_seconds: Option<f64>,
}

impl Hooks {
    /// Takes the hooks out of the options, checking each is what its option must be;
    /// each call to one may take at most `deadline_ms`.
    pub fn new(options: &mut ProxyOptions, deadline_ms: u32) -> Result<Hooks, Error> {
        let store = match options.store.take() {
            None => None,
            Some(store) => {
                let hit = Reflect::get(&store, &JsValue::from_str("hit"))
                    .ok()
                    .and_then(|hit| hit.dyn_into::<Function>().ok())
                    .ok_or_else(|| {
                        Error::invalid(
                            "store",
                            "must be a LimitStore: an object with a hit(key, max, windowSeconds) method",
                        )
                    })?;
                Some((store.unchecked_into::<Object>(), hit))
            }
        };
        Ok(Hooks {
            before_send: function(options.before_send.take(), "beforeSend")?,
            on_verified: function(options.on_verified.take(), "onVerified")?,
            on_event: function(options.on_event.take(), "onEvent")?,
            store,
            now: function(options.now.take(), "now")?,
            deadline_ms: f64::from(deadline_ms),
            swallow: Closure::new(|_: JsValue| {}),
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
    ) -> Result<Decision, StoreFailed> {
        let (store, hit) = self.store.as_ref().ok_or(StoreFailed::Broken)?;
        let called = hit.call3(
            store,
            &JsValue::from_str(key),
            &max.into(),
            &window_seconds.into(),
        );
        let answer = store_call(called, self.deadline_ms).await?;
        let answer: StoreAnswer =
            serde_wasm_bindgen::from_value(answer).map_err(|_| StoreFailed::Broken)?;
        let retry = answer
            .retry_after_seconds
            .filter(|s| s.is_finite() && *s >= 0.0)
            .map_or(1, |s| s.ceil() as u64);
        Ok(Decision {
            allowed: answer.allowed,
            retry_after_seconds: if answer.allowed { 0 } else { retry.max(1) },
            store_full: false,
        })
    }

    /// `beforeSend({ request, destination, country, clientIp })`.
    pub async fn before_send(
        &self,
        request: &JsValue,
        destination: &str,
        country: Option<&str>,
        client_ip: Option<&str>,
    ) -> Verdict {
        let Some(hook) = &self.before_send else {
            return Verdict::Continue;
        };
        let context = to_js(&SendContext {
            request,
            destination,
            country,
            client_ip,
        });
        self.settle(hook.call1(&JsValue::UNDEFINED, &context)).await
    }

    /// Whether `onVerified` is set.
    pub fn wants_verified(&self) -> bool {
        self.on_verified.is_some()
    }

    /// Whether `onEvent` is given (the facts of an event are gathered only then).
    pub fn wants_events(&self) -> bool {
        self.on_event.is_some()
    }

    /// `onVerified(verification, request)`.
    pub async fn on_verified(&self, verification: &Verification, request: &JsValue) -> Verdict {
        let Some(hook) = &self.on_verified else {
            return Verdict::Continue;
        };
        self.settle(hook.call2(&JsValue::UNDEFINED, &to_js(verification), request))
            .await
    }

    /// A hook's answer, awaited until the deadline: nothing goes on, a response answers,
    /// anything else fails closed.
    async fn settle(&self, called: Result<JsValue, JsValue>) -> Verdict {
        let Ok(returned) = called else {
            return Verdict::Threw;
        };
        match within(&returned, self.deadline_ms).await {
            Err(Missed::TimedOut) => Verdict::TimedOut,
            Err(Missed::Rejected(_)) => Verdict::Threw,
            Ok(value) if value.is_undefined() || value.is_null() => Verdict::Continue,
            Ok(value) if is_response(&value) => Verdict::Answer(value),
            Ok(_) => Verdict::NotAResponse,
        }
    }

    /// `onEvent(event)`: whatever it does, throws or rejects is its own business.
    pub fn on_event(&self, event: &ProxyEvent) {
        let Some(hook) = &self.on_event else {
            return;
        };
        if let Ok(result) = hook.call1(&JsValue::UNDEFINED, &to_js(event)) {
            if result.is_object() {
                let _ = Promise::resolve(&result).catch(&self.swallow);
            }
        }
    }
}

fn function(value: Option<JsValue>, name: &str) -> Result<Option<Function>, Error> {
    value
        .map(|v| {
            v.dyn_into::<Function>()
                .map_err(|_| Error::invalid(name, "must be a function"))
        })
        .transpose()
}
