//! Timestamps to milliseconds since the Unix epoch: ISO-8601 from 8x8's bodies and
//! HTTP-dates from `Date` / `Retry-After`.
//!
//! In wasm — the browser's and the server's — the runtime's own `Date.parse` does it, for
//! almost no bytes (the `time` and `httpdate` crates cost the server wasm 9.9 KB gzipped).
//! Native builds use those crates, which are exact where `Date.parse` is lenient (it
//! accepts a February 30th, and rejects a `+08` offset that ISO-8601 allows; 8x8 sends
//! neither).

/// Milliseconds since the epoch for an ISO-8601 date-time (`2025-12-18T05:59:54.09Z`,
/// any fractional precision, any offset), by the runtime's `Date.parse`.
#[cfg(target_arch = "wasm32")]
pub fn parse_iso8601_ms(text: &str) -> Option<i64> {
    let ms = js_sys::Date::parse(text);
    ms.is_finite().then_some(ms as i64)
}

/// Milliseconds since the epoch for an HTTP-date (`Sun, 06 Nov 1994 08:49:37 GMT`), by
/// the runtime's `Date.parse`.
#[cfg(target_arch = "wasm32")]
pub fn parse_http_date_ms(text: &str) -> Option<i64> {
    parse_iso8601_ms(text)
}

#[cfg(not(target_arch = "wasm32"))]
pub use exact::{parse_http_date_ms, parse_iso8601_ms};

#[cfg(not(target_arch = "wasm32"))]
mod exact {
    use std::time::UNIX_EPOCH;
    use time::format_description::well_known::Iso8601;
    use time::{OffsetDateTime, PrimitiveDateTime};

    /// Parses an ISO-8601 date-time of any fractional precision and any offset
    /// (`2025-12-18T05:59:54.09Z`, `2025-12-18T14:05:00.1254323+00:00`, `…+0800`). A time
    /// without an offset is read as UTC, which is what 8x8 writes.
    pub fn parse_iso8601_ms(text: &str) -> Option<i64> {
        let at = OffsetDateTime::parse(text, &Iso8601::DEFAULT)
            .or_else(|_| PrimitiveDateTime::parse(text, &Iso8601::DEFAULT).map(|t| t.assume_utc()))
            .ok()?;
        i64::try_from(at.unix_timestamp_nanos() / 1_000_000).ok()
    }

    /// Parses an HTTP-date (RFC 9110 §5.6.7): IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`),
    /// the obsolete RFC 850 form and asctime.
    pub fn parse_http_date_ms(text: &str) -> Option<i64> {
        let at = httpdate::parse_http_date(text.trim()).ok()?;
        let since = at.duration_since(UNIX_EPOCH).ok()?;
        i64::try_from(since.as_millis()).ok()
    }
}

/// Whole seconds from `now_ms` until `at_ms`, rounded down and never negative.
pub fn seconds_until(at_ms: i64, now_ms: i64) -> u64 {
    u64::try_from(at_ms.saturating_sub(now_ms) / 1000).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: i64 = 1_766_037_594_000; // 2025-12-18T05:59:54Z

    #[test]
    fn iso_any_precision_and_offset() {
        for (text, ms) in [
            ("2025-12-18T05:59:54Z", T0),
            ("2025-12-18T05:59:54.09Z", T0 + 90),
            ("2025-12-18T05:59:54.1254323+00:00", T0 + 125),
            ("2025-12-18T13:59:54+08:00", T0),
            ("2025-12-18T13:59:54.000+0800", T0),
            ("2025-12-18T00:59:54-05", T0),
            ("2025-12-18T05:59:54", T0),
            ("2025-12-18T05:59Z", T0 - 54_000),
            ("1970-01-01T00:00:00Z", 0),
            ("2024-02-29T00:00:00Z", 1_709_164_800_000),
        ] {
            assert_eq!(parse_iso8601_ms(text), Some(ms), "{text}");
        }
    }

    #[test]
    fn iso_rejects_garbage() {
        for bad in [
            "",
            "tomorrow",
            "2025-13-18T05:59:54Z",
            "2025-02-30T05:59:54Z",
            "2023-02-29T00:00:00Z",
            "2025-12-18T25:00:00Z",
            "2025-12-18T05:59:54.Z",
            "2025-12-18T05:59:54ZZ",
            "x025-12-18T05:59:54Z",
            "２０２５-12-18T05:59:54Z",
        ] {
            assert_eq!(parse_iso8601_ms(bad), None, "{bad}");
        }
    }

    #[test]
    fn http_dates_in_all_three_forms() {
        let t = 784_111_777_000; // 1994-11-06T08:49:37Z
        assert_eq!(parse_http_date_ms("Sun, 06 Nov 1994 08:49:37 GMT"), Some(t));
        assert_eq!(
            parse_http_date_ms("Sunday, 06-Nov-94 08:49:37 GMT"),
            Some(t)
        );
        assert_eq!(parse_http_date_ms("Sun Nov  6 08:49:37 1994"), Some(t));
        for bad in [
            "Sun, 06 Nov 1994 08:49:37 PST",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "120",
            "",
            "1.5",
            "-1",
        ] {
            assert_eq!(parse_http_date_ms(bad), None, "{bad}");
        }
    }

    #[test]
    fn seconds_until_rounds_down_and_clamps() {
        assert_eq!(seconds_until(10_999, 0), 10);
        assert_eq!(seconds_until(0, 5_000), 0);
        assert_eq!(seconds_until(i64::MIN, i64::MAX), 0);
    }
}
