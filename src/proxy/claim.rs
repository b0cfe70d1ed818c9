//! `onVerified` runs at most once per 8x8 session: the first check that sees the session
//! `VERIFIED` claims it, atomically, in the proxy's store (`hit(key, 1, window)`: the
//! first hit is allowed, every later one refused), so with a shared store (Redis, Durable
//! Objects) the claim holds across every isolate of a deployment, and with the default
//! in-memory store per isolate.
//!
//! 8x8 keeps one `sessionId` for every re-send to a number, so anyone can learn a live
//! session's id by starting a verification of that number, and once its owner has
//! verified, a check of that id with any code is answered `VERIFIED` (the status is
//! final). Without the claim, that check would run `onVerified` with the attacker's
//! request. A claim lasts [`CLAIM_WINDOW_SECONDS`]; a verification too old for a claim
//! to still cover it ([`too_old`]) is closed instead, so a replay after the window
//! cannot run the hook again either.

use crate::time;

/// How long a claim on a session lasts: a day.
pub const CLAIM_WINDOW_SECONDS: u32 = 86_400;

/// The longest code validity 8x8 allows (`codeValidity` ≤ 7200 s): a session is verified
/// at most this long before its `expiresAt`.
const MAX_CODE_VALIDITY_MS: i64 = 7_200_000;

/// The key a session is claimed under: its id in one form whatever the spelling
/// (8x8 writes one id as 32 hex digits and as a dashed UUID), so `A44A…` and `a44a-…`
/// are one claim.
pub fn key(session_id: &str) -> String {
    let canonical: String = session_id
        .chars()
        .filter(|c| *c != '-')
        .map(|c| c.to_ascii_lowercase())
        .collect();
    format!("verified:{canonical}")
}

/// Whether a verification that expires (or expired) at `expires_at` may be older than a
/// claim made when it was verified, at `now_ms` (8x8's clock). It was verified after it
/// was created, `expiresAt − codeValidity`; a claim made then lasts the window; so once
/// `expiresAt − 7200 s + window` has passed, no claim can still cover it. A time that
/// does not parse counts as too old (fails closed).
pub fn too_old(expires_at: &str, now_ms: i64) -> bool {
    let Some(expires_ms) = time::parse_iso8601_ms(expires_at) else {
        return true;
    };
    let window_ms = i64::from(CLAIM_WINDOW_SECONDS) * 1000;
    now_ms >= expires_ms - MAX_CODE_VALIDITY_MS + window_ms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_key_per_session_whatever_the_spelling() {
        let a = key("a44a91be5ea5ea118169020897df5459");
        assert_eq!(a, "verified:a44a91be5ea5ea118169020897df5459");
        assert_eq!(key("A44A91BE-5EA5-EA11-8169-020897DF5459"), a);
        assert_ne!(key("a44a91be5ea5ea118169020897df5458"), a);
    }

    #[test]
    fn a_verification_older_than_any_claim_is_too_old() {
        let expires = "2026-12-06T10:00:00Z";
        let expires_ms = time::parse_iso8601_ms(expires).unwrap();
        let hour = 3_600_000;
        assert!(!too_old(expires, expires_ms - hour), "still open");
        assert!(
            !too_old(expires, expires_ms + 21 * hour),
            "a claim may still cover it"
        );
        assert!(
            too_old(expires, expires_ms + 22 * hour),
            "past any claim's window"
        );
        assert!(too_old("yesterday", expires_ms), "unreadable: closed");
    }
}
