//! The sessions claimed for `onVerified` in this isolate when the proxy has no shared
//! store (see [`super::claim`]): at most a fixed number, the oldest forgotten first.

use std::collections::{BTreeSet, VecDeque};

/// A bounded set that forgets its oldest member to make room.
pub struct Seen {
    capacity: usize,
    members: BTreeSet<String>,
    order: VecDeque<String>,
}

impl Seen {
    /// A set holding at most `capacity` members (at least 1).
    pub fn new(capacity: usize) -> Self {
        Seen {
            capacity: capacity.max(1),
            members: BTreeSet::new(),
            order: VecDeque::new(),
        }
    }

    /// Adds `member`; false when it was already there.
    pub fn insert(&mut self, member: &str) -> bool {
        if self.members.contains(member) {
            return false;
        }
        while self.members.len() >= self.capacity {
            match self.order.pop_front() {
                Some(oldest) => {
                    self.members.remove(&oldest);
                }
                None => break,
            }
        }
        self.members.insert(member.to_owned());
        self.order.push_back(member.to_owned());
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn once_each_bounded_oldest_first() {
        let mut seen = Seen::new(2);
        assert!(seen.insert("a"));
        assert!(!seen.insert("a"));
        assert!(seen.insert("b"));
        assert!(seen.insert("c"), "a is forgotten to make room");
        assert!(seen.insert("a"));
        assert!(!seen.insert("c"));
        assert_eq!((seen.members.len(), seen.order.len()), (2, 2));
    }
}
