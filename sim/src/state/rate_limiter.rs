//! `--rate-limit N`: at most N requests per fixed one-second window of the
//! real clock, per subaccount.

use std::collections::HashMap;

use crate::model::clock::Millis;

/// Fixed-window counters, one per subaccount.
#[derive(Debug, Default)]
pub struct RateLimiter {
    windows: HashMap<String, (i64, u64)>,
}

/// Most keys tracked before stale windows are dropped.
const MAX_KEYS: usize = 1024;

impl RateLimiter {
    /// No counters yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Counts one request for `key` at real time `now_ms`; `false` when it is
    /// over `limit` in the current second. A `limit` of 0 never limits.
    pub fn allow(&mut self, key: &str, limit: u64, now_ms: Millis) -> bool {
        if limit == 0 {
            return true;
        }
        let window = now_ms.div_euclid(1000);
        if self.windows.len() >= MAX_KEYS && !self.windows.contains_key(key) {
            self.windows.retain(|_, (w, _)| *w == window);
        }
        let entry = self.windows.entry(key.to_string()).or_insert((window, 0));
        if entry.0 != window {
            *entry = (window, 0);
        }
        entry.1 += 1;
        entry.1 <= limit
    }

    /// Forgets every counter.
    pub fn clear(&mut self) {
        self.windows.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_within_a_second_and_resets_after() {
        let mut r = RateLimiter::new();
        assert!(r.allow("a", 2, 1_000));
        assert!(r.allow("a", 2, 1_500));
        assert!(!r.allow("a", 2, 1_999));
        assert!(r.allow("b", 2, 1_999));
        assert!(r.allow("a", 2, 2_000));
        assert!((0..100).all(|_| r.allow("a", 0, 2_000)));
    }

    #[test]
    fn key_count_stays_bounded() {
        let mut r = RateLimiter::new();
        for i in 0..10_000 {
            r.allow(&i.to_string(), 1, i * 1000);
        }
        assert!(r.windows.len() <= MAX_KEYS);
    }
}
