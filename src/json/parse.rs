//! Strict JSON (RFC 8259) to [`Value`]: what `JSON.parse` accepts, nothing more.
//!
//! Numbers: integers up to 2^53 are exact; other numbers are computed with at most one
//! rounding when mantissa and power of ten are exact in `f64` (Clinger's fast path), and
//! approximately beyond that — 8x8's bodies carry small integers; other numbers are only
//! passed over.

#[allow(unused_imports)]
use crate::prelude::*;

use super::Value;

/// Nesting deeper than this is refused (a hostile body must not exhaust the stack).
const MAX_DEPTH: u32 = 64;

/// Parses `text`; `None` unless it is one JSON value (surrounded by whitespace at most).
pub fn parse(text: &str) -> Option<Value> {
    let mut parser = Parser {
        text,
        at: 0,
        depth: 0,
    };
    parser.skip_whitespace();
    let value = parser.value()?;
    parser.skip_whitespace();
    (parser.at == text.len()).then_some(value)
}

struct Parser<'a> {
    text: &'a str,
    at: usize,
    depth: u32,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.at += 1;
        Some(byte)
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn literal(&mut self, word: &str, value: Value) -> Option<Value> {
        let end = self.at + word.len();
        (self.text.get(self.at..end)? == word).then(|| {
            self.at = end;
            value
        })
    }

    fn value(&mut self) -> Option<Value> {
        match self.peek()? {
            b'{' => self.nested(Self::object),
            b'[' => self.nested(Self::array),
            b'"' => self.string().map(Value::String),
            b't' => self.literal("true", Value::Bool(true)),
            b'f' => self.literal("false", Value::Bool(false)),
            b'n' => self.literal("null", Value::Null),
            b'-' | b'0'..=b'9' => self.number().map(Value::Number),
            _ => None,
        }
    }

    fn nested(&mut self, read: fn(&mut Self) -> Option<Value>) -> Option<Value> {
        if self.depth >= MAX_DEPTH {
            return None;
        }
        self.depth += 1;
        let value = read(self);
        self.depth -= 1;
        value
    }

    fn object(&mut self) -> Option<Value> {
        self.at += 1; // {
        let mut members = Vec::new();
        self.skip_whitespace();
        if self.peek()? == b'}' {
            self.at += 1;
            return Some(Value::Object(members));
        }
        loop {
            self.skip_whitespace();
            if self.peek()? != b'"' {
                return None;
            }
            let key = self.string()?;
            self.skip_whitespace();
            (self.next()? == b':').then_some(())?;
            self.skip_whitespace();
            members.push((key, self.value()?));
            self.skip_whitespace();
            match self.next()? {
                b',' => continue,
                b'}' => return Some(Value::Object(members)),
                _ => return None,
            }
        }
    }

    fn array(&mut self) -> Option<Value> {
        self.at += 1; // [
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek()? == b']' {
            self.at += 1;
            return Some(Value::Array(items));
        }
        loop {
            self.skip_whitespace();
            items.push(self.value()?);
            self.skip_whitespace();
            match self.next()? {
                b',' => continue,
                b']' => return Some(Value::Array(items)),
                _ => return None,
            }
        }
    }

    fn string(&mut self) -> Option<String> {
        self.at += 1; // "
        let mut out = String::new();
        let mut run = self.at;
        loop {
            match self.peek()? {
                b'"' => {
                    out.push_str(self.text.get(run..self.at)?);
                    self.at += 1;
                    return Some(out);
                }
                b'\\' => {
                    out.push_str(self.text.get(run..self.at)?);
                    self.at += 1;
                    self.escape(&mut out)?;
                    run = self.at;
                }
                0..=0x1f => return None,
                _ => self.at += 1,
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Option<()> {
        let c = match self.next()? {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let unit = self.hex4()?;
                if (0xd800..0xdc00).contains(&unit)
                    && self.text.get(self.at..self.at + 2) == Some("\\u")
                {
                    let save = self.at;
                    self.at += 2;
                    let low = self.hex4()?;
                    if (0xdc00..0xe000).contains(&low) {
                        let code = 0x10000
                            + ((u32::from(unit) - 0xd800) << 10)
                            + (u32::from(low) - 0xdc00);
                        char::from_u32(code).unwrap_or('\u{fffd}')
                    } else {
                        self.at = save; // a lone high surrogate, then another escape
                        '\u{fffd}'
                    }
                } else {
                    // Rust strings cannot hold a lone surrogate.
                    char::from_u32(u32::from(unit)).unwrap_or('\u{fffd}')
                }
            }
            _ => return None,
        };
        out.push(c);
        Some(())
    }

    fn hex4(&mut self) -> Option<u16> {
        let digits = self.text.get(self.at..self.at + 4)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.at += 4;
        u16::from_str_radix(digits, 16).ok()
    }

    fn number(&mut self) -> Option<f64> {
        let negative = self.peek() == Some(b'-');
        if negative {
            self.at += 1;
        }
        let mut mantissa: u64 = 0;
        let mut significant = 0u32;
        let mut exponent: i32 = 0;
        let mut digits = |parser: &mut Self, fraction: bool| -> usize {
            let start = parser.at;
            while let Some(d @ b'0'..=b'9') = parser.peek() {
                if significant < 19 {
                    mantissa = mantissa * 10 + u64::from(d - b'0');
                    if mantissa > 0 {
                        significant += 1;
                    }
                    if fraction {
                        exponent -= 1;
                    }
                } else if !fraction {
                    exponent += 1;
                }
                parser.at += 1;
            }
            parser.at - start
        };
        let leading_zero = self.peek() == Some(b'0');
        let integer_digits = digits(self, false);
        if integer_digits == 0 || (leading_zero && integer_digits > 1) {
            return None;
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            if digits(self, true) == 0 {
                return None;
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            let sign = match self.peek() {
                Some(b'-') => {
                    self.at += 1;
                    -1
                }
                Some(b'+') => {
                    self.at += 1;
                    1
                }
                _ => 1,
            };
            let start = self.at;
            let mut value: i32 = 0;
            while let Some(d @ b'0'..=b'9') = self.peek() {
                value = value.saturating_mul(10).saturating_add(i32::from(d - b'0'));
                self.at += 1;
            }
            if self.at == start {
                return None;
            }
            exponent = exponent.saturating_add(sign * value);
        }
        let magnitude = scale(mantissa, exponent);
        Some(if negative { -magnitude } else { magnitude })
    }
}

/// `mantissa × 10^exponent` in `f64`.
fn scale(mantissa: u64, exponent: i32) -> f64 {
    const EXACT: [f64; 23] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];
    if mantissa == 0 {
        return 0.0;
    }
    let mut value = mantissa as f64;
    let mut exponent = exponent;
    while exponent > 22 {
        value *= 1e22;
        exponent -= 22;
        if value.is_infinite() {
            return value;
        }
    }
    while exponent < -22 {
        value /= 1e22;
        exponent += 22;
        if value == 0.0 {
            return value;
        }
    }
    let power = EXACT
        .get(exponent.unsigned_abs() as usize)
        .copied()
        .unwrap_or(1.0);
    if exponent >= 0 {
        value * power
    } else {
        value / power
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::testing::from_serde;
    use proptest::prelude::*;

    #[test]
    fn accepts_what_json_parse_accepts() {
        for (text, expected) in [
            ("null", Value::Null),
            (" true ", Value::Bool(true)),
            ("-0", Value::Number(-0.0)),
            ("0.8", Value::Number(0.8)),
            ("1e3", Value::Number(1000.0)),
            ("-12.5E-1", Value::Number(-1.25)),
            ("6598765432", Value::Number(6_598_765_432.0)),
            (
                r#""a\"b\\c\/d\u00e9\ud83d\ude00\n""#,
                Value::string("a\"b\\c/dé😀\n"),
            ),
            (r#""\ud800x""#, Value::string("\u{fffd}x")),
            (
                "[1, [], {}]",
                Value::Array(vec![
                    Value::Number(1.0),
                    Value::Array(vec![]),
                    Value::Object(vec![]),
                ]),
            ),
            (
                r#"{"a": 1, "a": 2}"#,
                Value::Object(vec![
                    ("a".into(), Value::Number(1.0)),
                    ("a".into(), Value::Number(2.0)),
                ]),
            ),
        ] {
            assert_eq!(parse(text), Some(expected), "{text}");
        }
    }

    #[test]
    fn refuses_what_json_parse_refuses() {
        for text in [
            "",
            " ",
            "nul",
            "True",
            "01",
            "1.",
            ".5",
            "+1",
            "1e",
            "--1",
            "0x10",
            "[1,]",
            "{\"a\":1,}",
            "{a:1}",
            "[1 2]",
            "\"unterminated",
            "\"tab\there\"",
            "\"\\x\"",
            "\"\\u12\"",
            "{\"a\" 1}",
            "1 2",
            "NaN",
            "Infinity",
            "[",
            "'single'",
            "\u{feff}1",
        ] {
            assert_eq!(parse(text), None, "{text:?}");
        }
        let deep = format!("{}{}", "[".repeat(65), "]".repeat(65));
        assert_eq!(parse(&deep), None, "too deep");
        let fine = format!("{}{}", "[".repeat(64), "]".repeat(64));
        assert!(parse(&fine).is_some());
    }

    #[test]
    fn numbers_like_javascript() {
        for text in [
            "0.1",
            "0.5",
            "2",
            "1.7976931348623157e308",
            "5e-324",
            "123456789012345678901234567890",
            "9007199254740993",
            "-3.14159",
            "1e400",
            "1e-400",
        ] {
            let expected: f64 = text.parse().unwrap();
            let Some(Value::Number(n)) = parse(text) else {
                panic!("{text}")
            };
            let close = n == expected || ((n - expected) / expected).abs() < 1e-15;
            assert!(close, "{text}: {n} vs {expected}");
        }
    }

    proptest! {
        #[test]
        fn agrees_with_serde_json(text in r#"[\[\]{}":,0-9.eE+\- a-z\\tnul]{0,40}"#) {
            let ours = parse(&text);
            let theirs = serde_json::from_str::<serde_json::Value>(&text);
            // serde_json refuses numbers beyond f64; JSON.parse (and this parser) read Infinity.
            if !theirs.as_ref().is_err_and(|e| e.to_string().contains("out of range")) {
                prop_assert_eq!(ours.is_some(), theirs.is_ok(), "{:?}", text);
            }
        }

        #[test]
        fn reads_what_serde_json_writes(value in any::<(i32, String, bool, Option<u8>, Vec<i16>)>()) {
            let json = serde_json::to_value(&value).unwrap();
            prop_assert_eq!(parse(&json.to_string()), Some(from_serde(&json)));
        }
    }
}
