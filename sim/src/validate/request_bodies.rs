//! Validation of the two request bodies (`VerifyRequestV2` and
//! `VerifySmaCoverageCheckRequest`) against the spec's constraints, with the
//! error code of 8x8's table that fits each rule. Unknown fields are ignored
//! (the spec does not forbid them); `null` counts as absent.

use serde_json::{Map, Value};

use crate::model::api_error::ApiError;
use crate::model::channel::Channel;
use crate::model::checked_request::{CoverageRequest, StartRequest};
use crate::model::client_ip;
use crate::model::one_time_code::CodeType;
use crate::model::phone_number::{self, PhoneError};
use crate::validate::json_fields::{
    as_object, get, opt_bool, opt_choice, opt_int, opt_str, type_error,
};
use crate::validate::nested_objects::{check_call, check_sms, check_whatsapp, is_http_url};

/// The 48 `language` values the spec lists (case-sensitive).
pub const LANGUAGES: [&str; 48] = [
    "ar-EG", "ar-SA", "bg-BG", "ca-ES", "cs-CZ", "da-DK", "de-AT", "de-CH", "de-DE", "el-GR",
    "en-AU", "en-CA", "en-GB", "en-IE", "en-IN", "en-US", "es-ES", "es-MX", "fi-FI", "fr-CA",
    "fr-CH", "fr-FR", "he-IL", "hi-IN", "hr-HR", "hu-HU", "id-ID", "it-IT", "ja-JP", "ko-KR",
    "ms-MY", "nb-NO", "nl-NL", "pl-PL", "pt-BR", "pt-PT", "ro-RO", "ru-RU", "sk-SK", "sl-SI",
    "sv-SE", "ta-IN", "th-TH", "tr-TR", "vi-VN", "zh-CN", "zh-HK", "zh-TW",
];

/// Longest `template` accepted (ten concatenated SMS segments), so delivered
/// messages keep memory bounded.
pub const MAX_TEMPLATE_CHARS: usize = 1600;

/// The `country` member: 400/1009 unless two letters naming a known country.
fn country(obj: &Map<String, Value>) -> Result<Option<&'static str>, ApiError> {
    match opt_str(obj, "country", "country")? {
        None => Ok(None),
        Some(c) => phone_number::country_calling_code(c)
            .map(Some)
            .map_err(|_| {
                ApiError::field(
                    1009,
                    "country",
                    "must be an ISO 3166-1 alpha-2 country code",
                )
            }),
    }
}

/// The `destination` member, normalised: a string, or (as the old spec and
/// the tutorial sent it) a JSON number of digits.
fn destination(
    obj: &Map<String, Value>,
    country_code: Option<&str>,
) -> Result<Option<String>, ApiError> {
    let raw = match get(obj, "destination") {
        None => return Ok(None),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => match n.as_u64() {
            Some(u) => u.to_string(),
            None => return Err(ApiError::msisdn()),
        },
        Some(_) => return Err(type_error("destination", "a string")),
    };
    match phone_number::normalise(&raw, country_code) {
        Ok(d) => Ok(Some(d)),
        Err(PhoneError::Number) => Err(ApiError::msisdn()),
        Err(PhoneError::Country) => Err(ApiError::field(
            1009,
            "country",
            "must be an ISO 3166-1 alpha-2 country code",
        )),
    }
}

