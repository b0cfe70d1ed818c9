//! Destination phone numbers: 8x8's normalisation (formatting characters
//! removed; `+`/`00` international; national with `country`) and the E.164
//! check.

use crate::model::calling_codes::calling_code;

/// Why a destination was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneError {
    /// The `country` is not two letters or not a known ISO alpha-2 code (400/1009).
    Country,
    /// The result is not an E.164 international number (400/1002).
    Number,
}

/// Removes what 8x8 calls "non-relevant formatting characters": whitespace,
/// dots, brackets and dashes.
pub fn strip_formatting(raw: &str) -> String {
    raw.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '.' | '-' | '(' | ')' | '[' | ']'))
        .collect()
}

/// Validates a `country` value: two ASCII letters (either case) naming a known
/// ISO 3166-1 alpha-2 code. Returns its calling code.
pub fn country_calling_code(country: &str) -> Result<&'static str, PhoneError> {
    if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(PhoneError::Country);
    }
    calling_code(&country.to_ascii_uppercase()).ok_or(PhoneError::Country)
}

/// Normalises a destination to its international digits (no `+`).
///
/// After formatting characters are removed: a leading `+` or `00` means
/// international; otherwise, with a `country` calling code the number is
/// national (one leading 0 is dropped and the calling code prepended); without
/// one it is taken as international without its `+`. The result must be 8–15
/// digits not starting with 0.
pub fn normalise(raw: &str, country_code: Option<&str>) -> Result<String, PhoneError> {
    let s = strip_formatting(raw);
    let digits = if let Some(rest) = s.strip_prefix('+') {
        rest.to_string()
    } else if let Some(rest) = s.strip_prefix("00") {
        rest.to_string()
    } else if let Some(cc) = country_code {
        let national = s.strip_prefix('0').unwrap_or(&s);
        if national.is_empty() {
            return Err(PhoneError::Number);
        }
        format!("{cc}{national}")
    } else {
        s
    };
    if is_e164_digits(&digits) {
        Ok(digits)
    } else {
        Err(PhoneError::Number)
    }
}

/// Whether `digits` is an international number: 8–15 ASCII digits, the first
/// not 0.
pub fn is_e164_digits(digits: &str) -> bool {
    (8..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0')
}

/// A loose key for matching a destination filter (`GET /_sim/messages`):
/// formatting removed and one leading `+` or `00` dropped. A `+` that arrived
/// as a space in a query string is removed with the other whitespace.
pub fn filter_key(raw: &str) -> String {
    let s = strip_formatting(raw);
    if let Some(rest) = s.strip_prefix('+') {
        rest.to_string()
    } else if let Some(rest) = s.strip_prefix("00") {
        rest.to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(raw: &str, country: Option<&str>) -> Result<String, PhoneError> {
        let cc = country.map(|c| country_calling_code(c).unwrap());
        normalise(raw, cc)
    }

    #[test]
    fn international_forms() {
        assert_eq!(n("+6598765432", None).unwrap(), "6598765432");
        assert_eq!(n("6598765432", None).unwrap(), "6598765432");
        assert_eq!(n("006598765432", None).unwrap(), "6598765432");
        assert_eq!(n("+1 (987) 654-3210", None).unwrap(), "19876543210");
        assert_eq!(n("+65(876)54321", Some("SG")).unwrap(), "6587654321");
        assert_eq!(n("+44 20.7946.0000", None).unwrap(), "442079460000");
        assert_eq!(n("\t+65 9876\u{a0}5432 ", None).unwrap(), "6598765432");
        assert_eq!(n("0065 9876 5432", Some("FR")).unwrap(), "6598765432");
    }

    #[test]
    fn national_forms_with_country() {
        assert_eq!(n("8765 4321", Some("SG")).unwrap(), "6587654321");
        assert_eq!(n("8765 4321", Some("sg")).unwrap(), "6587654321");
        assert_eq!(n("06 12 34 56 78", Some("FR")).unwrap(), "33612345678");
        assert_eq!(n("07911 123456", Some("GB")).unwrap(), "447911123456");
        assert_eq!(n("(987) 654-3210", Some("US")).unwrap(), "19876543210");
        // Only one leading 0 is dropped.
        assert_eq!(n("00", Some("SG")), Err(PhoneError::Number));
        assert_eq!(n("0", Some("SG")), Err(PhoneError::Number));
    }

    #[test]
    fn rejects_non_e164_results() {
        for bad in [
            "",
            "+",
            "1234567",
            "+1234567890123456",
            "+0123456789",
            "+65 9876 543a",
            "65+98765432",
            "abc",
            "+-",
            "++6598765432",
        ] {
            assert_eq!(n(bad, None), Err(PhoneError::Number), "{bad:?}");
        }
        assert_eq!(n("12", Some("SG")), Err(PhoneError::Number));
    }

    #[test]
    fn boundaries_of_length() {
        assert!(n("+12345678", None).is_ok());
        assert!(n("+123456789012345", None).is_ok());
        assert!(n("+1234567", None).is_err());
        assert!(n("+1234567890123456", None).is_err());
    }

    #[test]
    fn country_must_be_two_known_letters() {
        assert_eq!(country_calling_code("SG"), Ok("65"));
        assert_eq!(country_calling_code("us"), Ok("1"));
        assert_eq!(country_calling_code("ZZ"), Err(PhoneError::Country));
        assert_eq!(country_calling_code("SGP"), Err(PhoneError::Country));
        assert_eq!(country_calling_code("S"), Err(PhoneError::Country));
        assert_eq!(country_calling_code("65"), Err(PhoneError::Country));
        assert_eq!(country_calling_code(""), Err(PhoneError::Country));
    }

    #[test]
    fn filter_keys_unify_spellings() {
        assert_eq!(filter_key("+6598765432"), "6598765432");
        assert_eq!(filter_key(" 6598765432"), "6598765432");
        assert_eq!(filter_key("6598765432"), "6598765432");
        assert_eq!(filter_key("006598765432"), "6598765432");
        assert_eq!(filter_key("+65 9876-5432"), "6598765432");
    }
}
