//! The simulator's clock (real time plus an adjustable offset) and the two
//! timestamp formats it emits: 8x8's `yyyy-MM-ddTHH:mm:ss.ffZ` and the HTTP
//! `Date` header's IMF-fixdate.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// A point in time, in milliseconds since the Unix epoch (UTC).
pub type Millis = i64;

/// Milliseconds in one second.
pub const SECOND: Millis = 1000;

/// The simulator's clock: the real clock moved forward by an offset that
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

    /// The current simulator time.
    pub fn now(&self) -> Millis {
        real_now().saturating_add(self.offset_ms.load(Ordering::Relaxed))
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

/// The real wall-clock time, in milliseconds since the Unix epoch.
pub fn real_now() -> Millis {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_millis()).unwrap_or(i64::MAX),
        Err(_) => 0,
    }
}

/// Civil date (year, month 1–12, day 1–31) of a day count since 1970-01-01
/// (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11]
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Broken-down UTC time of an instant.
struct Parts {
    year: i64,
    month: u32,
    day: u32,
    hour: i64,
    minute: i64,
    second: i64,
    millis: i64,
    weekday: usize,
}

fn parts(t: Millis) -> Parts {
    let days = t.div_euclid(86_400_000);
    let in_day = t.rem_euclid(86_400_000);
    let (year, month, day) = civil_from_days(days);
    Parts {
        year,
        month,
        day,
        hour: in_day / 3_600_000,
        minute: in_day / 60_000 % 60,
        second: in_day / 1000 % 60,
        millis: in_day % 1000,
        // 1970-01-01 was a Thursday; index 0 is Sunday.
        weekday: (days + 4).rem_euclid(7) as usize,
    }
}

/// 8x8's timestamp format, `yyyy-MM-ddTHH:mm:ss.ffZ` (two fractional digits,
/// truncated), e.g. `2025-12-18T05:59:54.09Z`.
pub fn timestamp(t: Millis) -> String {
    let p = parts(t);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:02}Z",
        p.year,
        p.month,
        p.day,
        p.hour,
        p.minute,
        p.second,
        p.millis / 10
    )
}

/// The HTTP `Date` format (IMF-fixdate, RFC 9110 §5.6.7), e.g.
/// `Sun, 06 Nov 1994 08:49:37 GMT`.
pub fn http_date(t: Millis) -> String {
    const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let p = parts(t);
    format!(
        "{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
        DAYS[p.weekday],
        p.day,
        MONTHS[(p.month - 1) as usize],
        p.year,
        p.hour,
        p.minute,
        p.second
    )
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
    }

    #[test]
    fn agrees_with_a_day_by_day_walk() {
        // Walk 1970..2100 one day at a time and compare with civil_from_days.
        let mut y = 1970i64;
        let mut m = 1u32;
        let mut d = 1u32;
        for days in 0..47_482i64 {
            assert_eq!(civil_from_days(days), (y, m, d), "day {days}");
            let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
            let len = match m {
                2 if leap => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            d += 1;
            if d > len {
                d = 1;
                m += 1;
                if m > 12 {
                    m = 1;
                    y += 1;
                }
            }
        }
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
        let before = c.now();
        c.advance(3_600_000);
        assert!(c.now() >= before + 3_600_000);
        c.reset();
        assert!(c.now() < before + 3_600_000);
    }
}
