//! The proxy's idempotency records, as pure data: what a request with an `Idempotency-Key`
//! is remembered by (its key, scoped to its client), what it must match (a fingerprint of
//! the request), what a repeat is answered with (the first answer), and the in-memory
//! store that holds them per isolate when no shared store is configured (bounded).
//!
//! A record is a short JSON text, so any store can hold it as a string: `{"f":…}` while
//! the first request is in flight, `{"f":…,"s":…,"b":…}` once it was answered.

use super::reply::Reject;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, VecDeque};

/// How long an answer is remembered, in seconds: longer than any verification lives
/// (`codeValidity` is at most 7200 s), so a repeat of a key never sends anything again.
pub const WINDOW_SECONDS: u32 = 7200;

/// The longest answer body remembered (the proxy's own answers are well under 1 KB).
pub const MAX_BODY: usize = 16 * 1024;

/// What a digest hashes: each of `parts` followed by a newline. Its SHA-256 is taken by
/// the runtime's WebCrypto in wasm (`handler::idempotency`) and by `sha2` natively.
pub fn digest_input(parts: &[&str]) -> Vec<u8> {
    let mut input = Vec::new();
    for part in parts {
        input.extend_from_slice(part.as_bytes());
        input.push(b'\n');
    }
    input
}

/// A SHA-256 as 64 hex digits.
pub fn hex(hash: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(64);
    for byte in hash {
        for nibble in [byte >> 4, byte & 0x0f] {
            text.push(char::from(
                HEX.get(usize::from(nibble)).copied().unwrap_or(b'0'),
            ));
        }
    }
    text
}

/// What the store key of `key` sent by the client `scope` (its network, or empty when the
/// proxy knows no address) hashes: another client sending the same key has another
/// record, so it cannot read this one's answer. Neither the key nor the address is in it.
pub fn store_key_input(scope: &str, key: &str) -> Vec<u8> {
    digest_input(&["verify-8x8 idempotency", scope, key])
}

/// The store key of a digest of [`store_key_input`].
pub fn store_key_of(hash: &[u8]) -> String {
    format!("idem:{}", hex(hash))
}

/// What the fingerprint of a request hashes: its method, path and what it asks (the body
/// of a start, the code of a check). A key reused for another request is refused (422).
pub fn fingerprint_input(method: &str, path: &str, payload: &str) -> Vec<u8> {
    digest_input(&[method, path, payload])
}

/// SHA-256 of `input` (native builds; the wasm asks the runtime's WebCrypto).
#[cfg(not(target_arch = "wasm32"))]
pub fn sha256(input: &[u8]) -> Vec<u8> {
    use sha2::{Digest, Sha256};
    Sha256::digest(input).to_vec()
}

/// [`store_key_of`] [`store_key_input`], natively.
#[cfg(not(target_arch = "wasm32"))]
pub fn store_key(scope: &str, key: &str) -> String {
    store_key_of(&sha256(&store_key_input(scope, key)))
}

/// The fingerprint of a request (the hex SHA-256 of [`fingerprint_input`]), natively.
#[cfg(not(target_arch = "wasm32"))]
pub fn fingerprint(method: &str, path: &str, payload: &str) -> String {
    hex(&sha256(&fingerprint_input(method, path, payload)))
}

/// 422: the key was first sent with another request.
pub fn key_reused() -> Reject {
    Reject {
        status: 422,
        code: 1000,
        message: "Idempotency-Key was already used for another request; send a new key".into(),
        field: Some("Idempotency-Key".into()),
        retry_after_seconds: None,
        allow: None,
        reason: "idempotency_key_reused",
    }
}

/// 409: the first request with the key is still in flight; retry with the same key.
pub fn key_in_flight() -> Reject {
    Reject {
        status: 409,
        code: 2000,
        message:
            "a request with this Idempotency-Key is still in progress; retry with the same key"
                .into(),
        field: None,
        retry_after_seconds: Some(1),
        allow: None,
        reason: "idempotency_key_in_flight",
    }
}

/// A remembered answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Answered {
    /// The status.
    pub status: u16,
    /// The body, as text.
    pub body: String,
    /// `Content-Type`.
    pub content_type: Option<String>,
    /// `Date`.
    pub date: Option<String>,
    /// `Retry-After`.
    pub retry_after: Option<String>,
}

