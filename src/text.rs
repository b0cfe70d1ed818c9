//! String building without `format!`: the browser wasm then carries none of `core::fmt`
//! (formatting machinery, padding, `Debug` tables), which is most of what a `format!` costs.

#[allow(unused_imports)]
use crate::prelude::*;

/// The parts, joined.
pub fn concat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        out.push_str(part);
    }
    out
}

/// The decimal digits of `n`, with a leading `-` when negative.
pub fn decimal(n: i64) -> String {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = n.unsigned_abs();
    loop {
        at -= 1;
        if let Some(d) = digits.get_mut(at) {
            *d = b'0' + (rest % 10) as u8;
        }
        rest /= 10;
        if rest == 0 || at == 0 {
            break;
        }
    }
    let mut out = String::with_capacity(21);
    if n < 0 {
        out.push('-');
    }
    for d in digits.get(at..).unwrap_or_default() {
        out.push(char::from(*d));
    }
    out
}

/// `s` split around the first `separator` (a byte search: `str::split_once` with a string
/// pattern brings a two-way searcher and its panics).
pub fn split_once<'a>(s: &'a str, separator: &str) -> Option<(&'a str, &'a str)> {
    let at = s
        .as_bytes()
        .windows(separator.len())
        .position(|w| w == separator.as_bytes())?;
    Some((s.get(..at)?, s.get(at + separator.len()..)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals() {
        for n in [0, 7, 10, 1002, -1, -1400, i64::MAX, i64::MIN] {
            assert_eq!(decimal(n), n.to_string());
        }
    }

    #[test]
    fn joins_and_splits() {
        assert_eq!(concat(&["a", "", "bc"]), "abc");
        assert_eq!(split_once("https://x/y", "://"), Some(("https", "x/y")));
        assert_eq!(split_once("1::2::3", "::"), Some(("1", "2::3")));
        assert_eq!(split_once("é::ü", "::"), Some(("é", "ü")));
        assert_eq!(split_once("abc", "::"), None);
    }
}
