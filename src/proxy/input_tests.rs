use super::*;
use crate::proxy::config::Runtime;
use crate::proxy::options::ProxyOptions;

fn config(extra: &str) -> ProxyConfig {
    config_in(r#"["SG","US"]"#, extra)
}

fn config_in(countries: &str, extra: &str) -> ProxyConfig {
    let json = format!(
        r#"{{"apiKey":"k","subAccountId":"acme_hq","allowedCountries":{countries},"clientIpHeader":"x-real-ip"{extra}}}"#
    );
    let options: ProxyOptions = serde_json::from_str(&json).unwrap();
    ProxyConfig::new(&options, Runtime::Node).unwrap()
}

#[test]
fn merges_browser_fields_over_server_defaults() {
    let c = config(
        r#","channels":["sms","call"],"defaults":{"brand":"Acme","template":"{brand}: {code}","language":"en-GB"}"#,
    );
    let s = read_start(
        r#"{"destination":"+65 8765 4321","channel":"call","language":"en-US"}"#,
        &c,
    )
    .unwrap();
    assert_eq!((s.digits.as_str(), s.country), ("6587654321", Some("SG")));
    assert_eq!(
        serde_json::to_value(&s.upstream).unwrap(),
        serde_json::json!({"destination": "+6587654321", "channel": "call", "brand": "Acme",
            "template": "{brand}: {code}", "language": "en-US", "codeLength": 6})
    );
    let s = read_start(r#"{"destination":"8765 4321","country":"sg"}"#, &c).unwrap();
    assert_eq!(s.upstream.destination, "+6587654321");
    assert_eq!(s.upstream.channel, Some(Channel::Sms));
    assert_eq!(
        s.upstream
            .language
            .map(|l| serde_json::to_value(l).unwrap()),
        Some("en-GB".into())
    );
    let s = read_start(r#"{"destination":"(202) 555-0123","country":"US"}"#, &c).unwrap();
    assert_eq!(s.country, Some("US"));
}

#[test]
fn the_country_comes_from_the_number_never_from_the_field() {
    let c = config("");
    let e = read_start(r#"{"destination":"+44 7700 900123","country":"SG"}"#, &c).unwrap_err();
    assert_eq!((e.status, e.field.as_deref()), (403, Some("destination")));
    let e = read_start(r#"{"destination":"+1 416 555 0123"}"#, &c).unwrap_err();
    assert_eq!(e.status, 403, "a Canadian number is +1 but not the US");
    let e = read_start(r#"{"destination":"07700 900123","country":"GB"}"#, &c).unwrap_err();
    assert_eq!(
        e.status, 403,
        "a national number is read in the claimed country: it stays there"
    );
}

#[test]
fn rejections() {
    let c = config(r#","channels":["sms"]"#);
    for (body, status, field) in [
        (
            r#"{"destination":"+6587654321","template":"Click evil.example"}"#,
            400,
            Some("template"),
        ),
        (
            r#"{"destination":"+6587654321","callbackUrl":"https://evil.example"}"#,
            400,
            Some("callbackUrl"),
        ),
        (
            r#"{"destination":"+6587654321","brand":"Bank"}"#,
            400,
            Some("brand"),
        ),
        (
            r#"{"destination":"+6587654321","clientIp":"1.2.3.4"}"#,
            400,
            Some("clientIp"),
        ),
        (
            r#"{"destination":"+6587654321","channel":"call"}"#,
            403,
            Some("channel"),
        ),
        (
            r#"{"destination":"+6587654321","channel":"pigeon"}"#,
            403,
            Some("channel"),
        ),
        (
            r#"{"destination":"+6587654321","language":"xx"}"#,
            400,
            Some("language"),
        ),
        (r#"{"destination":"87654321"}"#, 400, Some("destination")),
        (
            r#"{"destination":"87654321","country":"ZZ"}"#,
            400,
            Some("country"),
        ),
        (
            r#"{"destination":"+999 1234 5678"}"#,
            400,
            Some("destination"),
        ),
        (r#"{"destination":12345678}"#, 400, Some("destination")),
        (r#"{}"#, 400, Some("destination")),
        (r#"[]"#, 400, Some("request")),
        (
            r#"{"destination":"+6587654321","__proto__":{"x":1}}"#,
            400,
            Some("__proto__"),
        ),
        (r#"{destination:"#, 400, None),
        (r#"{"destination":"+6587654321"} trailing"#, 400, None),
    ] {
        let e = read_start(body, &c).unwrap_err();
        assert_eq!((e.status, e.field.as_deref()), (status, field), "{body}");
        assert!(
            !e.message.contains("evil") && !e.message.contains("Bank"),
            "{}",
            e.message
        );
    }
}

#[test]
fn one_phone_one_key() {
    let c = config_in(r#"["*"]"#, "");
    let key = |body: &str| read_start(body, &c).map(|s| s.digits);
    for spelling in ["+65 9123 4567", "0065 9123 4567", "9123 4567"] {
        let body = format!(r#"{{"destination":"{spelling}","country":"SG"}}"#);
        assert_eq!(key(&body).as_deref(), Ok("6591234567"), "{spelling}");
    }
    for trunk in ["+65 0 9123 4567", "+65 00 9123 4567", "0065 0 9123 4567"] {
        let e = read_start(&format!(r#"{{"destination":"{trunk}"}}"#), &c).unwrap_err();
        assert_eq!(
            (e.status, e.field.as_deref()),
            (400, Some("destination")),
            "{trunk}"
        );
        assert!(e.message.contains("trunk prefix"), "{}", e.message);
    }
    // Italy's plan keeps the 0: +39 06 … is the number, national 06 … the same one.
    assert_eq!(
        key(r#"{"destination":"+39 06 1234 5678"}"#).as_deref(),
        Ok("390612345678")
    );
    assert_eq!(
        key(r#"{"destination":"06 1234 5678","country":"IT"}"#).as_deref(),
        Ok("390612345678")
    );
    assert_eq!(
        key(r#"{"destination":"06 698 12345","country":"VA"}"#).as_deref(),
        Ok("390669812345")
    );
    let gb = key(r#"{"destination":"07700 900123","country":"GB"}"#);
    assert_eq!(
        gb.as_deref(),
        Ok("447700900123"),
        "a national number's trunk 0 is dropped"
    );
}

#[test]
fn a_plus_one_number_belongs_to_a_country_only_by_its_listed_area_code() {
    let c = config_in(r#"["US","CA"]"#, "");
    let country =
        |d: &str| read_start(&format!(r#"{{"destination":"{d}"}}"#), &c).map(|s| s.country);
    assert_eq!(country("+1 202 555 0123"), Ok(Some("US")));
    assert_eq!(
        country("+1 600 555 0123"),
        Ok(Some("CA")),
        "600 is Canada's, not the US'"
    );
    let e = read_start(r#"{"destination":"+1 999 555 0123"}"#, &c).unwrap_err();
    assert_eq!((e.status, e.field.as_deref()), (403, Some("destination")));
    let any = config_in(r#"["*"]"#, "");
    let s = read_start(r#"{"destination":"+1 999 555 0123"}"#, &any).unwrap();
    assert_eq!(
        (s.country, s.digits.as_str()),
        (None, "19995550123"),
        "no country: only [\"*\"] sends"
    );
}
