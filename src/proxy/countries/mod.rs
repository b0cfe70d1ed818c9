//! Which country a phone number belongs to, from its calling code: the longest matching
//! prefix of an embedded table (ITU-T E.164 assignments), the few codes countries share
//! resolved by their sub-prefixes, and +1 by area code only ([`nanp`], generated from
//! libphonenumber's metadata): a `+1` number whose area code is listed for no country is
//! no country's, never the US by default.

mod nanp;

use nanp::{KEEPS_LEADING_ZERO, NANP_AREA_CODES};

/// `(prefix digits, ISO 3166 alpha-2)`. Longer prefixes refine shorter ones.
const PREFIXES: &[(&str, &str)] = &[
    // Zone 2
    ("20", "EG"),
    ("211", "SS"),
    ("212", "MA"),
    ("213", "DZ"),
    ("216", "TN"),
    ("218", "LY"),
    ("220", "GM"),
    ("221", "SN"),
    ("222", "MR"),
    ("223", "ML"),
    ("224", "GN"),
    ("225", "CI"),
    ("226", "BF"),
    ("227", "NE"),
    ("228", "TG"),
    ("229", "BJ"),
    ("230", "MU"),
    ("231", "LR"),
    ("232", "SL"),
    ("233", "GH"),
    ("234", "NG"),
    ("235", "TD"),
    ("236", "CF"),
    ("237", "CM"),
    ("238", "CV"),
    ("239", "ST"),
    ("240", "GQ"),
    ("241", "GA"),
    ("242", "CG"),
    ("243", "CD"),
    ("244", "AO"),
    ("245", "GW"),
    ("246", "IO"),
    ("248", "SC"),
    ("249", "SD"),
    ("250", "RW"),
    ("251", "ET"),
    ("252", "SO"),
    ("253", "DJ"),
    ("254", "KE"),
    ("255", "TZ"),
    ("256", "UG"),
    ("257", "BI"),
    ("258", "MZ"),
    ("260", "ZM"),
    ("261", "MG"),
    ("262", "RE"),
    ("262269", "YT"),
    ("262639", "YT"),
    ("263", "ZW"),
    ("264", "NA"),
    ("265", "MW"),
    ("266", "LS"),
    ("267", "BW"),
    ("268", "SZ"),
    ("269", "KM"),
    ("27", "ZA"),
    ("290", "SH"),
    ("291", "ER"),
    ("297", "AW"),
    ("298", "FO"),
    ("299", "GL"),
    // Zones 3 and 4: Europe
    ("30", "GR"),
    ("31", "NL"),
    ("32", "BE"),
    ("33", "FR"),
    ("34", "ES"),
    ("350", "GI"),
    ("351", "PT"),
    ("352", "LU"),
    ("353", "IE"),
    ("354", "IS"),
    ("355", "AL"),
    ("356", "MT"),
    ("357", "CY"),
    ("358", "FI"),
    ("35818", "AX"),
    ("359", "BG"),
    ("36", "HU"),
    ("370", "LT"),
    ("371", "LV"),
    ("372", "EE"),
    ("373", "MD"),
    ("374", "AM"),
    ("375", "BY"),
    ("376", "AD"),
    ("377", "MC"),
    ("378", "SM"),
    ("380", "UA"),
    ("381", "RS"),
    ("382", "ME"),
    ("383", "XK"),
    ("385", "HR"),
    ("386", "SI"),
    ("387", "BA"),
    ("389", "MK"),
    ("39", "IT"),
    ("3906698", "VA"),
    ("40", "RO"),
    ("41", "CH"),
    ("420", "CZ"),
    ("421", "SK"),
    ("423", "LI"),
    ("43", "AT"),
    ("44", "GB"),
    ("441481", "GG"),
    ("441534", "JE"),
    ("441624", "IM"),
    ("45", "DK"),
    ("46", "SE"),
    ("47", "NO"),
    ("4779", "SJ"),
    ("48", "PL"),
    ("49", "DE"),
    // Zone 5: the Americas outside NANP
    ("500", "FK"),
    ("501", "BZ"),
    ("502", "GT"),
    ("503", "SV"),
    ("504", "HN"),
    ("505", "NI"),
    ("506", "CR"),
    ("507", "PA"),
    ("508", "PM"),
    ("509", "HT"),
    ("51", "PE"),
    ("52", "MX"),
    ("53", "CU"),
    ("54", "AR"),
    ("55", "BR"),
    ("56", "CL"),
    ("57", "CO"),
    ("58", "VE"),
    ("590", "GP"),
    ("591", "BO"),
    ("592", "GY"),
    ("593", "EC"),
    ("594", "GF"),
    ("595", "PY"),
    ("596", "MQ"),
    ("597", "SR"),
    ("598", "UY"),
    ("599", "CW"),
    ("5997", "BQ"),
    // Zone 6: Southeast Asia and Oceania
    ("60", "MY"),
    ("61", "AU"),
    ("6189162", "CC"),
    ("6189164", "CX"),
    ("62", "ID"),
    ("63", "PH"),
    ("64", "NZ"),
    ("65", "SG"),
    ("66", "TH"),
    ("670", "TL"),
    ("672", "NF"),
    ("673", "BN"),
    ("674", "NR"),
    ("675", "PG"),
    ("676", "TO"),
    ("677", "SB"),
    ("678", "VU"),
    ("679", "FJ"),
    ("680", "PW"),
    ("681", "WF"),
    ("682", "CK"),
    ("683", "NU"),
    ("685", "WS"),
    ("686", "KI"),
    ("687", "NC"),
    ("688", "TV"),
    ("689", "PF"),
    ("690", "TK"),
    ("691", "FM"),
    ("692", "MH"),
    // Zone 7
    ("7", "RU"),
    ("76", "KZ"),
    ("77", "KZ"),
    // Zone 8: East Asia
    ("81", "JP"),
    ("82", "KR"),
    ("84", "VN"),
    ("850", "KP"),
    ("852", "HK"),
    ("853", "MO"),
    ("855", "KH"),
    ("856", "LA"),
    ("86", "CN"),
    ("880", "BD"),
    ("886", "TW"),
    // Zone 9: West, South and Central Asia
    ("90", "TR"),
    ("91", "IN"),
    ("92", "PK"),
    ("93", "AF"),
    ("94", "LK"),
    ("95", "MM"),
    ("960", "MV"),
    ("961", "LB"),
    ("962", "JO"),
    ("963", "SY"),
    ("964", "IQ"),
    ("965", "KW"),
    ("966", "SA"),
    ("967", "YE"),
    ("968", "OM"),
    ("970", "PS"),
    ("971", "AE"),
    ("972", "IL"),
    ("973", "BH"),
    ("974", "QA"),
    ("975", "BT"),
    ("976", "MN"),
    ("977", "NP"),
    ("98", "IR"),
    ("992", "TJ"),
    ("993", "TM"),
    ("994", "AZ"),
    ("995", "GE"),
    ("996", "KG"),
    ("998", "UZ"),
];

