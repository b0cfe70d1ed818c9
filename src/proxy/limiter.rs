//! The default limit store: fixed windows per key, in memory, per isolate, capped at a
//! number of keys with least-recently-used eviction — so memory stays bounded whatever
//! number of distinct keys arrives. (A B-tree index: no rehashing, no hash flooding.)

#[allow(unused_imports)]
use crate::prelude::*;

use alloc::collections::BTreeMap;

/// The answer to one hit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decision {
    /// Whether the hit is within the limit.
    pub allowed: bool,
    /// Whole seconds until the key's window ends (0 when allowed).
    pub retry_after_seconds: u64,
}

const NONE: usize = usize::MAX;

struct Slot {
    key: String,
    window_end_ms: i64,
    count: u32,
    newer: usize,
    older: usize,
}

/// Fixed-window counters for at most `capacity` keys.
pub struct MemoryLimiter {
    capacity: usize,
    index: BTreeMap<String, usize>,
    slots: Vec<Slot>,
    free: Vec<usize>,
    newest: usize,
    oldest: usize,
}

impl MemoryLimiter {
    /// A limiter remembering at most `capacity` keys (at least 1).
    pub fn new(capacity: usize) -> Self {
        let capacity = capacity.max(1);
        MemoryLimiter {
            capacity,
            index: BTreeMap::new(),
            slots: Vec::new(),
            free: Vec::new(),
            newest: NONE,
            oldest: NONE,
        }
    }

    /// Keys currently remembered.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// Counts a hit on `key` against `max` per `window_seconds`, at `now_ms`.
    pub fn hit(&mut self, key: &str, max: u32, window_seconds: u32, now_ms: i64) -> Decision {
        let window_ms = i64::from(window_seconds) * 1000;
        let slot = match self.index.get(key) {
            Some(&slot) => {
                self.unlink(slot);
                slot
            }
            None => self.allocate(key),
        };
        self.push_newest(slot);
        let Some(entry) = self.slots.get_mut(slot) else {
            return Decision {
                allowed: true,
                retry_after_seconds: 0,
            };
        };
        if now_ms >= entry.window_end_ms {
            entry.window_end_ms = now_ms.saturating_add(window_ms);
            entry.count = 0;
        }
        entry.count = entry.count.saturating_add(1);
        if entry.count <= max {
            Decision {
                allowed: true,
                retry_after_seconds: 0,
            }
        } else {
            let wait_ms = (entry.window_end_ms - now_ms).max(0) as u64;
            Decision {
                allowed: false,
                retry_after_seconds: wait_ms.div_ceil(1000).max(1),
            }
        }
    }

    /// Forgets `key`, so its next hit opens a new window.
    pub fn forget(&mut self, key: &str) {
        if let Some(slot) = self.index.remove(key) {
            self.unlink(slot);
            self.free.push(slot);
        }
    }

    /// A slot for a new key: a freed or fresh one below capacity, else the least recently used.
    fn allocate(&mut self, key: &str) -> usize {
        let slot = if let Some(slot) = self.free.pop() {
            slot
        } else if self.slots.len() < self.capacity {
            self.slots.push(Slot {
                key: String::new(),
                window_end_ms: i64::MIN,
                count: 0,
                newer: NONE,
                older: NONE,
            });
            self.slots.len() - 1
        } else {
            let oldest = self.oldest;
            self.unlink(oldest);
            if let Some(evicted) = self.slots.get(oldest) {
                self.index.remove(&evicted.key);
            }
            oldest
        };
        if let Some(entry) = self.slots.get_mut(slot) {
            entry.key.clear();
            entry.key.push_str(key);
            entry.window_end_ms = i64::MIN;
            entry.count = 0;
        }
        self.index.insert(key.to_owned(), slot);
        slot
    }

    fn unlink(&mut self, slot: usize) {
        let Some(entry) = self.slots.get(slot) else {
            return;
        };
        let (newer, older) = (entry.newer, entry.older);
        match self.slots.get_mut(newer) {
            Some(n) => n.older = older,
            None => self.newest = older,
        }
        match self.slots.get_mut(older) {
            Some(o) => o.newer = newer,
            None => self.oldest = newer,
        }
    }

    fn push_newest(&mut self, slot: usize) {
        let previous = self.newest;
        if let Some(entry) = self.slots.get_mut(slot) {
            entry.newer = NONE;
            entry.older = previous;
        }
        match self.slots.get_mut(previous) {
            Some(p) => p.newer = slot,
            None => self.oldest = slot,
        }
        self.newest = slot;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_windows() {
        let mut l = MemoryLimiter::new(10);
        let hits: Vec<bool> = (0..4).map(|_| l.hit("k", 3, 60, 1_000).allowed).collect();
        assert_eq!(hits, [true, true, true, false]);
        assert_eq!(
            l.hit("k", 3, 60, 31_000),
            Decision {
                allowed: false,
                retry_after_seconds: 30
            }
        );
        assert_eq!(
            l.hit("k", 3, 60, 60_500),
            Decision {
                allowed: false,
                retry_after_seconds: 1
            }
        );
        assert!(l.hit("k", 3, 60, 61_000).allowed, "a new window");
        assert!(
            l.hit("other", 3, 60, 61_000).allowed,
            "keys are independent"
        );
    }

    #[test]
    fn bounded_with_lru_eviction() {
        let mut l = MemoryLimiter::new(3);
        for key in ["a", "b", "c"] {
            l.hit(key, 1, 60, 0);
        }
        assert!(!l.hit("a", 1, 60, 0).allowed, "a is now the most recent");
        l.hit("d", 1, 60, 0); // evicts b, the least recently used
        assert_eq!(l.len(), 3);
        assert!(l.hit("b", 1, 60, 0).allowed, "b was forgotten");
        assert!(!l.hit("a", 1, 60, 0).allowed, "a was kept");
        for i in 0..10_000 {
            l.hit(&format!("key-{i}"), 1, 60, 0);
        }
        assert_eq!(l.len(), 3);
        assert_eq!(l.slots.len(), 3);
    }

    #[test]
    fn forgotten_keys_start_over_and_their_slots_are_reused() {
        let mut l = MemoryLimiter::new(2);
        assert!(l.hit("a", 1, 60, 0).allowed);
        assert!(!l.hit("a", 1, 60, 0).allowed);
        l.forget("a");
        l.forget("never-seen");
        assert_eq!(l.len(), 0);
        assert!(l.hit("a", 1, 60, 0).allowed);
        l.hit("b", 1, 60, 0);
        l.hit("c", 1, 60, 0);
        assert_eq!((l.len(), l.slots.len()), (2, 2));
    }

    #[test]
    fn list_stays_consistent_under_churn() {
        let mut l = MemoryLimiter::new(5);
        for i in 0..1000u32 {
            l.hit(&format!("k{}", (i * 7) % 9), 100, 60, i64::from(i));
            if i % 5 == 0 {
                l.forget(&format!("k{}", i % 9));
            }
            let mut seen = 0;
            let mut at = l.newest;
            while at != NONE {
                seen += 1;
                at = l.slots[at].older;
            }
            assert_eq!(seen, l.len());
        }
    }
}
