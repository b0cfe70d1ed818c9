//! What the browser may ask for: `destination`, `country`, `channel`, `language` — nothing
//! else. The country is derived from the number itself and checked before anything else
//! happens; everything a phisher would want (template, brand, callbackUrl, sender) comes
//! from the server's `defaults` only.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::json::Value;
use crate::phone;
use crate::request::{Channel, StartVerificationRequest, LANGUAGES};

use super::config::ProxyConfig;
use super::countries;
use super::reply::Reject;

/// A checked browser request, and the request 8x8 will receive.
#[derive(Clone, Debug, PartialEq)]
pub struct BrowserStart {
    /// International digits (no `+`).
    pub digits: String,
    /// The country derived from `digits`.
    pub country: &'static str,
    /// The request for 8x8: `defaults` + the browser's fields + the client IP.
    pub upstream: StartVerificationRequest,
}

const BROWSER_FIELDS: [&str; 4] = ["destination", "country", "channel", "language"];

/// Checks the browser's JSON body against `config`.
pub fn read_start(
    body: &Value,
    config: &ProxyConfig,
    client_ip: Option<&str>,
) -> Result<BrowserStart, Reject> {
    let members = body
        .as_object()
        .ok_or_else(|| Reject::invalid("request", "must be a JSON object"))?;
    for (name, _) in members {
        if !BROWSER_FIELDS.contains(&name.as_str()) {
            return Err(Reject::invalid(name, "is not allowed: the browser may send only destination, country, channel and language"));
        }
    }
    let text = |name: &str| -> Result<Option<&str>, Reject> {
        match body.get_present(name) {
            None => Ok(None),
            Some(v) => v
                .as_str()
                .map(Some)
                .ok_or_else(|| Reject::invalid(name, "must be a string")),
        }
    };
    let raw = text("destination")?.ok_or_else(|| Reject::invalid("destination", "is required"))?;
    let number =
        phone::normalise(raw).ok_or_else(|| Reject::invalid("destination", phone::RULE))?;
    let digits = if number.international {
        // An international number carries its country; the `country` field is ignored.
        number.digits
    } else {
        let country = text("country")?.ok_or_else(|| {
            Reject::invalid(
                "destination",
                "must be international (+ and the calling code), or come with country",
            )
        })?;
        let code = countries::calling_code(country).ok_or_else(|| {
            Reject::invalid("country", "must be a two-letter ISO 3166 country code")
        })?;
        let national = number.digits.strip_prefix('0').unwrap_or(&number.digits);
        format!("{code}{national}")
    };
    let country = countries::country_of(&digits)
        .ok_or_else(|| Reject::invalid("destination", "has no known calling code"))?;
    if !config.allowed_countries.allows(country) {
        return Err(Reject::forbidden(
            "destination",
            "is in a country this service does not send codes to",
        ));
    }
    let channel = match text("channel")? {
        Some(name) => Channel::from_name(name)
            .filter(|c| config.channels.contains(c))
            .ok_or_else(|| Reject::forbidden("channel", "is not a channel this service offers"))?,
        None => config
            .defaults
            .channel
            .or(config.channels.first().copied())
            .unwrap_or(Channel::Sms),
    };
    let mut upstream = config.defaults.clone();
    if let Some(language) = text("language")? {
        if !LANGUAGES.contains(&language) {
            return Err(Reject::invalid(
                "language",
                "must be one of 8x8's language tags, e.g. \"en-US\"",
            ));
        }
        upstream.language = Some(language.to_owned());
    }
    upstream.destination = format!("+{digits}");
    upstream.channel = Some(channel);
    upstream.client_ip = client_ip.map(str::to_owned);
    upstream.validate().map_err(|e| {
        Reject::invalid(
            e.field().unwrap_or("request"),
            "breaks a rule of the service's configuration",
        )
    })?;
    Ok(BrowserStart {
        digits,
        country,
        upstream,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::testing::{parse, to_serde};
    use crate::proxy::config::Runtime;

    fn config(extra: &str) -> ProxyConfig {
        let json = format!(
            r#"{{"apiKey":"k","subAccountId":"acme_hq","allowedCountries":["SG","US"],"clientIpHeader":"x-real-ip"{extra}}}"#
        );
        ProxyConfig::from_value(&parse(&json), Runtime::Node).unwrap()
    }

    fn read(body: &str, config: &ProxyConfig) -> Result<BrowserStart, Reject> {
        read_start(&parse(body), config, Some("203.0.113.7"))
    }

    #[test]
    fn merges_browser_fields_over_server_defaults() {
        let c = config(
            r#","channels":["sms","call"],"defaults":{"brand":"Acme","template":"{brand}: {code}","language":"en-GB"}"#,
        );
        let s = read(
            r#"{"destination":"+65 8765 4321","channel":"call","language":"en-US"}"#,
            &c,
        )
        .unwrap();
        assert_eq!((s.digits.as_str(), s.country), ("6587654321", "SG"));
        assert_eq!(
            to_serde(&s.upstream.to_value()),
            serde_json::json!({"destination": "+6587654321", "channel": "call", "brand": "Acme",
                "template": "{brand}: {code}", "language": "en-US", "clientIp": "203.0.113.7"})
        );
        let s = read(r#"{"destination":"8765 4321","country":"sg"}"#, &c).unwrap();
        assert_eq!(s.upstream.destination, "+6587654321");
        assert_eq!(s.upstream.channel, Some(Channel::Sms));
        let s = read(r#"{"destination":"(202) 555-0123","country":"US"}"#, &c).unwrap();
        assert_eq!(s.country, "US");
    }

    #[test]
    fn the_country_comes_from_the_number_never_from_the_field() {
        let c = config("");
        // An international number in a disallowed country, claiming an allowed one.
        let e = read(r#"{"destination":"+44 7700 900123","country":"SG"}"#, &c).unwrap_err();
        assert_eq!((e.status, e.field.as_deref()), (403, Some("destination")));
        // A Canadian number is +1 but not the US.
        let e = read(r#"{"destination":"+1 416 555 0123"}"#, &c).unwrap_err();
        assert_eq!(e.status, 403);
        // A national number is read in the claimed country: it stays there.
        let e = read(r#"{"destination":"07700 900123","country":"GB"}"#, &c).unwrap_err();
        assert_eq!(e.status, 403);
    }

    #[test]
    fn rejections() {
        let c = config(r#","channels":["sms"]"#);
        for (body, status, field) in [
            (
                r#"{"destination":"+6587654321","template":"Click evil.example"}"#,
                400,
                "template",
            ),
            (
                r#"{"destination":"+6587654321","callbackUrl":"https://evil.example"}"#,
                400,
                "callbackUrl",
            ),
            (
                r#"{"destination":"+6587654321","brand":"Bank"}"#,
                400,
                "brand",
            ),
            (
                r#"{"destination":"+6587654321","templateKey":"x"}"#,
                400,
                "templateKey",
            ),
            (
                r#"{"destination":"+6587654321","clientIp":"1.2.3.4"}"#,
                400,
                "clientIp",
            ),
            (
                r#"{"destination":"+6587654321","channel":"call"}"#,
                403,
                "channel",
            ),
            (
                r#"{"destination":"+6587654321","channel":"pigeon"}"#,
                403,
                "channel",
            ),
            (
                r#"{"destination":"+6587654321","language":"xx"}"#,
                400,
                "language",
            ),
            (r#"{"destination":"87654321"}"#, 400, "destination"),
            (
                r#"{"destination":"87654321","country":"ZZ"}"#,
                400,
                "country",
            ),
            (r#"{"destination":"+999 1234 5678"}"#, 400, "destination"),
            (r#"{"destination":12345678}"#, 400, "destination"),
            (r#"{}"#, 400, "destination"),
            (r#"[]"#, 400, "request"),
        ] {
            let e = read(body, &c).unwrap_err();
            assert_eq!(
                (e.status, e.field.as_deref()),
                (status, Some(field)),
                "{body}"
            );
        }
    }
}
