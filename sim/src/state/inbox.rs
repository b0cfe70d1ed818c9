//! The "phones' inbox": every message the simulator delivered, capped per
//! destination and in total so memory stays bounded.

use std::collections::{HashMap, VecDeque};

use crate::model::channel::Channel;
use crate::model::clock::{Millis, Stamp};
use crate::model::response_bodies::DeliveredMessage;

/// Messages kept per destination (oldest dropped first).
pub const MAX_PER_DESTINATION: usize = 50;
/// Messages kept in total (oldest dropped first).
pub const MAX_TOTAL: usize = 10_000;

/// A delivered message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    seq: u64,
    /// International digits, no `+`.
    pub destination: String,
    /// Channel (`sms`, `call`, `whatsapp`, `viber`).
    pub channel: Channel,
    /// Rendered text.
    pub text: String,
    /// The code it carries.
    pub code: String,
    /// Session it belongs to.
    pub session_id: String,
    /// Simulator time of delivery.
    pub sent_at: Millis,
}

impl Message {
    /// A message not yet stored.
    pub fn new(
        destination: String,
        channel: Channel,
        text: String,
        code: String,
        session_id: String,
        sent_at: Millis,
    ) -> Self {
        Self {
            seq: 0,
            destination,
            channel,
            text,
            code,
            session_id,
            sent_at,
        }
    }

    /// The `/_sim/messages` entry: `{destination, channel, text, code, sessionId, sentAt}`.
    pub fn view(&self) -> DeliveredMessage<'_> {
        DeliveredMessage {
            destination: &self.destination,
            channel: self.channel,
            text: &self.text,
            code: &self.code,
            session_id: &self.session_id,
            sent_at: Stamp(self.sent_at),
        }
    }
}

/// All delivered messages.
#[derive(Debug, Default)]
pub struct Inbox {
    by_dest: HashMap<String, VecDeque<Message>>,
    order: VecDeque<(u64, String)>,
    seq: u64,
    total: usize,
}

impl Inbox {
    /// An empty inbox.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of stored messages.
    pub fn len(&self) -> usize {
        self.total
    }

    /// Whether nothing is stored.
    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// Stores a message, dropping the oldest beyond the caps.
    pub fn push(&mut self, mut m: Message) {
        self.seq += 1;
        m.seq = self.seq;
        let dest = m.destination.clone();
        self.order.push_back((m.seq, dest.clone()));
        let q = self.by_dest.entry(dest).or_default();
        q.push_back(m);
        self.total += 1;
        if q.len() > MAX_PER_DESTINATION {
            q.pop_front();
            self.total -= 1;
        }
        while self.total > MAX_TOTAL {
            let Some((seq, dest)) = self.order.pop_front() else {
                break;
            };
            self.drop_if_oldest(seq, &dest);
        }
        if self.order.len() > 2 * MAX_TOTAL {
            // Entries of messages already dropped by the per-destination cap.
            let by_dest = &self.by_dest;
            self.order.retain(|(seq, dest)| {
                by_dest
                    .get(dest)
                    .is_some_and(|q| q.front().is_some_and(|f| f.seq <= *seq))
            });
        }
    }

    fn drop_if_oldest(&mut self, seq: u64, dest: &str) {
        if let Some(q) = self.by_dest.get_mut(dest) {
            if q.front().is_some_and(|f| f.seq == seq) {
                q.pop_front();
                self.total -= 1;
            }
            if q.is_empty() {
                self.by_dest.remove(dest);
            }
        }
    }

    /// Messages oldest first, all of them or those to one destination (digits).
    pub fn list(&self, destination: Option<&str>) -> Vec<&Message> {
        match destination {
            Some(d) => self
                .by_dest
                .get(d)
                .map(|q| q.iter().collect())
                .unwrap_or_default(),
            None => {
                let mut all: Vec<&Message> = self.by_dest.values().flatten().collect();
                all.sort_by_key(|m| m.seq);
                all
            }
        }
    }

    /// Forgets everything.
    pub fn clear(&mut self) {
        *self = Self::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(dest: &str, code: &str) -> Message {
        Message::new(
            dest.into(),
            Channel::Sms,
            format!("code {code}"),
            code.into(),
            "s".into(),
            0,
        )
    }

    #[test]
    fn lists_oldest_first_and_filters() {
        let mut i = Inbox::new();
        i.push(msg("651", "1"));
        i.push(msg("652", "2"));
        i.push(msg("651", "3"));
        let all: Vec<_> = i.list(None).iter().map(|m| m.code.clone()).collect();
        assert_eq!(all, ["1", "2", "3"]);
        let one: Vec<_> = i.list(Some("651")).iter().map(|m| m.code.clone()).collect();
        assert_eq!(one, ["1", "3"]);
        assert!(i.list(Some("999")).is_empty());
        let v = serde_json::to_value(i.list(None)[0].view()).unwrap();
        assert_eq!(v["destination"], "+651");
        assert_eq!(v["sentAt"], "1970-01-01T00:00:00.00Z");
    }

    #[test]
    fn caps_per_destination_and_in_total() {
        let mut i = Inbox::new();
        for n in 0..(MAX_PER_DESTINATION + 5) {
            i.push(msg("651", &n.to_string()));
        }
        assert_eq!(i.len(), MAX_PER_DESTINATION);
        assert_eq!(i.list(Some("651"))[0].code, "5");
        for n in 0..(MAX_TOTAL + 10) {
            i.push(msg(&format!("7{n}"), "x"));
        }
        assert_eq!(i.len(), MAX_TOTAL);
        assert_eq!(i.list(None).len(), MAX_TOTAL);
        assert!(i.list(Some("651")).is_empty());
        assert!(i.order.len() <= 2 * MAX_TOTAL + 1);
    }

    #[test]
    fn one_busy_destination_does_not_grow_the_index() {
        let mut i = Inbox::new();
        for n in 0..(5 * MAX_TOTAL) {
            i.push(msg("651", &n.to_string()));
        }
        assert_eq!(i.len(), MAX_PER_DESTINATION);
        assert!(i.order.len() <= 2 * MAX_TOTAL + 1);
    }
}
