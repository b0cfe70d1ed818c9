//! Where the proxy keeps its idempotency records (see [`super::idempotency`]): the user's
//! store (`claimIdempotencyKey`, `settleIdempotencyKey`: shared across isolates) or this
//! isolate's memory (bounded). Every store call has the proxy's deadline.

use super::deadline::{store_call, StoreFailed};
use crate::error::Error;
use crate::proxy::replay::MemoryRecords;
use core::cell::RefCell;
use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::prelude::*;

/// Records held in memory when no store is configured.
const MAX_RECORDS: usize = 10_000;

/// Where records are kept.
pub enum Records {
    /// The user's store: the object, `claimIdempotencyKey` and `settleIdempotencyKey`.
    Store(Object, Function, Function),
    /// This isolate's memory.
    Memory(RefCell<MemoryRecords>),
}

impl Records {
    /// Records in `store` (the `store` option), or in memory without one. A store
    /// without the two methods is refused, naming them.
    pub fn new(store: Option<&JsValue>) -> Result<Records, Error> {
        let Some(store) = store else {
            return Ok(Records::Memory(RefCell::new(MemoryRecords::new(
                MAX_RECORDS,
            ))));
        };
        let method = |name: &str| {
            Reflect::get(store, &JsValue::from_str(name))
                .ok()
                .and_then(|f| f.dyn_into::<Function>().ok())
        };
        match (method("claimIdempotencyKey"), method("settleIdempotencyKey")) {
            (Some(claim), Some(settle)) => Ok(Records::Store(store.clone().unchecked_into(), claim, settle)),
            _ => Err(Error::invalid(
                "store",
                "must also hold idempotency records: claimIdempotencyKey(key, record, ttlSeconds) and settleIdempotencyKey(key, record, ttlSeconds) (see the README; createRedisLimitStore and createDurableObjectLimitStore have both)",
            )),
        }
    }

    /// Stores `record` unless `key` holds one: `None` when stored, else the record found.
    pub async fn claim(
        &self,
        key: &str,
        record: &str,
        ttl: u32,
        now_ms: i64,
        deadline_ms: u32,
    ) -> Result<Option<String>, StoreFailed> {
        match self {
            Records::Memory(memory) => Ok(memory.borrow_mut().claim(key, record, ttl, now_ms)),
            Records::Store(store, claim, _) => {
                let args = [
                    JsValue::from_str(key),
                    JsValue::from_str(record),
                    ttl.into(),
                ];
                let found = store_call(
                    claim.apply(store, &Array::from_iter(args)),
                    f64::from(deadline_ms),
                )
                .await?;
                if found.is_undefined() || found.is_null() {
                    Ok(None)
                } else {
                    found.as_string().map(Some).ok_or(StoreFailed::Broken)
                }
            }
        }
    }

    /// Replaces the record of `key` (`None`: forgets the key).
    pub async fn settle(
        &self,
        key: &str,
        record: Option<&str>,
        ttl: u32,
        now_ms: i64,
        deadline_ms: u32,
    ) -> Result<(), StoreFailed> {
        match self {
            Records::Memory(memory) => {
                memory.borrow_mut().settle(key, record, ttl, now_ms);
                Ok(())
            }
            Records::Store(store, _, settle) => {
                let record = record.map_or(JsValue::NULL, JsValue::from_str);
                let args = [JsValue::from_str(key), record, ttl.into()];
                store_call(
                    settle.apply(store, &Array::from_iter(args)),
                    f64::from(deadline_ms),
                )
                .await
                .map(|_| ())
            }
        }
    }
}

/// The key a request holds while it runs, in its `Incoming`.
#[derive(Default)]
pub struct Slot(pub RefCell<Option<Held>>);

/// A claimed key: where its record is, what request it is for, and whether the request
/// reached 8x8 (then its answer is remembered, whatever it is).
pub struct Held {
    /// The record's key in the store.
    pub store_key: String,
    /// The request's fingerprint.
    pub fingerprint: String,
    /// Whether the request reached 8x8.
    pub dispatched: bool,
}

impl Slot {
    /// The request is about to reach 8x8: its answer is remembered, whatever it is.
    pub fn dispatched(&self) {
        if let Some(held) = self.0.borrow_mut().as_mut() {
            held.dispatched = true;
        }
    }
}
