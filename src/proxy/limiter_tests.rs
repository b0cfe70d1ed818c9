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
            retry_after_seconds: 30,
            store_full: false
        }
    );
    assert_eq!(
        l.hit("k", 3, 60, 60_500),
        Decision {
            allowed: false,
            retry_after_seconds: 1,
            store_full: false
        }
    );
    assert!(l.hit("k", 3, 60, 61_000).allowed, "a new window");
    assert!(
        l.hit("other", 3, 60, 61_000).allowed,
        "keys are independent"
    );
}

#[test]
fn a_flood_never_evicts_a_blocking_key() {
    let mut l = MemoryLimiter::new(100);
    for _ in 0..3 {
        assert!(l.hit("dest:victim", 3, 600, 0).allowed);
    }
    assert!(!l.hit("dest:victim", 3, 600, 0).allowed, "blocking");
    // 12k distinct keys, each once (under its limit): they recycle each other's slots.
    for i in 0..12_000 {
        assert!(l.hit(&format!("dest:{i}"), 3, 600, 1_000).allowed, "{i}");
    }
    assert_eq!(l.len(), 100);
    assert!(
        !l.hit("dest:victim", 3, 600, 2_000).allowed,
        "still blocking after the flood"
    );
}

#[test]
fn expired_windows_go_first_then_keys_below_their_limit() {
    let mut l = MemoryLimiter::new(3);
    l.hit("old", 1, 10, 0); // blocking until 10 s, then expired
    l.hit("open", 5, 600, 0); // below its limit
    l.hit("blocked", 1, 600, 0); // blocking for 600 s
    l.hit("new-1", 1, 600, 20_000); // takes the expired slot
    assert!(l.hit("open", 5, 600, 20_000).allowed, "open kept");
    assert!(!l.hit("blocked", 1, 600, 20_000).allowed, "blocked kept");
    l.hit("new-2", 1, 600, 21_000); // only "open" is below its limit: it goes
    assert!(!l.hit("blocked", 1, 600, 21_000).allowed);
    assert!(!l.hit("new-1", 1, 600, 21_000).allowed);
    assert_eq!(l.len(), 3);
}

#[test]
fn with_only_blocking_keys_new_keys_are_refused_until_a_window_ends() {
    let mut l = MemoryLimiter::new(2);
    l.hit("a", 1, 60, 0);
    l.hit("b", 1, 120, 0);
    assert_eq!(
        l.hit("c", 1, 60, 10_000),
        Decision {
            allowed: false,
            retry_after_seconds: 50,
            store_full: true
        }
    );
    assert!(!l.hit("a", 1, 60, 10_000).allowed, "a was kept");
    assert!(
        l.hit("c", 1, 60, 60_000).allowed,
        "a's window ended: its slot is free for c"
    );
    assert!(!l.hit("b", 1, 120, 60_000).allowed, "b kept");
}

#[test]
fn memory_is_bounded_by_the_capacity() {
    let mut l = MemoryLimiter::new(1000);
    for i in 0..100_000 {
        l.hit(&format!("key-{i}"), 2, 60, i64::from(i));
    }
    assert_eq!((l.len(), l.slots.len()), (1000, 1000));
    assert!(l.by_window_end.len() <= 1000 && l.open.len() <= 1000);
}

#[test]
fn indexes_stay_consistent_under_churn() {
    let mut l = MemoryLimiter::new(5);
    // The limit each key was last hit with: a key is open while below it.
    let mut max_of = std::collections::HashMap::new();
    for i in 0..5000i64 {
        let key = format!("k{}", (i * 7) % 11);
        let max = (i % 3) as u32 + 1;
        l.hit(&key, max, (i % 5) as u32 + 1, i * 300);
        max_of.insert(key, max);
        assert_eq!(l.by_window_end.len(), l.len());
        for (key, &slot) in &l.index {
            let s = &l.slots[slot];
            assert!(l.by_window_end.contains(&(s.window_end_ms, slot)));
            assert_eq!(l.open.contains(&(s.last_hit, slot)), s.count < max_of[key]);
        }
    }
}

#[test]
fn keys_just_counted_survive_a_store_full_of_open_keys() {
    // A full store of keys below their limit (a flood of one-off clients), then one client
    // sending again and again to one number: each request counts an IP key, a number key
    // and a country key, and making room for one must not drop the others.
    let mut l = MemoryLimiter::new(100);
    for i in 0..100 {
        l.hit(&format!("ip:flood-{i}"), 10, 3600, 0);
    }
    let mut allowed = 0;
    for _ in 0..20 {
        let ip = l.hit("ip:sender", 10, 3600, 1_000).allowed;
        let dest = l.hit("dest:victim", 3, 600, 1_000).allowed;
        let country = l.hit("country:GB", 50, 3600, 1_000).allowed;
        if ip && dest && country {
            allowed += 1;
        }
    }
    assert_eq!(allowed, 3, "the number's limit of 3 held");
    assert!(!l.hit("dest:victim", 3, 600, 2_000).allowed);
}

#[test]
fn the_least_recently_hit_open_key_goes_first() {
    let mut l = MemoryLimiter::new(3);
    l.hit("a", 5, 600, 0);
    l.hit("b", 5, 600, 0);
    l.hit("c", 5, 600, 0);
    l.hit("a", 5, 600, 1); // a is now the most recent; b the oldest
    l.hit("d", 5, 600, 2); // b goes
    assert!(l.index.contains_key("a") && l.index.contains_key("c"));
    assert!(!l.index.contains_key("b"));
}
