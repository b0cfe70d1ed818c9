//! One-time codes: the five `codeType`s, generation (including the dash
//! placement of `NUMERIC_WITH_DASH`) and comparison with what a user typed.

use crate::model::randomness::IndexSource;

/// The spec's `codeType` enum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeType {
    /// Digits only, e.g. `123456`.
    Numeric,
    /// Digits with one dash at the centre (left of centre when odd), e.g. `234-3294`.
    NumericWithDash,
    /// Upper- and lower-case letters and digits, e.g. `fiQdAsr315`.
    Alphanumeric,
    /// Capital letters and digits, e.g. `FIQDASR315`.
    AlphanumericCapitals,
    /// Capital letters and digits without `I O Q S Z`, e.g. `FDAR315`.
    AlphanumericEasy,
}

const DIGITS: &[u8] = b"0123456789";
const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const CAPITALS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const EASY: &[u8] = b"ABCDEFGHJKLMNPRTUVWXY0123456789";

impl CodeType {
    /// Every code type by the spec's name, in the spec's order.
    pub const NAMES: [(&'static str, Self); 5] = [
        ("NUMERIC", Self::Numeric),
        ("NUMERIC_WITH_DASH", Self::NumericWithDash),
        ("ALPHANUMERIC", Self::Alphanumeric),
        ("ALPHANUMERIC_CAPITALS", Self::AlphanumericCapitals),
        ("ALPHANUMERIC_EASY", Self::AlphanumericEasy),
    ];

    /// The characters a code of this type is drawn from.
    pub fn alphabet(self) -> &'static [u8] {
        match self {
            Self::Numeric | Self::NumericWithDash => DIGITS,
            Self::Alphanumeric => ALNUM,
            Self::AlphanumericCapitals => CAPITALS,
            Self::AlphanumericEasy => EASY,
        }
    }
}

/// Generates a code of `length` characters (digits, for `NUMERIC_WITH_DASH`,
/// which then gets its dash on top) with uniformly chosen characters.
pub fn generate(code_type: CodeType, length: usize, rng: &mut impl IndexSource) -> String {
    let alphabet = code_type.alphabet();
    let body: String = (0..length)
        .map(|_| alphabet[rng.index(alphabet.len())] as char)
        .collect();
    if code_type == CodeType::NumericWithDash {
        insert_dash(&body)
    } else {
        body
    }
}

/// Puts the dash of `NUMERIC_WITH_DASH` into a string of digits: none for 3
/// digits (or fewer); otherwise at the centre, or one character left of the
/// centre when the count is odd (`231-461`, `234-3294`, `12345-67890`).
pub fn insert_dash(digits: &str) -> String {
    let n = digits.len();
    if n <= 3 {
        return digits.to_string();
    }
    let left = n / 2;
    format!("{}-{}", &digits[..left], &digits[left..])
}

/// Whether a submitted `code` query value has an acceptable shape: 3–11
/// characters, ASCII letters or digits, at most one dash.
pub fn is_well_formed(code: &str) -> bool {
    (3..=11).contains(&code.len())
        && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && code.bytes().filter(|b| *b == b'-').count() <= 1
}

/// Whether `submitted` matches the session's `expected` code. A dashed code
/// matches with or without its dash; capitals and "easy" codes compare
/// case-insensitively; numeric and alphanumeric codes exactly.
pub fn matches(code_type: CodeType, expected: &str, submitted: &str) -> bool {
    match code_type {
        CodeType::NumericWithDash => strip_dash(expected) == strip_dash(submitted),
        CodeType::AlphanumericCapitals | CodeType::AlphanumericEasy => {
            expected.eq_ignore_ascii_case(submitted)
        }
        CodeType::Numeric | CodeType::Alphanumeric => expected == submitted,
    }
}

