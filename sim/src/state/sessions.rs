//! Sessions: one per (subaccount, destination), their life cycle (WAITING →
//! VERIFIED / FAILED / EXPIRED), re-sends, code checks, and bounded memory
//! (eviction some time after expiry, plus a hard cap).

use std::collections::{HashMap, VecDeque};

use crate::model::channel::Channel;
use crate::model::checked_request::StartRequest;
use crate::model::clock::{Millis, SECOND};
use crate::model::one_time_code;
use crate::model::randomness::{self, OsIndexSource};
use crate::model::session::{Delivery, Session, Status};

/// Wrong codes after which a session is `FAILED`.
pub const MAX_ATTEMPTS: u8 = 5;
/// How long a session is kept after its `expiresAt` (simulator clock).
pub const RETENTION_MS: Millis = 3_600_000;
/// Hard cap on stored sessions; beyond it the oldest are dropped.
pub const MAX_SESSIONS: usize = 100_000;
/// How often (simulator clock) expired sessions are swept out.
const SWEEP_EVERY_MS: Millis = 60_000;

/// Why a start request was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartError {
    /// The destination's waiting session may not be re-sent before this time.
    TooSoon(Millis),
}

/// All sessions, indexed by id and by (subaccount, destination).
#[derive(Debug, Default)]
pub struct Sessions {
    by_id: HashMap<String, Session>,
    by_dest: HashMap<(String, String), String>,
    order: VecDeque<(u64, String)>,
    seq: u64,
    next_sweep: Millis,
}

impl Sessions {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of stored sessions.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    /// Whether nothing is stored.
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// Starts (or re-sends) a verification for `req.destination` at `now`.
    /// Returns the session and, unless the channel is SMA, what to deliver.
    pub fn start(
        &mut self,
        sub: &str,
        req: &StartRequest,
        now: Millis,
    ) -> Result<(Session, Option<Delivery>), StartError> {
        self.sweep_if_due(now);
        let key = (sub.to_string(), req.destination.clone());
        let existing = self.by_dest.get(&key).cloned();
        if let Some(s) = existing.and_then(|id| self.by_id.get_mut(&id)) {
            s.refresh(now);
            if s.status == Status::Waiting {
                if now < s.retry_after {
                    return Err(StartError::TooSoon(s.retry_after));
                }
                if req.reset_session {
                    s.attempt = 0;
                    s.code = None;
                }
                Self::send(s, req, now);
                let delivery = Self::delivery(s, req);
                return Ok((s.clone(), delivery));
            }
        }
        let id = randomness::session_id();
        self.seq += 1;
        let mut s = Session {
            id: id.clone(),
            sub: sub.to_string(),
            destination: req.destination.clone(),
            status: Status::Waiting,
            attempt: 0,
            code: None,
            code_type: req.code_type,
            expires_at: now,
            retry_after: now,
            channel: req.channel,
            sma: false,
            seq: self.seq,
        };
        Self::send(&mut s, req, now);
        let delivery = Self::delivery(&s, req);
        self.make_room();
        self.order.push_back((s.seq, id.clone()));
        self.by_dest.insert(key, id.clone());
        self.by_id.insert(id, s.clone());
        Ok((s, delivery))
    }

    /// Applies one send to a waiting session: a code when it has none (new
    /// session, `resetSession`, or an SMA session now sent a code), validity
    /// and resend time counted from now.
    fn send(s: &mut Session, req: &StartRequest, now: Millis) {
        s.channel = req.channel;
        if req.channel == Channel::Sma {
            s.sma = true;
        } else if s.code.is_none() {
            s.code = Some(one_time_code::generate(
                req.code_type,
                req.code_length,
                &mut OsIndexSource::new(),
            ));
            s.code_type = req.code_type;
        }
        s.expires_at = now + req.code_validity_s * SECOND;
        s.retry_after = now + req.resending_interval_s * SECOND;
    }

    fn delivery(s: &Session, req: &StartRequest) -> Option<Delivery> {
        if req.channel == Channel::Sma {
            return None;
        }
        Some(Delivery {
            session_id: s.id.clone(),
            destination: s.destination.clone(),
            channel: req.channel,
            code: s.code.clone().unwrap_or_default(),
        })
    }

