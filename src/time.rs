//! Timestamps: ISO-8601 from 8x8's bodies and HTTP-dates from `Date` / `Retry-After`,
//! both to milliseconds since the Unix epoch. Integer arithmetic only.

#[allow(unused_imports)]
use crate::prelude::*;

/// Parses an ISO-8601 / RFC 3339 date-time of any fractional precision and any offset
/// (`2025-12-18T05:59:54.09Z`, `2025-12-18T14:05:00.1254323+00:00`, `…+0800`). A time
/// without an offset is read as UTC, which is what 8x8 writes.
pub fn parse_iso8601_ms(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    let year = digits(b, 0, 4)?;
    expect(b, 4, b'-')?;
    let month = digits(b, 5, 2)?;
    expect(b, 7, b'-')?;
    let day = digits(b, 8, 2)?;
    if !matches!(b.get(10), Some(b'T' | b't' | b' ')) {
        return None;
    }
    let hour = digits(b, 11, 2)?;
    expect(b, 13, b':')?;
    let minute = digits(b, 14, 2)?;
    let mut i = 16;
    let mut second = 0;
    let mut millis = 0;
    if b.get(i) == Some(&b':') {
        second = digits(b, i + 1, 2)?;
        i += 3;
        if matches!(b.get(i), Some(b'.' | b',')) {
            i += 1;
            let start = i;
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                if i - start < 3 {
                    millis = millis * 10 + i64::from(b.get(i)? - b'0');
                }
                i += 1;
            }
            let len = i - start;
            if len == 0 {
                return None;
            }
            for _ in len..3 {
                millis *= 10;
            }
        }
    }
    let offset_minutes = match b.get(i) {
        None => 0,
        Some(b'Z' | b'z') if i + 1 == b.len() => 0,
        Some(sign @ (b'+' | b'-')) => {
            let hours = digits(b, i + 1, 2)?;
            let rest = b.len() - (i + 3);
            let minutes = match rest {
                0 => 0,
                2 => digits(b, i + 3, 2)?,
                3 if b.get(i + 3) == Some(&b':') => digits(b, i + 4, 2)?,
                _ => return None,
            };
            if hours > 23 || minutes > 59 {
                return None;
            }
            let total = hours * 60 + minutes;
            if *sign == b'-' {
                -total
            } else {
                total
            }
        }
        _ => return None,
    };
    let seconds = civil_to_seconds(year, month, day, hour, minute, second)?;
    Some((seconds - offset_minutes * 60) * 1000 + millis)
}

/// Parses an HTTP-date (RFC 9110 §5.6.7): IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`),
/// the obsolete RFC 850 form (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime
/// (`Sun Nov  6 08:49:37 1994`).
pub fn parse_http_date_ms(text: &str) -> Option<i64> {
    let parts: Vec<&str> = text.split_ascii_whitespace().collect();
    let (day, month, year, time) = match parts.as_slice() {
        // IMF-fixdate: "Sun," "06" "Nov" "1994" "08:49:37" "GMT"
        [_, day, month, year, time, "GMT"] => (*day, *month, year.parse().ok()?, *time),
        // RFC 850: "Sunday," "06-Nov-94" "08:49:37" "GMT"
        [_, date, time, "GMT"] => {
            let mut it = date.split('-');
            let (day, month, yy) = (it.next()?, it.next()?, it.next()?);
            let yy: i64 = yy.parse().ok()?;
            (
                day,
                month,
                if yy < 70 { 2000 + yy } else { 1900 + yy },
                *time,
            )
        }
        // asctime: "Sun" "Nov" "6" "08:49:37" "1994"
        [_, month, day, time, year] => (*day, *month, year.parse().ok()?, *time),
        _ => return None,
    };
    let day: i64 = day.parse().ok()?;
    let month = month_number(month)?;
    if !(1..=9999).contains(&year) {
        return None;
    }
    let t = time.as_bytes();
    if t.len() != 8 {
        return None;
    }
    let hour = digits(t, 0, 2)?;
    expect(t, 2, b':')?;
    let minute = digits(t, 3, 2)?;
    expect(t, 5, b':')?;
    let second = digits(t, 6, 2)?;
    Some(civil_to_seconds(year, month, day, hour, minute, second)? * 1000)
}

/// Whole seconds from `now_ms` until `at_ms`, rounded down and never negative.
pub fn seconds_until(at_ms: i64, now_ms: i64) -> u64 {
    let delta = at_ms.saturating_sub(now_ms);
    if delta <= 0 {
        0
    } else {
        (delta / 1000) as u64
    }
}

