//! The default limit store: fixed windows per key, in memory, per isolate, for at most a
//! fixed number of keys — so memory stays bounded whatever number of distinct keys
//! arrives. And no flood of other keys can make it forget a key that is still blocking:
//! to make room it drops an expired window first, then the key below its limit that was
//! hit longest ago (never one just counted for the request at hand); when every key it
//! holds is blocking, it refuses the new key instead. (B-tree indexes: no
//! rehashing, no hash flooding, O(log n) per hit.)

use std::collections::{BTreeMap, BTreeSet};

/// The answer to one hit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decision {
    /// Whether the hit is within the limit.
    pub allowed: bool,
    /// Whole seconds until the key's window ends (0 when allowed).
    pub retry_after_seconds: u64,
    /// Refused because the store is full of keys that are all still blocking, not
    /// because this key is over its limit.
    pub store_full: bool,
}

impl Decision {
    const ALLOWED: Decision = Decision {
        allowed: true,
        retry_after_seconds: 0,
        store_full: false,
    };

    fn refused(until_ms: i64, now_ms: i64) -> Decision {
        let wait_ms = u64::try_from(until_ms.saturating_sub(now_ms)).unwrap_or(0);
        Decision {
            allowed: false,
            retry_after_seconds: wait_ms.div_ceil(1000).max(1),
            store_full: false,
        }
    }
}

struct Slot {
    key: String,
    window_end_ms: i64,
    count: u32,
    /// When the key was last hit, on the limiter's own hit counter.
    last_hit: u64,
}

/// Fixed-window counters for at most `capacity` keys.
pub struct MemoryLimiter {
    capacity: usize,
    index: BTreeMap<String, usize>,
    slots: Vec<Slot>,
    /// Every held slot by the end of its window: the first may have expired.
    by_window_end: BTreeSet<(i64, usize)>,
    /// Held slots below their limit, least recently hit first: dropping one costs nobody
    /// a refusal, and the oldest is the one least likely to be hit again soon.
    open: BTreeSet<(u64, usize)>,
    /// Counts hits; orders `open`.
    hits: u64,
}

impl MemoryLimiter {
    /// A limiter holding at most `capacity` keys (at least 1).
    pub fn new(capacity: usize) -> Self {
        MemoryLimiter {
            capacity: capacity.max(1),
            index: BTreeMap::new(),
            slots: Vec::new(),
            by_window_end: BTreeSet::new(),
            open: BTreeSet::new(),
            hits: 0,
        }
    }

    /// Keys currently held.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// Counts a hit on `key` against `max` per `window_seconds`, at `now_ms`. A new key
    /// that finds every slot blocking is refused until the first window ends.
    pub fn hit(&mut self, key: &str, max: u32, window_seconds: u32, now_ms: i64) -> Decision {
        let slot = match self.index.get(key) {
            Some(&slot) => slot,
            None => match self.allocate(key, now_ms) {
                Ok(slot) => slot,
                Err(refused) => return refused,
            },
        };
        let Some(entry) = self.slots.get_mut(slot) else {
            return Decision::ALLOWED;
        };
        if now_ms >= entry.window_end_ms {
            self.by_window_end.remove(&(entry.window_end_ms, slot));
            entry.window_end_ms = now_ms.saturating_add(i64::from(window_seconds) * 1000);
            entry.count = 0;
            self.by_window_end.insert((entry.window_end_ms, slot));
        }
        entry.count = entry.count.saturating_add(1);
        self.open.remove(&(entry.last_hit, slot));
        self.hits += 1;
        entry.last_hit = self.hits;
        if entry.count < max {
            self.open.insert((entry.last_hit, slot));
        }
        if entry.count <= max {
            Decision::ALLOWED
        } else {
            Decision::refused(entry.window_end_ms, now_ms)
        }
    }

    /// A slot for a new key: a fresh one below capacity, an expired one, or
    /// one below its limit — never one that is blocking (then the refusal to answer).
    fn allocate(&mut self, key: &str, now_ms: i64) -> Result<usize, Decision> {
        let slot = if self.slots.len() < self.capacity {
            self.slots.push(Slot {
                key: String::new(),
                window_end_ms: i64::MIN,
                count: 0,
                last_hit: 0,
            });
            self.slots.len() - 1
        } else {
            let victim = match self.by_window_end.first() {
                Some(&(end, slot)) if end <= now_ms => slot,
                earliest => match self.open.first() {
                    Some(&(_, slot)) => slot,
                    None => {
                        let until = earliest.map_or(now_ms, |(end, _)| *end);
                        return Err(Decision {
                            store_full: true,
                            ..Decision::refused(until, now_ms)
                        });
                    }
                },
            };
            self.evict(victim);
            victim
        };
        if let Some(entry) = self.slots.get_mut(slot) {
            entry.key.clear();
            entry.key.push_str(key);
            entry.window_end_ms = i64::MIN;
            entry.count = 0;
            entry.last_hit = 0;
            self.by_window_end.insert((i64::MIN, slot));
        }
        self.index.insert(key.to_owned(), slot);
        Ok(slot)
    }

    fn evict(&mut self, slot: usize) {
        if let Some(entry) = self.slots.get(slot) {
            self.index.remove(&entry.key);
            self.by_window_end.remove(&(entry.window_end_ms, slot));
            self.open.remove(&(entry.last_hit, slot));
        }
    }
}

#[cfg(test)]
#[path = "limiter_tests.rs"]
mod tests;