/// The country of an international number (digits after `+`), by longest prefix; a
/// `+1` number by its area code.
pub fn country_of(digits: &str) -> Option<&'static str> {
    if let Some(national) = digits.strip_prefix('1') {
        let area = national.get(..3)?;
        return NANP_AREA_CODES
            .binary_search_by(|(code, _)| code.cmp(&area))
            .ok()
            .and_then(|i| NANP_AREA_CODES.get(i))
            .map(|(_, country)| *country);
    }
    PREFIXES
        .iter()
        .filter(|(prefix, _)| digits.starts_with(prefix))
        .max_by_key(|(prefix, _)| prefix.len())
        .map(|(_, country)| *country)
}

/// The calling code of `country` (ISO alpha-2, any case): the shortest prefix the table
/// assigns to it (`CA` → `1`, `JM` → `1`, `KZ` → `7`).
pub fn calling_code(country: &str) -> Option<&'static str> {
    let country = country.to_ascii_uppercase();
    if NANP_AREA_CODES.iter().any(|(_, c)| *c == country) {
        return Some("1");
    }
    let prefix = PREFIXES
        .iter()
        .filter(|(_, c)| *c == country)
        .map(|(prefix, _)| *prefix)
        .min_by_key(|p| p.len())?;
    // Countries inside a shared code (NANP area codes, +7 7x, +44 1481…) dial the shared code.
    Some(
        PREFIXES
            .iter()
            .map(|(p, _)| *p)
            .filter(|p| prefix.starts_with(p))
            .min_by_key(|p| p.len())
            .unwrap_or(prefix),
    )
}

/// Whether `country` is in the table.
pub fn is_known(country: &str) -> bool {
    let country = country.to_ascii_uppercase();
    PREFIXES.iter().any(|(_, c)| *c == country)
        || NANP_AREA_CODES.iter().any(|(_, c)| *c == country)
}

/// Whether national numbers of `country` may begin with 0 (Italy's: `+39 06 …`). Elsewhere
/// a 0 after the calling code is a trunk prefix, dialled at home and never part of E.164.
pub fn keeps_leading_zero(country: &str) -> bool {
    KEEPS_LEADING_ZERO.contains(&country)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_prefix_wins() {
        for (digits, country) in [
            ("6587654321", "SG"),
            ("447700900123", "GB"),
            ("441481123456", "GG"),
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
    fn area_codes_are_sorted_three_digits_and_known() {
        assert!(NANP_AREA_CODES.windows(2).all(|w| w[0].0 < w[1].0));
        for (code, country) in NANP_AREA_CODES {
            assert!(code.len() == 3 && code.bytes().all(|b| b.is_ascii_digit()));
            assert_eq!(calling_code(country), Some("1"), "{country}");
        }
    }

    #[test]
    fn every_prefix_is_digits_and_every_country_two_capitals() {
        for (prefix, country) in PREFIXES {
            assert!(
                !prefix.is_empty() && prefix.bytes().all(|b| b.is_ascii_digit()),
                "{prefix}"
            );
            assert!(
                country.len() == 2 && country.bytes().all(|b| b.is_ascii_uppercase()),
                "{country}"
            );
        }
    }
}