/// Formats milliseconds since the epoch as 8x8 writes timestamps: `yyyy-MM-ddTHH:mm:ss.ffZ`.
#[cfg(any(test, feature = "proxy"))]
pub fn format_iso8601(ms: i64) -> String {
    let seconds = ms.div_euclid(1000);
    let hundredths = ms.rem_euclid(1000) / 10;
    let (days, second_of_day) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{hundredths:02}Z",
        second_of_day / 3600,
        second_of_day % 3600 / 60,
        second_of_day % 60
    )
}

fn month_number(name: &str) -> Option<i64> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    MONTHS.iter().position(|m| *m == name).map(|i| i as i64 + 1)
}

fn digits(b: &[u8], start: usize, len: usize) -> Option<i64> {
    let slice = b.get(start..start + len)?;
    slice.iter().try_fold(0i64, |acc, c| {
        c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
    })
}

fn expect(b: &[u8], at: usize, c: u8) -> Option<()> {
    (b.get(at) == Some(&c)).then_some(())
}

/// Seconds since the epoch for a proleptic Gregorian UTC date-time, after range checks
/// (a leap second `60` is read as `59`).
fn civil_to_seconds(y: i64, m: i64, d: i64, hh: i64, mm: i64, ss: i64) -> Option<i64> {
    if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) || hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + hh * 3600 + mm * 60 + ss.min(59))
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: i64 = 1_766_037_594_000; // 2025-12-18T05:59:54Z

    #[test]
    fn iso_any_precision_and_offset() {
        assert_eq!(parse_iso8601_ms("2025-12-18T05:59:54Z"), Some(T0));
        assert_eq!(parse_iso8601_ms("2025-12-18T05:59:54.09Z"), Some(T0 + 90));
        assert_eq!(
            parse_iso8601_ms("2025-12-18T05:59:54.1254323+00:00"),
            Some(T0 + 125)
        );
        assert_eq!(parse_iso8601_ms("2025-12-18T13:59:54+08:00"), Some(T0));
        assert_eq!(parse_iso8601_ms("2025-12-18T13:59:54.000+0800"), Some(T0));
        assert_eq!(parse_iso8601_ms("2025-12-18T00:59:54-05"), Some(T0));
        assert_eq!(parse_iso8601_ms("2025-12-18t05:59:54z"), Some(T0));
        assert_eq!(parse_iso8601_ms("2025-12-18T05:59:54"), Some(T0));
        assert_eq!(parse_iso8601_ms("2025-12-18T05:59Z"), Some(T0 - 54_000));
        assert_eq!(parse_iso8601_ms("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            parse_iso8601_ms("2024-02-29T00:00:00Z"),
            Some(1_709_164_800_000)
        );
    }

    #[test]
    fn iso_rejects_garbage() {
        for bad in [
            "",
            "2025-12-18",
            "2025-13-18T05:59:54Z",
            "2025-02-30T05:59:54Z",
            "2023-02-29T00:00:00Z",
            "2025-12-18T24:00:00Z",
            "2025-12-18T05:59:54.Z",
            "2025-12-18T05:59:54ZZ",
            "2025-12-18T05:59:54+8",
            "2025-12-18T05:59:54+08:00:00",
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
        assert_eq!(parse_http_date_ms("Sun, 06 Nov 1994 08:49:37 PST"), None);
        assert_eq!(parse_http_date_ms("Sun, 06 Foo 1994 08:49:37 GMT"), None);
        assert_eq!(parse_http_date_ms("120"), None);
        assert_eq!(parse_http_date_ms(""), None);
    }

    #[test]
    fn formats_like_8x8_and_round_trips() {
        assert_eq!(format_iso8601(T0 + 90), "2025-12-18T05:59:54.09Z");
        assert_eq!(format_iso8601(0), "1970-01-01T00:00:00.00Z");
        assert_eq!(format_iso8601(1_709_164_800_999), "2024-02-29T00:00:00.99Z");
        for ms in [0, T0, 951_782_400_000, 4_102_444_799_990] {
            assert_eq!(parse_iso8601_ms(&format_iso8601(ms)), Some(ms), "{ms}");
        }
    }

    #[test]
    fn seconds_until_rounds_down_and_clamps() {
        assert_eq!(seconds_until(10_999, 0), 10);
        assert_eq!(seconds_until(0, 5_000), 0);
        assert_eq!(seconds_until(i64::MIN, i64::MAX), 0);
    }
}
