//! A verification session as data: its status, its fields, and a message to
//! deliver. The store that keeps them is `crate::state::sessions`.

use serde::Serialize;

use crate::model::channel::Channel;
use crate::model::clock::Millis;
use crate::model::one_time_code::CodeType;

/// The spec's session status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Status {
    /// Code sent, not yet checked successfully, not expired.
    Waiting,
    /// The right code arrived in time (or the SMA URL was hit).
    Verified,
    /// Five wrong codes.
    Failed,
    /// `expiresAt` passed while waiting.
    Expired,
}

/// A verification session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// 32 lowercase hex characters.
    pub id: String,
    /// Subaccount it belongs to.
    pub sub: String,
    /// International digits, no `+`.
    pub destination: String,
    /// Current status.
    pub status: Status,
    /// Wrong codes so far.
    pub attempt: u8,
    /// The current code; `None` for a session only ever sent by SMA.
    pub code: Option<String>,
    /// Kind of the current code.
    pub code_type: CodeType,
    /// When the code stops being valid.
    pub expires_at: Millis,
    /// Earliest time of a re-send.
    pub retry_after: Millis,
    /// Channel of the latest send.
    pub channel: Channel,
    /// Whether the SMA verification URL was ever issued for it.
    pub sma: bool,
    /// Insertion order, for the store's eviction.
    pub(crate) seq: u64,
}

impl Session {
    /// Marks a waiting session whose time is up as `EXPIRED`.
    pub(crate) fn refresh(&mut self, now: Millis) {
        if self.status == Status::Waiting && now >= self.expires_at {
            self.status = Status::Expired;
        }
    }
}

/// A message "delivered" to a phone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// Session it belongs to.
    pub session_id: String,
    /// International digits, no `+`.
    pub destination: String,
    /// Channel name.
    pub channel: Channel,
    /// Code it carries.
    pub code: String,
}
