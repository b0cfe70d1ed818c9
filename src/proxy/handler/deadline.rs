//! Deadlines for everything the proxy awaits from someone else — the user's hooks, the
//! limit store, the browser's body — so a hung dependency fails one request closed
//! instead of holding it open: a promise raced against a timer, the timer cleared after.

use super::upstream::log;
use crate::proxy::reply::Reject;
use js_sys::{Array, Function, Object, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: f64, argument: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
}

/// Why an awaited promise gave no value.
#[derive(Clone, Debug, PartialEq)]
pub enum Missed {
    /// It rejected (with this reason).
    Rejected(JsValue),
    /// It did not settle within the deadline.
    TimedOut,
}

/// Awaits `value` (a promise or any value) for at most `ms` milliseconds.
pub async fn within(value: &JsValue, ms: f64) -> Result<JsValue, Missed> {
    let promise = Promise::resolve(value);
    let marker = Object::new();
    let mut timer = JsValue::UNDEFINED;
    let alarm = Promise::new(&mut |resolve, _| {
        timer = set_timeout(&resolve, ms.max(0.0), &marker);
    });
    let settled = JsFuture::from(Promise::race(&Array::of2(&promise, &alarm))).await;
    clear_timeout(&timer);
    match settled {
        Ok(value) if value == JsValue::from(marker) => Err(Missed::TimedOut),
        Ok(value) => Ok(value),
        Err(reason) => Err(Missed::Rejected(reason)),
    }
}

/// Why a call to the user's store gave no usable answer.
pub enum StoreFailed {
    /// It threw, rejected, or answered something else than its method documents.
    Broken,
    /// It did not answer within the deadline.
    TimedOut,
}

impl StoreFailed {
    /// What the browser gets (`what` names the call in the server's log): like a failing
    /// upstream, `502` (`limit_store`), or `504` (`store_timeout`) past the deadline.
    pub fn reject(self, what: &str) -> Reject {
        match self {
            StoreFailed::TimedOut => {
                log(&format!("{what}: the store did not answer in time"));
                Reject::timed_out("store_timeout")
            }
            StoreFailed::Broken => {
                log(&format!(
                    "{what}: the store failed or answered something else"
                ));
                Reject::bad_gateway("limit_store")
            }
        }
    }
}

/// A store method's call (`called`: what calling it returned or threw), awaited for at
/// most `ms` milliseconds.
pub async fn store_call(called: Result<JsValue, JsValue>, ms: f64) -> Result<JsValue, StoreFailed> {
    let pending = called.map_err(|_| StoreFailed::Broken)?;
    within(&pending, ms).await.map_err(|missed| match missed {
        Missed::TimedOut => StoreFailed::TimedOut,
        Missed::Rejected(_) => StoreFailed::Broken,
    })
}

/// Resolves after `ms` milliseconds.
pub async fn sleep(ms: u32) {
    let _ = JsFuture::from(Promise::new(&mut |resolve, _| {
        set_timeout(&resolve, f64::from(ms), &JsValue::UNDEFINED);
    }))
    .await;
}