fn strip_dash(s: &str) -> String {
    s.chars().filter(|c| *c != '-').collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::randomness::OsIndexSource;

    /// A deterministic source cycling through 0, 1, 2, ...
    struct Counter(usize);
    impl IndexSource for Counter {
        fn index(&mut self, n: usize) -> usize {
            self.0 += 1;
            (self.0 - 1) % n
        }
    }

    #[test]
    fn dash_goes_at_the_centre_or_left_of_it() {
        assert_eq!(insert_dash("123"), "123");
        assert_eq!(insert_dash("1234"), "12-34");
        assert_eq!(insert_dash("12345"), "12-345");
        assert_eq!(insert_dash("231461"), "231-461");
        assert_eq!(insert_dash("2343294"), "234-3294");
        assert_eq!(insert_dash("12345678"), "1234-5678");
        assert_eq!(insert_dash("123456789"), "1234-56789");
        assert_eq!(insert_dash("1234567890"), "12345-67890");
    }

    #[test]
    fn generated_codes_have_the_right_shape_for_every_type_and_length() {
        let mut rng = OsIndexSource::new();
        for len in 3..=10 {
            for _ in 0..50 {
                let c = generate(CodeType::Numeric, len, &mut rng);
                assert_eq!(c.len(), len);
                assert!(c.bytes().all(|b| b.is_ascii_digit()));

                let c = generate(CodeType::NumericWithDash, len, &mut rng);
                let digits: String = c.chars().filter(|c| *c != '-').collect();
                assert_eq!(digits.len(), len);
                assert!(digits.bytes().all(|b| b.is_ascii_digit()));
                if len == 3 {
                    assert!(!c.contains('-'));
                } else {
                    assert_eq!(c.find('-'), Some(len / 2), "{c}");
                    assert_eq!(c.matches('-').count(), 1);
                }

                let c = generate(CodeType::Alphanumeric, len, &mut rng);
                assert_eq!(c.len(), len);
                assert!(c.bytes().all(|b| b.is_ascii_alphanumeric()));

                let c = generate(CodeType::AlphanumericCapitals, len, &mut rng);
                assert_eq!(c.len(), len);
                assert!(c
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()));

                let c = generate(CodeType::AlphanumericEasy, len, &mut rng);
                assert_eq!(c.len(), len);
                assert!(c
                    .bytes()
                    .all(|b| (b.is_ascii_uppercase() || b.is_ascii_digit())
                        && !b"IOQSZ".contains(&b)));
            }
        }
    }

    #[test]
    fn alphabets_are_complete() {
        assert_eq!(ALNUM.len(), 62);
        assert_eq!(CAPITALS.len(), 36);
        assert_eq!(EASY.len(), 31);
        assert!(!EASY.iter().any(|b| b"IOQSZ".contains(b)));
        // A cycling source reaches every character of the alphabet.
        let c = generate(CodeType::AlphanumericEasy, 31, &mut Counter(0));
        assert_eq!(c.as_bytes(), EASY);
    }

    #[test]
    fn codes_are_not_constant() {
        let mut rng = OsIndexSource::new();
        let a: Vec<String> = (0..20)
            .map(|_| generate(CodeType::Numeric, 10, &mut rng))
            .collect();
        assert!(a.iter().any(|c| c != &a[0]));
    }

    #[test]
    fn well_formed_codes() {
        for ok in ["123", "1234", "12-34", "12345-67890", "aBc", "ABCDEFGHIJK"] {
            assert!(is_well_formed(ok), "{ok}");
        }
        for bad in ["", "12", "1-2-3", "123456789012", "12 34", "12é4", "12_34"] {
            assert!(!is_well_formed(bad), "{bad}");
        }
    }

    #[test]
    fn comparison_rules() {
        use CodeType::*;
        assert!(matches(NumericWithDash, "231-461", "231-461"));
        assert!(matches(NumericWithDash, "231-461", "231461"));
        assert!(!matches(NumericWithDash, "231-461", "231-462"));
        assert!(matches(NumericWithDash, "123", "123"));
        assert!(matches(AlphanumericCapitals, "FIQD7", "fiqd7"));
        assert!(matches(AlphanumericEasy, "FDAR3", "fdAR3"));
        assert!(!matches(AlphanumericEasy, "FDAR3", "FDAR4"));
        assert!(matches(Numeric, "1234", "1234"));
        assert!(!matches(Numeric, "1234", "12-34"));
        assert!(matches(Alphanumeric, "fiQd", "fiQd"));
        assert!(!matches(Alphanumeric, "fiQd", "FIQD"));
    }
}
