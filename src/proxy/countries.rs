//! Which country a phone number belongs to, from its calling code — read from
//! `data/calling-codes.tsv`, the repository's one table of calling codes (generated from
//! Google libphonenumber's metadata by `data/calling-codes.mjs`; the simulator reads the same
//! file). The longest matching prefix wins: a shared code's main country takes what no other
//! country's national prefix claims, and `+1` has no main country — a `+1` number is a
//! country's only when its area code is listed for it.

use std::sync::OnceLock;

/// The table, embedded at build time.
const TABLE: &str = include_str!("../../data/calling-codes.tsv");

/// One country's row.
struct Country {
    iso: &'static str,
    calling_code: &'static str,
    keeps_leading_zero: bool,
}

/// The table, read once.
struct Table {
    countries: Vec<Country>,
    /// `(calling code + national prefix, country)`, sorted by prefix.
    prefixes: Vec<(String, &'static str)>,
    /// The longest prefix, in digits.
    longest: usize,
}

fn table() -> &'static Table {
    static READ: OnceLock<Table> = OnceLock::new();
    READ.get_or_init(|| {
        let mut countries = Vec::new();
        let mut prefixes = Vec::new();
        for line in TABLE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let mut fields = line.split('\t');
            let (Some(iso), Some(code), Some(national), Some(zero)) =
                (fields.next(), fields.next(), fields.next(), fields.next())
            else {
                continue;
            };
            for prefix in national.split(' ').filter(|p| !p.is_empty()) {
                let digits = if prefix == "*" { "" } else { prefix };
                // Kept sorted as it grows (a few hundred rows, once): no sort routine in
                // the wasm for this one table.
                let entry = (format!("{code}{digits}"), iso);
                let at = prefixes.partition_point(|e: &(String, &str)| *e < entry);
                prefixes.insert(at, entry);
            }
            countries.push(Country {
                iso,
                calling_code: code,
                keeps_leading_zero: zero == "yes",
            });
        }
        let longest = prefixes.iter().map(|(p, _)| p.len()).max().unwrap_or(0);
        Table {
            countries,
            prefixes,
            longest,
        }
    })
}

fn country(iso: &str) -> Option<&'static Country> {
    table()
        .countries
        .iter()
        .find(|c| c.iso.eq_ignore_ascii_case(iso))
}

/// The country of an international number (digits after `+`), by longest prefix.
pub fn country_of(digits: &str) -> Option<&'static str> {
    let table = table();
    (1..=table.longest.min(digits.len())).rev().find_map(|len| {
        let prefix = digits.get(..len)?;
        let i = table
            .prefixes
            .binary_search_by(|(p, _)| p.as_str().cmp(prefix))
            .ok()?;
        table.prefixes.get(i).map(|(_, iso)| *iso)
    })
}

/// The calling code of `country` (ISO alpha-2, any case): `CA` → `1`, `KZ` → `7`.
pub fn calling_code(country: &str) -> Option<&'static str> {
    self::country(country).map(|c| c.calling_code)
}

/// Whether `country` is in the table.
pub fn is_known(country: &str) -> bool {
    self::country(country).is_some()
}

/// Whether national numbers of `country` may begin with 0 (Italy's: `+39 06 …`). Elsewhere
/// a 0 after the calling code is a trunk prefix, dialled at home and never part of E.164.
pub fn keeps_leading_zero(country: &str) -> bool {
    self::country(country).is_some_and(|c| c.keeps_leading_zero)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_prefix_wins() {
        for (digits, country) in [
            ("6587654321", "SG"),
            ("447700900123", "GB"),
            ("441481256789", "GG"),
            ("79161234567", "RU"),
            ("77011234567", "KZ"),
            ("390669812345", "VA"),
            ("393123456789", "IT"),
            ("35818123456", "AX"),
            ("358401234567", "FI"),
            ("2348012345678", "NG"),
            ("8613812345678", "CN"),
            ("85291234567", "HK"),
            ("6281234567890", "ID"),
        ] {
            assert_eq!(country_of(digits), Some(country), "{digits}");
        }
        assert_eq!(country_of("0123"), None);
        assert_eq!(country_of("16135550123"), Some("CA"));
        assert_eq!(
            country_of("16005550123"),
            Some("CA"),
            "600: Canada's non-geographic code"
        );
        assert_eq!(
            country_of("19995550123"),
            None,
            "an area code listed for no country is no country's"
        );
        assert_eq!(country_of("1"), None);
        assert_eq!(country_of(""), None);
    }

    #[test]
    fn calling_codes_of_countries() {
        for (country, code) in [
            ("SG", "65"),
            ("sg", "65"),
            ("US", "1"),
            ("CA", "1"),
            ("JM", "1"),
            ("KZ", "7"),
            ("GG", "44"),
            ("VA", "39"),
            ("AX", "358"),
        ] {
            assert_eq!(calling_code(country), Some(code), "{country}");
        }
        assert_eq!(calling_code("ZZ"), None);
        assert!(is_known("de") && !is_known("XX"));
    }

    #[test]
    fn a_leading_zero_is_kept_only_where_the_plan_keeps_it() {
        assert!(keeps_leading_zero("IT") && keeps_leading_zero("VA"));
        assert!(!keeps_leading_zero("SG") && !keeps_leading_zero("GB"));
    }

    #[test]
    fn every_row_is_well_formed() {
        let table = table();
        assert!(table.countries.len() > 200, "{}", table.countries.len());
        for (prefix, country) in &table.prefixes {
            assert!(
                !prefix.is_empty() && prefix.bytes().all(|b| b.is_ascii_digit()),
                "{prefix}"
            );
            assert!(
                country.len() == 2 && country.bytes().all(|b| b.is_ascii_uppercase()),
                "{country}"
            );
        }
        assert!(
            !table.prefixes.iter().any(|(p, _)| p == "1"),
            "+1 has no main country: no number is the US by default"
        );
        assert!(
            table.prefixes.windows(2).all(|w| w[0].0 < w[1].0),
            "one country per prefix"
        );
    }
}