/// A record: the request's fingerprint and, once answered, the answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    /// [`fingerprint`] of the first request.
    pub fingerprint: String,
    /// The first answer; `None` while the first request is in flight.
    pub answer: Option<Answered>,
}

/// A record as a store holds it: one flat JSON object with short names.
#[derive(Serialize, Deserialize)]
struct Wire {
    f: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    s: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    b: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    t: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    d: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    r: Option<String>,
}

impl Record {
    /// The record as a store holds it.
    pub fn to_text(&self) -> String {
        let a = self.answer.as_ref();
        let wire = Wire {
            f: self.fingerprint.clone(),
            s: a.map(|a| a.status),
            b: a.map(|a| a.body.clone()),
            t: a.and_then(|a| a.content_type.clone()),
            d: a.and_then(|a| a.date.clone()),
            r: a.and_then(|a| a.retry_after.clone()),
        };
        crate::body::encode(&wire)
    }

    /// A record a store returned; `None` for anything else.
    pub fn from_text(text: &str) -> Option<Record> {
        let wire: Wire = crate::body::decode(text)?;
        let answer = match (wire.s, wire.b) {
            (Some(status), Some(body)) => Some(Answered {
                status,
                body,
                content_type: wire.t,
                date: wire.d,
                retry_after: wire.r,
            }),
            _ => None,
        };
        Some(Record {
            fingerprint: wire.f,
            answer,
        })
    }
}

/// The records of one isolate: at most `capacity`, each until its deadline; when full,
/// expired records go first, then the oldest.
pub struct MemoryRecords {
    capacity: usize,
    records: HashMap<String, (String, i64)>,
    order: VecDeque<String>,
    /// No record expires before this (ms): until then a full store has nothing expired to
    /// look for, and evicts the oldest without a scan.
    next_expiry: i64,
}

impl MemoryRecords {
    /// Holds at most `capacity` records (at least 1).
    pub fn new(capacity: usize) -> Self {
        MemoryRecords {
            capacity: capacity.max(1),
            records: HashMap::new(),
            order: VecDeque::new(),
            next_expiry: i64::MAX,
        }
    }

    /// Stores `record` under `key` for `ttl_seconds` unless a live record is there:
    /// `None` when stored (the caller owns the key), else the record found.
    pub fn claim(
        &mut self,
        key: &str,
        record: &str,
        ttl_seconds: u32,
        now_ms: i64,
    ) -> Option<String> {
        if let Some((found, until)) = self.records.get(key) {
            if *until > now_ms {
                return Some(found.clone());
            }
        }
        self.put(key, record, ttl_seconds, now_ms);
        None
    }

    /// Replaces the record of `key` (`None`: forgets it).
    pub fn settle(&mut self, key: &str, record: Option<&str>, ttl_seconds: u32, now_ms: i64) {
        match record {
            Some(record) => self.put(key, record, ttl_seconds, now_ms),
            None => {
                self.records.remove(key);
            }
        }
    }

    fn put(&mut self, key: &str, record: &str, ttl_seconds: u32, now_ms: i64) {
        let until = now_ms.saturating_add(i64::from(ttl_seconds) * 1000);
        self.next_expiry = self.next_expiry.min(until);
        if self
            .records
            .insert(key.to_owned(), (record.to_owned(), until))
            .is_none()
        {
            self.order.push_back(key.to_owned());
        }
        if self.records.len() > self.capacity {
            self.make_room(now_ms);
        }
        if self.order.len() > self.capacity.saturating_mul(2) {
            let records = &self.records;
            self.order.retain(|k| records.contains_key(k));
        }
    }

    /// Forgets expired records, or else the oldest, until within capacity. The expired are
    /// looked for (a scan of every record) only once one may have expired, so a full
    /// store's insert costs one eviction, not a scan, until then.
    fn make_room(&mut self, now_ms: i64) {
        if now_ms >= self.next_expiry {
            let mut next = i64::MAX;
            self.records.retain(|_, (_, until)| {
                let live = *until > now_ms;
                if live {
                    next = next.min(*until);
                }
                live
            });
            self.next_expiry = next;
        }
        while self.records.len() > self.capacity {
            let Some(oldest) = self.order.pop_front() else {
                break;
            };
            self.records.remove(&oldest);
        }
    }

    /// How many records are held.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.records.len()
    }
}

#[cfg(test)]
#[path = "replay_tests.rs"]
mod tests;
