//! [`Value`] to compact JSON text, as `JSON.stringify` would write it — except numbers with a
//! fraction, which get at most six decimals (no float formatter in the wasm; the only such
//! number sent anywhere is a voice `speed` like 0.8).

#[allow(unused_imports)]
use crate::prelude::*;

use super::Value;
use crate::text::decimal;

impl Value {
    /// Compact JSON text.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        write(self, &mut out);
        out
    }
}

fn write(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => write_number(*n, out),
        Value::String(s) => write_string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(item, out);
            }
            out.push(']');
        }
        Value::Object(members) => {
            out.push('{');
            for (i, (key, member)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(key, out);
                out.push(':');
                write(member, out);
            }
            out.push('}');
        }
    }
}

/// Integers exactly; other finite numbers to six decimals, trailing zeros dropped;
/// `NaN` and infinities as `null` (as `JSON.stringify` does).
fn write_number(n: f64, out: &mut String) {
    if !n.is_finite() {
        out.push_str("null");
        return;
    }
    let magnitude = if n < 0.0 { -n } else { n };
    if magnitude < 9_007_199_254_740_992.0 && (n as i64) as f64 == n {
        out.push_str(&decimal(n as i64));
        return;
    }
    if magnitude >= 9_007_199_254_740_992.0 {
        // Beyond 2^53 every f64 is an integer; this writes its value rounded to i64's range.
        out.push_str(&decimal(n as i64));
        return;
    }
    let micros = (magnitude * 1e6 + 0.5) as u64;
    let (whole, mut fraction) = (micros / 1_000_000, micros % 1_000_000);
    if n < 0.0 && micros > 0 {
        out.push('-');
    }
    out.push_str(&decimal(whole as i64));
    if fraction > 0 {
        let mut digits = 6;
        while fraction % 10 == 0 {
            fraction /= 10;
            digits -= 1;
        }
        out.push('.');
        let text = decimal(fraction as i64);
        for _ in text.len()..digits {
            out.push('0');
        }
        out.push_str(&text);
    }
}

fn write_string(s: &str, out: &mut String) {
    out.push('"');
    let mut run = 0;
    for (at, byte) in s.bytes().enumerate() {
        let escaped = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        // Bytes that need escaping are ASCII, so `at` is a char boundary.
        out.push_str(s.get(run..at).unwrap_or_default());
        run = at + 1;
        if escaped.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(char::from(
                *HEX.get(usize::from(byte >> 4)).unwrap_or(&b'0'),
            ));
            out.push(char::from(
                *HEX.get(usize::from(byte & 15)).unwrap_or(&b'0'),
            ));
        } else {
            out.push_str(escaped);
        }
    }
    out.push_str(s.get(run..).unwrap_or_default());
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;
    use crate::json::testing::from_serde;
    use proptest::prelude::*;

    #[test]
    fn writes_compact_json() {
        let v = parse(r#" { "a" : [1, -2.5, 0.8, true, null, "x\"\\\n\u0001é😀"], "b": {} } "#)
            .unwrap();
        assert_eq!(
            v.to_json(),
            r#"{"a":[1,-2.5,0.8,true,null,"x\"\\\n\u0001é😀"],"b":{}}"#
        );
    }

    #[test]
    fn numbers() {
        for (n, text) in [
            (0.0, "0"),
            (-0.0, "0"),
            (7.0, "7"),
            (-1400.0, "-1400"),
            (0.8, "0.8"),
            (1.25, "1.25"),
            (2.0, "2"),
            (0.5, "0.5"),
            (-0.000_000_1, "0"),
            (1.000_000_4, "1"),
            (123.456_789_9, "123.45679"),
            (f64::NAN, "null"),
            (f64::INFINITY, "null"),
            (9_007_199_254_740_993.0, "9007199254740992"),
        ] {
            assert_eq!(Value::Number(n).to_json(), text, "{n}");
        }
    }

    proptest! {
        #[test]
        fn round_trips_through_serde_json(value in any::<(i32, String, bool, Option<u16>, Vec<i16>, String)>()) {
            let json = serde_json::to_value(&value).unwrap();
            let text = from_serde(&json).to_json();
            prop_assert_eq!(&serde_json::from_str::<serde_json::Value>(&text).unwrap(), &json);
            prop_assert_eq!(parse(&text), Some(from_serde(&json)));
        }
    }
}
