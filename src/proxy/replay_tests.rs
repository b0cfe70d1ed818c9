use super::*;

#[test]
fn keys_are_scoped_and_hide_what_they_hash() {
    let a = store_key("203.0.113.7", "k-1");
    assert_ne!(
        a,
        store_key("203.0.113.8", "k-1"),
        "another client, another record"
    );
    assert_ne!(a, store_key("203.0.113.7", "k-2"));
    assert!(a.starts_with("idem:") && !a.contains("k-1") && !a.contains("203.0"));
    assert_eq!(a.len(), 5 + 64);
    assert_ne!(
        fingerprint("GET", "/s/1", "1234"),
        fingerprint("GET", "/s/1", "1235")
    );
    // The SHA-256 of "GET\n/s/1\n1234\n" (`printf 'GET\n/s/1\n1234\n' | sha256sum`):
    // the wasm's WebCrypto digest must give the same store keys as earlier versions.
    assert_eq!(
        fingerprint("GET", "/s/1", "1234"),
        "ef4bcc6deb47681407fcd2055866afbfde2af67c4135f8aab233d7bd487e631f"
    );
}

#[test]
fn records_round_trip() {
    let pending = Record {
        fingerprint: "f".into(),
        answer: None,
    };
    assert_eq!(pending.to_text(), r#"{"f":"f"}"#);
    assert_eq!(Record::from_text(&pending.to_text()), Some(pending));
    let done = Record {
        fingerprint: "f".into(),
        answer: Some(Answered {
            status: 200,
            body: "{}".into(),
            content_type: Some("application/json".into()),
            date: None,
            retry_after: None,
        }),
    };
    assert_eq!(Record::from_text(&done.to_text()), Some(done));
    assert_eq!(Record::from_text("nope"), None);
}

#[test]
fn memory_claims_once_until_the_window_ends() {
    let mut m = MemoryRecords::new(10);
    assert_eq!(m.claim("k", "p", 10, 0), None);
    assert_eq!(m.claim("k", "q", 10, 5_000).as_deref(), Some("p"));
    m.settle("k", Some("done"), 10, 6_000);
    assert_eq!(m.claim("k", "q", 10, 15_000).as_deref(), Some("done"));
    assert_eq!(m.claim("k", "q", 10, 16_000), None, "expired: claimed anew");
    m.settle("k", None, 10, 16_000);
    assert_eq!(
        m.claim("k", "r", 10, 16_000),
        None,
        "released: claimed anew"
    );
}

#[test]
fn memory_is_bounded_expired_first_then_oldest() {
    let mut m = MemoryRecords::new(3);
    m.claim("a", "1", 100, 0);
    m.claim("b", "1", 1, 0);
    m.claim("c", "1", 100, 0);
    m.claim("d", "1", 100, 2_000);
    assert_eq!(m.len(), 3);
    assert!(
        m.claim("a", "x", 100, 2_000).is_some(),
        "b expired and went first"
    );
    for i in 0..1000 {
        m.claim(&format!("k{i}"), "1", 100, 3_000);
    }
    assert_eq!(m.len(), 3);
    assert!(m.order.len() <= 6);
}

#[test]
fn a_full_store_looks_for_expired_records_only_once_one_may_have_expired() {
    let mut m = MemoryRecords::new(3);
    m.claim("a", "1", 100, 0);
    m.claim("c", "1", 100, 0);
    m.claim("b", "1", 1, 0);
    // At 0.5 s nothing has expired (b lasts until 1 s): the oldest goes.
    m.claim("d", "1", 100, 500);
    assert!(!m.records.contains_key("a") && m.records.contains_key("b"));
    // At 2 s b has expired: it goes first, the older c stays.
    m.claim("e", "1", 100, 2_000);
    assert!(!m.records.contains_key("b"));
    assert!(["c", "d", "e"].iter().all(|k| m.records.contains_key(*k)));
    // Nothing expired at 2 s: the oldest, c, goes for f, whose life (until 3 s) is now
    // the shortest; at 3.5 s it has expired, and goes first.
    m.claim("f", "1", 1, 2_000);
    assert!(!m.records.contains_key("c"));
    m.claim("g", "1", 100, 3_500);
    assert!(!m.records.contains_key("f"));
    assert!(["d", "e", "g"].iter().all(|k| m.records.contains_key(*k)));
}

#[test]
fn the_next_expiry_is_kept_across_scans_updates_and_its_own_instant() {
    // A short record that outlives a scan is still looked for once it expires.
    let mut m = MemoryRecords::new(3);
    m.claim("a", "1", 100, 0);
    m.claim("b", "1", 5, 0);
    m.claim("c", "1", 1, 0);
    m.claim("d", "1", 100, 2_000); // scans: c goes; b (until 5 s) is the next
    m.claim("e", "1", 100, 6_000);
    assert!(m.records.contains_key("a") && !m.records.contains_key("b"));
    // A record is expired at its own instant (`until > now` is alive).
    let mut m = MemoryRecords::new(2);
    m.claim("a", "1", 100, 0);
    m.claim("b", "1", 1, 0);
    m.claim("c", "1", 100, 1_000);
    assert!(m.records.contains_key("a") && !m.records.contains_key("b"));
    // A record settled with a shorter life than it was claimed with.
    let mut m = MemoryRecords::new(2);
    m.claim("k", "pending", 100, 0);
    m.claim("a", "1", 100, 0);
    m.settle("k", Some("done"), 1, 0);
    m.claim("c", "1", 100, 1_500);
    assert!(!m.records.contains_key("k") && m.records.contains_key("a"));
}