    /// Reads a session (and checks `code` when given) at `now`. `None` when
    /// the id is unknown or belongs to another subaccount.
    pub fn check(
        &mut self,
        sub: &str,
        id: &str,
        code: Option<&str>,
        now: Millis,
    ) -> Option<Session> {
        self.sweep_if_due(now);
        let s = self.by_id.get_mut(id).filter(|s| s.sub == sub)?;
        s.refresh(now);
        if let (Some(submitted), Status::Waiting) = (code, s.status) {
            let right = s
                .code
                .as_deref()
                .is_some_and(|expected| one_time_code::matches(s.code_type, expected, submitted));
            if right {
                s.status = Status::Verified;
            } else {
                s.attempt = s.attempt.saturating_add(1);
                if s.attempt >= MAX_ATTEMPTS {
                    s.status = Status::Failed;
                }
            }
        }
        Some(s.clone())
    }

    /// The device's hit on an SMA verification URL: verifies a waiting,
    /// unexpired SMA session. `None` when there is no such SMA session.
    pub fn sma_hit(&mut self, id: &str, now: Millis) -> Option<Session> {
        let s = self.by_id.get_mut(id).filter(|s| s.sma)?;
        s.refresh(now);
        if s.status == Status::Waiting {
            s.status = Status::Verified;
        }
        Some(s.clone())
    }

    /// Forgets everything.
    pub fn clear(&mut self) {
        *self = Self::default();
    }

    fn sweep_if_due(&mut self, now: Millis) {
        if now >= self.next_sweep {
            self.sweep(now);
            self.next_sweep = now + SWEEP_EVERY_MS;
        }
    }

    /// Drops sessions whose `expiresAt` is more than [`RETENTION_MS`] ago.
    pub fn sweep(&mut self, now: Millis) {
        self.by_id.retain(|_, s| now < s.expires_at + RETENTION_MS);
        let by_id = &self.by_id;
        self.by_dest.retain(|_, id| by_id.contains_key(id));
        self.order
            .retain(|(seq, id)| by_id.get(id).is_some_and(|s| s.seq == *seq));
    }

