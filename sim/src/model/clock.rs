//! The simulator's clock (the front end's real time plus an offset that only
//! grows) and the two timestamp formats it emits, written by the `time` crate:
//! 8x8's `yyyy-MM-ddTHH:mm:ss.ffZ` and the HTTP `Date` header's IMF-fixdate.
//!
//! The core never reads a clock itself: each front end passes its real time in
//! (the native server reads the system clock; the npm package `Date.now()` or
//! the user's `now` option), so the core stays pure and runs in wasm.

use std::fmt;
use std::sync::atomic::{AtomicI64, Ordering};

use serde::{Serialize, Serializer};
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;
use time::OffsetDateTime;

/// A point in time, in milliseconds since the Unix epoch (UTC).
pub type Millis = i64;

/// Milliseconds in one second.
pub const SECOND: Millis = 1000;

/// The simulator's clock: real time moved forward by an offset that
/// `POST /_sim/clock` grows and `POST /_sim/reset` clears.
#[derive(Debug, Default)]
pub struct Clock {
    offset_ms: AtomicI64,
}

impl Clock {
    /// A clock that follows real time (offset zero).
    pub fn new() -> Self {
        Self::default()
    }

    /// The simulator time when the real time is `real`.
    pub fn at(&self, real: Millis) -> Millis {
        real.saturating_add(self.offset_ms.load(Ordering::Relaxed))
    }

    /// Moves the clock forward by `ms` milliseconds.
    pub fn advance(&self, ms: Millis) {
        // A single fetch_update keeps concurrent advances additive.
        let _ = self
            .offset_ms
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |o| {
                Some(o.saturating_add(ms.max(0)))
            });
    }

    /// Back to real time.
    pub fn reset(&self) {
        self.offset_ms.store(0, Ordering::Relaxed);
    }
}

/// 8x8's timestamp format: two fractional digits, truncated.
const STAMP: &[BorrowedFormatItem<'_>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:2]Z");

/// IMF-fixdate (RFC 9110 §5.6.7).
const HTTP_DATE: &[BorrowedFormatItem<'_>] = format_description!(
    "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
);

/// The instant `t`, clamped to the years the `time` crate represents (±9999).
fn instant(t: Millis) -> OffsetDateTime {
    let nanos = i128::from(t) * 1_000_000;
    OffsetDateTime::from_unix_timestamp_nanos(nanos).unwrap_or(if nanos < 0 {
        time::PrimitiveDateTime::MIN.assume_utc()
    } else {
        time::PrimitiveDateTime::MAX.assume_utc()
    })
}

fn format(t: Millis, items: &[BorrowedFormatItem<'_>]) -> String {
    // Formatting a valid instant into a String cannot fail for these descriptions.
    instant(t).format(items).unwrap_or_default()
}

/// 8x8's timestamp format, `yyyy-MM-ddTHH:mm:ss.ffZ` (two fractional digits,
/// truncated), e.g. `2025-12-18T05:59:54.09Z`.
pub fn timestamp(t: Millis) -> String {
    format(t, STAMP)
}

/// The HTTP `Date` format (IMF-fixdate), e.g. `Sun, 06 Nov 1994 08:49:37 GMT`.
pub fn http_date(t: Millis) -> String {
    format(t, HTTP_DATE)
}

/// An instant that serialises as an 8x8 [`timestamp`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp(pub Millis);

impl fmt::Display for Stamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&timestamp(self.0))
    }
}

impl Serialize for Stamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Whole seconds from `now` until `later`, rounded up, at least 1: the value of
/// a `Retry-After` header.
pub fn ceil_seconds_until(now: Millis, later: Millis) -> i64 {
    let ms = later.saturating_sub(now).max(1);
    (ms + SECOND - 1) / SECOND
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_the_epoch() {
        assert_eq!(timestamp(0), "1970-01-01T00:00:00.00Z");
        assert_eq!(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
    }

    #[test]
    fn formats_known_instants() {
        // 1994-11-06T08:49:37Z, the RFC example.
        assert_eq!(http_date(784_111_777_000), "Sun, 06 Nov 1994 08:49:37 GMT");
        // 2025-12-18T05:59:54.09Z, from the spec's examples.
        assert_eq!(timestamp(1_766_037_594_090), "2025-12-18T05:59:54.09Z");
        // Centiseconds are truncated, not rounded.
        assert_eq!(timestamp(1_766_037_594_099), "2025-12-18T05:59:54.09Z");
        // Leap day.
        assert_eq!(timestamp(951_782_400_000), "2000-02-29T00:00:00.00Z");
        assert_eq!(http_date(951_782_400_000), "Tue, 29 Feb 2000 00:00:00 GMT");
        // End of a year.
        assert_eq!(timestamp(1_704_067_199_999), "2023-12-31T23:59:59.99Z");
        assert_eq!(
            serde_json::to_string(&Stamp(0)).unwrap(),
            "\"1970-01-01T00:00:00.00Z\""
        );
    }

    #[test]
    fn far_future_clamps_instead_of_failing() {
        assert_eq!(timestamp(i64::MAX), "9999-12-31T23:59:59.99Z");
    }

    #[test]
    fn retry_after_rounds_up() {
        assert_eq!(ceil_seconds_until(0, 1), 1);
        assert_eq!(ceil_seconds_until(0, 1000), 1);
        assert_eq!(ceil_seconds_until(0, 1001), 2);
        assert_eq!(ceil_seconds_until(0, 9_999), 10);
        assert_eq!(ceil_seconds_until(5, 0), 1);
    }

    #[test]
    fn clock_advances_and_resets() {
        let c = Clock::new();
        assert_eq!(c.at(1_000), 1_000);
        c.advance(3_600_000);
        c.advance(-5);
        assert_eq!(c.at(1_000), 3_601_000);
        c.reset();
        assert_eq!(c.at(1_000), 1_000);
    }
}
