//! What one proxy keeps between requests: its checked options, its hooks, and the
//! in-memory limiter and claims used when no shared store is given.

use super::hooks::Hooks;
use super::records::Records;
use crate::bindings::convert::from_js;
use crate::error::Error;
use crate::proxy::config::{ProxyConfig, Runtime};
use crate::proxy::limiter::MemoryLimiter;
use crate::proxy::options::ProxyOptions;
use crate::proxy::seen::Seen;
use core::cell::RefCell;
use wasm_bindgen::prelude::*;

/// Keys the in-memory limiter and the in-memory claims hold at most.
const MAX_KEYS: usize = 10_000;

#[wasm_bindgen]
extern "C" {
    /// `crypto.randomUUID()`: the `errorId` of an answer the proxy makes itself.
    #[wasm_bindgen(js_namespace = crypto, js_name = randomUUID)]
    pub fn random_uuid() -> String;
}

/// One proxy's state.
pub struct State {
    /// The checked options.
    pub config: ProxyConfig,
    /// The function-valued options.
    pub hooks: Hooks,
    /// The limits' counters when there is no `store`.
    pub limiter: RefCell<MemoryLimiter>,
    /// Sessions claimed for `onVerified` in this isolate, when there is no `store`.
    pub verified: RefCell<Seen>,
    /// Idempotency records: in the store, or in memory.
    pub records: Records,
}

impl State {
    /// Checks `options` for a server entry running in `runtime`.
    pub fn new(options: JsValue, runtime: &str) -> Result<State, Error> {
        let mut options: ProxyOptions = from_js(options, "options")?;
        let records = Records::new(options.store.as_ref())?;
        let config = ProxyConfig::new(&options, Runtime::from_name(runtime))?;
        Ok(State {
            hooks: Hooks::new(&mut options, config.upstream.timeout_ms())?,
            config,
            limiter: RefCell::new(MemoryLimiter::new(MAX_KEYS)),
            verified: RefCell::new(Seen::new(MAX_KEYS)),
            records,
        })
    }

    /// Now, on the proxy's clock, as the `timestamp` of an envelope.
    pub fn timestamp(&self) -> String {
        let date = js_sys::Date::new(&JsValue::from_f64(self.hooks.now_ms() as f64));
        date.to_iso_string().into()
    }
}