    /// Drops the oldest sessions until one more fits under [`MAX_SESSIONS`].
    fn make_room(&mut self) {
        while self.by_id.len() >= MAX_SESSIONS {
            let Some((seq, id)) = self.order.pop_front() else {
                break;
            };
            if self.by_id.get(&id).is_some_and(|s| s.seq == seq) {
                if let Some(s) = self.by_id.remove(&id) {
                    let key = (s.sub, s.destination);
                    if self.by_dest.get(&key) == Some(&id) {
                        self.by_dest.remove(&key);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::request_bodies::parse_start;
    use serde_json::json;

    fn req(extra: serde_json::Value) -> StartRequest {
        let mut v = json!({"destination": "+6598765432"});
        for (k, val) in extra.as_object().unwrap() {
            v[k] = val.clone();
        }
        parse_start(&v).unwrap()
    }

    #[test]
    fn new_session_then_resend_keeps_code_and_id() {
        let mut st = Sessions::new();
        let (s1, d1) = st.start("hq", &req(json!({})), 0).unwrap();
        assert_eq!(s1.status, Status::Waiting);
        assert_eq!(s1.expires_at, 300_000);
        assert_eq!(s1.retry_after, 10_000);
        let d1 = d1.unwrap();
        assert_eq!(d1.code.len(), 4);
        assert_eq!(
            st.start("hq", &req(json!({})), 9_999),
            Err(StartError::TooSoon(10_000))
        );
        let (s2, d2) = st.start("hq", &req(json!({})), 10_000).unwrap();
        assert_eq!(s2.id, s1.id);
        assert_eq!(d2.unwrap().code, d1.code);
        assert_eq!(s2.expires_at, 310_000);
        assert_eq!(s2.retry_after, 20_000);
    }

    #[test]
    fn reset_session_gives_a_new_code_and_clears_attempts() {
        let mut st = Sessions::new();
        let (s1, _) = st.start("hq", &req(json!({"codeLength": 10})), 0).unwrap();
        st.check("hq", &s1.id, Some("x0000"), 1).unwrap();
        let (s2, d2) = st
            .start(
                "hq",
                &req(json!({"codeLength": 10, "resetSession": true})),
                10_000,
            )
            .unwrap();
        assert_eq!(s2.id, s1.id);
        assert_eq!(s2.attempt, 0);
        assert_ne!(d2.unwrap().code, s1.code.unwrap());
    }

    #[test]
    fn five_wrong_codes_fail_for_good() {
        let mut st = Sessions::new();
        let (s, d) = st.start("hq", &req(json!({})), 0).unwrap();
        let right = d.unwrap().code;
        for i in 1..=4 {
            let r = st.check("hq", &s.id, Some("abc"), 1).unwrap();
            assert_eq!((r.status, r.attempt), (Status::Waiting, i));
        }
        let r = st.check("hq", &s.id, Some("abc"), 1).unwrap();
        assert_eq!((r.status, r.attempt), (Status::Failed, 5));
        let r = st.check("hq", &s.id, Some(&right), 2).unwrap();
        assert_eq!((r.status, r.attempt), (Status::Failed, 5));
        // A failed session is final: the next start makes a new one.
        let (s2, _) = st.start("hq", &req(json!({})), 3).unwrap();
        assert_ne!(s2.id, s.id);
    }

    #[test]
    fn right_code_verifies_and_status_reads_change_nothing() {
        let mut st = Sessions::new();
        let (s, d) = st.start("hq", &req(json!({})), 0).unwrap();
        let r = st.check("hq", &s.id, None, 1).unwrap();
        assert_eq!((r.status, r.attempt), (Status::Waiting, 0));
        let r = st.check("hq", &s.id, Some(&d.unwrap().code), 2).unwrap();
        assert_eq!((r.status, r.attempt), (Status::Verified, 0));
        assert!(st.check("other", &s.id, None, 2).is_none());
        assert!(st.check("hq", "nope", None, 2).is_none());
    }

    #[test]
    fn expiry_is_final_even_with_the_right_code() {
        let mut st = Sessions::new();
        let (s, d) = st
            .start("hq", &req(json!({"codeValidity": 30})), 0)
            .unwrap();
        let r = st
            .check("hq", &s.id, Some(&d.unwrap().code), 30_000)
            .unwrap();
        assert_eq!(r.status, Status::Expired);
        assert_eq!(r.attempt, 0);
        let (s2, _) = st.start("hq", &req(json!({})), 30_001).unwrap();
        assert_ne!(s2.id, s.id);
        // The old session can still be read.
        assert_eq!(
            st.check("hq", &s.id, None, 30_002).unwrap().status,
            Status::Expired
        );
    }

    #[test]
    fn sma_sessions_have_no_code_until_hit() {
        let mut st = Sessions::new();
        let (s, d) = st.start("hq", &req(json!({"channel": "sma"})), 0).unwrap();
        assert!(d.is_none());
        assert!(s.code.is_none() && s.sma);
        assert_eq!(st.sma_hit(&s.id, 1).unwrap().status, Status::Verified);
        let (o, _) = st
            .start("hq", &req(json!({"destination": "+6511111111"})), 0)
            .unwrap();
        assert!(st.sma_hit(&o.id, 1).is_none());
        assert!(st.sma_hit("missing", 1).is_none());
    }

    #[test]
    fn sessions_are_evicted_after_retention() {
        let mut st = Sessions::new();
        let (s, _) = st.start("hq", &req(json!({})), 0).unwrap();
        st.sweep(300_000 + RETENTION_MS - 1);
        assert_eq!(st.len(), 1);
        st.sweep(300_000 + RETENTION_MS);
        assert!(st.is_empty());
        assert!(st.check("hq", &s.id, None, 0).is_none());
        assert!(st.by_dest.is_empty() && st.order.is_empty());
    }
}
