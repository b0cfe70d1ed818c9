//! International calling codes (ITU-T E.164 country codes) of the countries and territories
//! with a numbering plan, used to turn a national number plus a `country` into an
//! international one. Read from `data/calling-codes.tsv`, the repository's one table of calling
//! codes (generated from Google libphonenumber's metadata; the client crate reads the same
//! file, and shares no code with this one). Members of the North American Numbering Plan all
//! map to `1` (their area code is part of the national number).

/// The table, embedded at build time: a row per country, tab-separated, the ISO code first
/// and the calling code second; `#` lines are comments.
const TABLE: &str = include_str!("../../../data/calling-codes.tsv");

/// `(ISO alpha-2, calling code)` of every row.
fn rows() -> impl Iterator<Item = (&'static str, &'static str)> {
    TABLE
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| {
            let mut columns = line.split('\t');
            Some((columns.next()?, columns.next()?))
        })
}

/// The calling code (digits, no `+`) of an ISO 3166-1 alpha-2 code, given in
/// upper case; `None` for an unknown code.
pub fn calling_code(iso2: &str) -> Option<&'static str> {
    rows().find(|(iso, _)| *iso == iso2).map(|(_, code)| code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_is_a_country_and_a_calling_code() {
        let all: Vec<_> = rows().collect();
        assert!(all.len() > 240, "{}", all.len());
        assert!(all.windows(2).all(|w| w[0].0 < w[1].0), "sorted, unique");
        for (iso, code) in all {
            assert!(iso.len() == 2 && iso.bytes().all(|b| b.is_ascii_uppercase()));
            assert!((1..=3).contains(&code.len()));
            assert!(code.bytes().all(|b| b.is_ascii_digit()));
            assert!(!code.starts_with('0'));
        }
    }

    #[test]
    fn looks_up_common_countries() {
        assert_eq!(calling_code("SG"), Some("65"));
        assert_eq!(calling_code("US"), Some("1"));
        assert_eq!(calling_code("CA"), Some("1"));
        assert_eq!(calling_code("GB"), Some("44"));
        assert_eq!(calling_code("FR"), Some("33"));
        assert_eq!(calling_code("ID"), Some("62"));
        assert_eq!(calling_code("PH"), Some("63"));
        assert_eq!(calling_code("IN"), Some("91"));
        assert_eq!(calling_code("RU"), Some("7"));
        assert_eq!(calling_code("AD"), Some("376"));
        assert_eq!(calling_code("ZW"), Some("263"));
        assert_eq!(
            calling_code("VA"),
            Some("39"),
            "Vatican numbers are +39 06 698"
        );
        assert_eq!(calling_code("ZZ"), None);
        assert_eq!(calling_code("sg"), None);
        assert_eq!(calling_code(""), None);
    }
}
