//! Phone numbers as users type them: `+65 8765-4321`, `(0)20 7946 0958`, `0065.8765.4321`.

/// A destination reduced to its digits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Destination {
    /// The digits, without any prefix.
    pub digits: String,
    /// Whether it was written with a leading `+` or `00`, i.e. starts with a calling code.
    pub international: bool,
}

impl Destination {
    /// The form sent to 8x8: `+digits` for an international number, the bare digits
    /// otherwise (8x8 then reads them as international without `+`, or as national when
    /// `country` is given).
    #[cfg(feature = "direct")]
    pub fn wire(&self) -> String {
        if self.international {
            format!("+{}", self.digits)
        } else {
            self.digits.clone()
        }
    }
}

/// Characters users put between digits, removed wherever they appear.
fn is_formatting(c: char) -> bool {
    matches!(c, ' ' | '.' | '-' | '(' | ')' | '[' | ']')
}

/// Reduces `raw` to digits after removing spaces, dots, brackets and dashes, and one
/// leading `+` or `00`; `None` unless 6 to 15 digits remain and nothing else (and, for
/// an international number, the first is not 0).
/// `"+65 (8765) 4321"` becomes `6587654321`, international; `"12-34"` is rejected.
pub fn normalise(raw: &str) -> Option<Destination> {
    let compact: String = raw.chars().filter(|c| !is_formatting(*c)).collect();
    let (rest, international) = if let Some(rest) = compact.strip_prefix('+') {
        (rest, true)
    } else if let Some(rest) = compact.strip_prefix("00") {
        (rest, true)
    } else {
        (compact.as_str(), false)
    };
    let ok = (6..=15).contains(&rest.len())
        && rest.bytes().all(|b| b.is_ascii_digit())
        // A calling code never starts with 0.
        && !(international && rest.starts_with('0'));
    ok.then(|| Destination {
        digits: rest.to_owned(),
        international,
    })
}

/// The rule [`normalise`] enforces, as an error message tail.
pub const RULE: &str =
    "must be a phone number of 6 to 15 digits (spaces, dots, brackets, dashes and one leading + or 00 allowed)";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_formatting_and_prefixes() {
        let cases = [
            ("+1 (987) 654-3210", "19876543210", true),
            ("8765 4321", "87654321", false),
            ("+65(876)54321", "6587654321", true),
            ("0065.8765.4321", "6587654321", true),
            ("[+44] 20 7946 0958", "442079460958", true),
            ("123456", "123456", false),
            ("123456789012345", "123456789012345", false),
        ];
        for (raw, digits, international) in cases {
            let d = normalise(raw).unwrap_or_else(|| panic!("{raw}"));
            assert_eq!(
                (d.digits.as_str(), d.international),
                (digits, international),
                "{raw}"
            );
        }
    }

    #[test]
    fn rejects_what_is_not_a_number() {
        for raw in [
            "",
            "12345",
            "1234567890123456",
            "++6587654321",
            "+00 6587654321",
            "65+87654321",
            "6587654321x",
            "phone",
            "+",
            "00",
            "+65 8765 4321 ext 2",
            "６５８７６５４３２１",
            "65\u{a0}87654321",
            "65\t87654321",
        ] {
            assert_eq!(normalise(raw), None, "{raw}");
        }
    }

    #[test]
    #[cfg(feature = "direct")]
    fn wire_form_keeps_the_plus_only_when_international() {
        assert_eq!(
            normalise("0065 8765 4321").map(|d| d.wire()).as_deref(),
            Some("+6587654321")
        );
        assert_eq!(
            normalise("8765 4321").map(|d| d.wire()).as_deref(),
            Some("87654321")
        );
    }
}