/// Validates a `VerifyRequestV2` body.
pub fn parse_start(body: &Value) -> Result<StartRequest, ApiError> {
    let obj = as_object(body)?;
    let cc = country(obj)?;
    let destination =
        destination(obj, cc)?.ok_or_else(|| ApiError::field(1000, "destination", "is required"))?;

    let channel = opt_choice(obj, "channel", &Channel::NAMES)?.unwrap_or(Channel::Sms);
    let brand = opt_str(obj, "brand", "brand")?;
    if brand.is_some_and(|b| b.chars().count() > 30) {
        return Err(ApiError::field(
            1000,
            "brand",
            "must be at most 30 characters",
        ));
    }
    let code_length = opt_int(obj, "codeLength", "codeLength", 3, 10)?.unwrap_or(4);
    let code_validity_s = opt_int(obj, "codeValidity", "codeValidity", 30, 7200)?.unwrap_or(300);
    let code_type = opt_choice(obj, "codeType", &CodeType::NAMES)?.unwrap_or(CodeType::Numeric);
    let template = match get(obj, "template") {
        None => None,
        Some(Value::String(t)) if t.chars().count() <= MAX_TEMPLATE_CHARS => Some(t.clone()),
        Some(Value::String(_)) => {
            return Err(ApiError::field(
                1007,
                "template",
                &format!("must be at most {MAX_TEMPLATE_CHARS} characters"),
            ))
        }
        Some(_) => return Err(ApiError::field(1007, "template", "must be a string")),
    };
    opt_str(obj, "templateKey", "templateKey")?;
    if let Some(lang) = opt_str(obj, "language", "language")? {
        if !LANGUAGES.contains(&lang) {
            return Err(ApiError::field(
                1000,
                "language",
                "must be one of the spec's language codes (e.g. en-US)",
            ));
        }
    }
    let reset_session = opt_bool(obj, "resetSession")?.unwrap_or(false);
    let resending_interval_s =
        opt_int(obj, "resendingInterval", "resendingInterval", 10, 7200)?.unwrap_or(10);
    if let Some(url) = opt_str(obj, "callbackUrl", "callbackUrl")? {
        if !is_http_url(url) {
            return Err(ApiError::field(
                1000,
                "callbackUrl",
                "must be an absolute http or https URL",
            ));
        }
    }
    if let Some(ip) = opt_str(obj, "clientIp", "clientIp")? {
        if client_ip::parse(ip).is_none() {
            return Err(ApiError::field(
                1012,
                "clientIp",
                "must be an IPv4 or IPv6 address",
            ));
        }
    }
    check_sms(obj)?;
    check_call(obj)?;
    check_whatsapp(obj, channel)?;

    Ok(StartRequest {
        destination,
        channel,
        brand: brand.map(str::to_string),
        code_length: code_length as usize,
        code_validity_s,
        code_type,
        template,
        reset_session,
        resending_interval_s,
    })
}

/// Validates a `VerifySmaCoverageCheckRequest` body.
pub fn parse_coverage(body: &Value) -> Result<CoverageRequest, ApiError> {
    let obj = as_object(body)?;
    let client_ip = match opt_str(obj, "clientIp", "clientIp")? {
        None => return Err(ApiError::field(1012, "clientIp", "is required")),
        Some(s) => client_ip::parse(s)
            .ok_or_else(|| ApiError::field(1012, "clientIp", "must be an IPv4 or IPv6 address"))?,
    };
    let cc = country(obj)?;
    let destination = destination(obj, cc)?;
    Ok(CoverageRequest {
        client_ip,
        destination,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn err(v: Value) -> (i64, String) {
        let e = parse_start(&v).unwrap_err();
        assert_eq!(e.status, 400);
        (e.code, e.message)
    }

    #[test]
    fn minimal_request_gets_the_defaults() {
        let r = parse_start(&json!({"destination": "+6598765432"})).unwrap();
        assert_eq!(r.destination, "6598765432");
        assert_eq!(r.channel, Channel::Sms);
        assert_eq!(r.code_length, 4);
        assert_eq!(r.code_validity_s, 300);
        assert_eq!(r.code_type, CodeType::Numeric);
        assert_eq!(r.resending_interval_s, 10);
        assert!(!r.reset_session);
        assert_eq!(r.brand, None);
    }

    #[test]
    fn accepts_the_spec_examples() {
        for v in [
            json!({"destination": "+19876543210", "channel": "call"}),
            json!({"destination": "+19876543210", "channel": "whatsapp", "whatsapp": {"templateName": "abc"}}),
            json!({"destination": "8765 4321", "country": "SG", "brand": "ABC", "codeLength": 5, "codeValidity": 300,
                   "codeType": "NUMERIC", "resendingInterval": 10, "channel": "sms", "sms": {"source": "ABC", "encoding": "AUTO"}}),
            json!({"destination": "+65(876)54321", "country": "SG", "brand": "ABC", "codeLength": 5, "codeValidity": 300,
                   "language": "en-US", "channel": "call",
                   "call": {"source": "+19876543210", "speed": 0.8, "repetition": 3, "voiceProfile": "en-US-Kimberly"}}),
            json!({"destination": "+6587654321", "channel": "sma"}),
            json!({"destination": 6598765432u64, "productName": "MyBrand", "codeLength": 4}),
            json!({"destination": "+6598765432", "brand": null, "codeLength": 4.0}),
        ] {
            parse_start(&v).unwrap_or_else(|e| panic!("{v}: {e:?}"));
        }
    }

    #[test]
    fn destination_rules() {
        assert_eq!(err(json!({})).0, 1000);
        assert!(err(json!({})).1.contains("destination"));
        assert_eq!(err(json!({"destination": true})).0, 1000);
        assert_eq!(err(json!({"destination": "123"})).0, 1002);
        assert_eq!(err(json!({"destination": -6598765432i64})).0, 1002);
        assert_eq!(err(json!({"destination": 65.5})).0, 1002);
        assert_eq!(
            err(json!({"destination": "+65 9876 5432", "country": "ZZ"})).0,
            1009
        );
        assert_eq!(
            err(json!({"destination": "+65 9876 5432", "country": "SGP"})).0,
            1009
        );
        assert_eq!(
            err(json!({"destination": "+65 9876 5432", "country": 65})).0,
            1000
        );
        assert_eq!(err(json!([1])).0, 1000);
    }

    #[test]
    fn range_and_enum_rules() {
        let d = "+6598765432";
        let cases: Vec<(Value, i64, &str)> = vec![
            (json!({"channel": "fax"}), 1000, "channel"),
            (json!({"channel": 1}), 1000, "channel"),
            (json!({"brand": "x".repeat(31)}), 1000, "brand"),
            (json!({"codeLength": 2}), 1010, "codeLength"),
            (json!({"codeLength": 11}), 1010, "codeLength"),
            (json!({"codeLength": 4.5}), 1000, "codeLength"),
            (json!({"codeLength": "4"}), 1000, "codeLength"),
            (json!({"codeLength": 1e30}), 1010, "codeLength"),
            (json!({"codeLength": u64::MAX}), 1010, "codeLength"),
            (json!({"codeValidity": 29}), 1010, "codeValidity"),
            (json!({"codeValidity": 7201}), 1010, "codeValidity"),
            (json!({"codeType": "numeric"}), 1000, "codeType"),
            (json!({"template": 5}), 1007, "template"),
            (json!({"template": "x".repeat(1601)}), 1007, "template"),
            (json!({"templateKey": 5}), 1000, "templateKey"),
            (json!({"language": "en-us"}), 1000, "language"),
            (json!({"resetSession": "yes"}), 1000, "resetSession"),
            (json!({"resendingInterval": 9}), 1010, "resendingInterval"),
            (
                json!({"resendingInterval": 7201}),
                1010,
                "resendingInterval",
            ),
            (json!({"callbackUrl": "example.com/x"}), 1000, "callbackUrl"),
            (
                json!({"callbackUrl": "ftp://example.com"}),
                1000,
                "callbackUrl",
            ),
            (json!({"clientIp": "1.2.3"}), 1012, "clientIp"),
            (json!({"sms": "x"}), 1000, "sms"),
            (
                json!({"sms": {"source": "ABCDEFGHIJKL"}}),
                1005,
                "sms.source",
            ),
            (
                json!({"sms": {"source": "+12345678901234567"}}),
                1005,
                "sms.source",
            ),
            (json!({"sms": {"source": "AB_C"}}), 1005, "sms.source"),
            (json!({"sms": {"encoding": "UTF8"}}), 1003, "sms.encoding"),
            (json!({"call": {"speed": 0.4}}), 1010, "call.speed"),
            (json!({"call": {"speed": 2.1}}), 1010, "call.speed"),
            (json!({"call": {"speed": "1"}}), 1000, "call.speed"),
            (json!({"call": {"repetition": 4}}), 1010, "call.repetition"),
            (json!({"call": {"repetition": 0}}), 1010, "call.repetition"),
            (
                json!({"call": {"voiceProfile": "x".repeat(51)}}),
                1000,
                "call.voiceProfile",
            ),
            (json!({"call": {"source": 5}}), 1000, "call.source"),
            (
                json!({"channel": "whatsapp"}),
                1000,
                "whatsapp.templateName",
            ),
            (
                json!({"channel": "whatsapp", "whatsapp": {}}),
                1000,
                "whatsapp.templateName",
            ),
            (
                json!({"whatsapp": {"templateName": 1}}),
                1000,
                "whatsapp.templateName",
            ),
        ];
        for (mut v, code, field) in cases {
            v["destination"] = json!(d);
            let (c, m) = err(v.clone());
            assert_eq!(c, code, "{v}");
            assert!(m.contains(field), "{v}: {m}");
        }
    }

    #[test]
    fn every_spec_name_of_the_two_enums_is_read() {
        let d = "+6598765432";
        for (name, channel) in Channel::NAMES {
            let body =
                json!({"destination": d, "channel": name, "whatsapp": {"templateName": "otp"}});
            let start = parse_start(&body).unwrap();
            assert_eq!(start.channel, channel, "{name}");
            // The name the simulator writes (serde) is the name it reads.
            assert_eq!(serde_json::to_value(channel).unwrap(), json!(name));
        }
        for (name, code_type) in CodeType::NAMES {
            let start = parse_start(&json!({"destination": d, "codeType": name})).unwrap();
            assert_eq!(start.code_type, code_type, "{name}");
        }
    }

    #[test]
    fn an_unknown_enum_name_lists_the_spec_names() {
        let d = "+6598765432";
        assert_eq!(
            err(json!({"destination": d, "channel": "fax"})).1,
            "Invalid parameter: channel must be one of sms, call, whatsapp, viber, sma"
        );
        assert_eq!(
            err(json!({"destination": d, "codeType": "numeric"})).1,
            "Invalid parameter: codeType must be one of NUMERIC, NUMERIC_WITH_DASH, ALPHANUMERIC, ALPHANUMERIC_CAPITALS, ALPHANUMERIC_EASY"
        );
    }

    #[test]
    fn boundaries_are_inclusive() {
        let v = json!({"destination": "+6598765432", "codeLength": 10, "codeValidity": 7200,
            "resendingInterval": 7200, "brand": "x".repeat(30),
            "sms": {"source": "+1234567890123456"},
            "call": {"speed": 2, "repetition": 1, "voiceProfile": "x".repeat(50)}});
        parse_start(&v).unwrap();
        let v = json!({"destination": "+6598765432", "codeLength": 3, "codeValidity": 30,
            "resendingInterval": 10, "sms": {"source": "My Brand 12"}, "call": {"speed": 0.5}});
        parse_start(&v).unwrap();
    }

    #[test]
    fn coverage_rules() {
        let ok = parse_coverage(&json!({"clientIp": "123.123.123.123"})).unwrap();
        assert_eq!(ok.destination, None);
        let ok = parse_coverage(
            &json!({"clientIp": "::1", "destination": "8765 4321", "country": "SG"}),
        )
        .unwrap();
        assert_eq!(ok.destination.as_deref(), Some("6587654321"));
        let code = |v: Value| parse_coverage(&v).unwrap_err().code;
        assert_eq!(code(json!({})), 1012);
        assert_eq!(code(json!({"clientIp": "nope"})), 1012);
        assert_eq!(code(json!({"clientIp": 1})), 1000);
        assert_eq!(
            code(json!({"clientIp": "1.1.1.1", "destination": "12"})),
            1002
        );
        assert_eq!(code(json!({"clientIp": "1.1.1.1", "country": "QQ"})), 1009);
        assert_eq!(code(json!("x")), 1000);
    }
}
