//! What a caller asks for: [`StartVerificationRequest`] (the spec's `VerifyRequestV2` in
//! camelCase), [`SmaCoverageRequest`], session ids and codes — each checked against the
//! spec's constraints before anything is sent.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::error::Error;
use crate::json::{ObjectBuilder, Value};
use crate::phone;
use crate::text::{concat, decimal};

string_enum!(
    /// How the code reaches the user.
    Channel, r#""sms", "call", "whatsapp", "viber", "sma""# {
        /// A text message (the default).
        Sms = "sms",
        /// A voice call reading the code.
        Call = "call",
        /// A WhatsApp authentication template (needs `whatsapp.templateName`).
        Whatsapp = "whatsapp",
        /// A Viber message.
        Viber = "viber",
        /// Silent mobile authentication: no code; the device opens `smaVerificationUrl`.
        Sma = "sma",
    }
);

string_enum!(
    /// The alphabet of generated codes.
    CodeType, r#""NUMERIC", "NUMERIC_WITH_DASH", "ALPHANUMERIC", "ALPHANUMERIC_CAPITALS", "ALPHANUMERIC_EASY""# {
        /// Digits (`123456`).
        Numeric = "NUMERIC",
        /// Digits split by one dash (`231-461`).
        NumericWithDash = "NUMERIC_WITH_DASH",
        /// Letters of both cases and digits.
        Alphanumeric = "ALPHANUMERIC",
        /// Capital letters and digits.
        AlphanumericCapitals = "ALPHANUMERIC_CAPITALS",
        /// Capitals and digits without the look-alikes I, O, Q, S, Z.
        AlphanumericEasy = "ALPHANUMERIC_EASY",
    }
);

string_enum!(
    /// SMS character set.
    SmsEncoding, r#""AUTO", "GSM7", "UCS2""# {
        /// Chosen from the text (the default).
        Auto = "AUTO",
        /// GSM 7-bit.
        Gsm7 = "GSM7",
        /// UCS-2 (Unicode).
        Ucs2 = "UCS2",
    }
);

/// The languages 8x8 accepts for `language` (case-sensitive).
pub const LANGUAGES: &[&str] = &[
    "ar-EG", "ar-SA", "bg-BG", "ca-ES", "cs-CZ", "da-DK", "de-AT", "de-CH", "de-DE", "el-GR",
    "en-AU", "en-CA", "en-GB", "en-IE", "en-IN", "en-US", "es-ES", "es-MX", "fi-FI", "fr-CA",
    "fr-CH", "fr-FR", "he-IL", "hi-IN", "hr-HR", "hu-HU", "id-ID", "it-IT", "ja-JP", "ko-KR",
    "ms-MY", "nb-NO", "nl-NL", "pl-PL", "pt-BR", "pt-PT", "ro-RO", "ru-RU", "sk-SK", "sl-SI",
    "sv-SE", "ta-IN", "th-TH", "tr-TR", "vi-VN", "zh-CN", "zh-HK", "zh-TW",
];

/// An integer field's range, from the spec, and the rule as words.
struct IntRule {
    field: &'static str,
    min: i64,
    max: i64,
    rule: &'static str,
}

impl IntRule {
    fn error(&self) -> Error {
        Error::invalid(self.field, self.rule)
    }

    fn read(&self, value: &Value) -> Result<i64, Error> {
        value
            .as_int_in(self.min, self.max)
            .ok_or_else(|| self.error())
    }

    fn check(&self, n: Option<impl Into<i64>>) -> Result<(), Error> {
        match n.map(Into::into) {
            Some(n) if n < self.min || n > self.max => Err(self.error()),
            _ => Ok(()),
        }
    }
}

const CODE_LENGTH: IntRule = IntRule {
    field: "codeLength",
    min: 3,
    max: 10,
    rule: "must be an integer from 3 to 10",
};
const CODE_VALIDITY: IntRule = IntRule {
    field: "codeValidity",
    min: 30,
    max: 7200,
    rule: "must be an integer from 30 to 7200",
};
const RESENDING_INTERVAL: IntRule = IntRule {
    field: "resendingInterval",
    min: 10,
    max: 7200,
    rule: "must be an integer from 10 to 7200",
};
const CALL_REPETITION: IntRule = IntRule {
    field: "call.repetition",
    min: 1,
    max: 3,
    rule: "must be an integer from 1 to 3",
};

/// Starts a verification: the spec's `VerifyRequestV2`. Only `destination` is required.
///
/// # Example
/// ```
/// use verify_8x8::{Channel, StartVerificationRequest};
///
/// let mut request = StartVerificationRequest::new("+65 8765 4321");
/// request.brand = Some("Acme".into());
/// request.code_length = Some(6);
/// request.channel = Some(Channel::Sms);
/// assert!(request.validate().is_ok());
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct StartVerificationRequest {
    /// The phone number: international (`+6587654321`, `006587654321`) or national with
    /// `country`. Spaces, dots, brackets and dashes are ignored; 6–15 digits.
    pub destination: String,
    /// ISO 3166 alpha-2 country of a national `destination`.
    pub country: Option<String>,
    /// Delivery channel (default `sms`).
    pub channel: Option<Channel>,
    /// Fills `{brand}` in the template; at most 30 characters.
    pub brand: Option<String>,
    /// Code length, 3–10 (default 4).
    pub code_length: Option<u8>,
    /// Seconds the code stays valid, 30–7200 (default 300).
    pub code_validity: Option<u16>,
    /// Code alphabet (default `NUMERIC`).
    pub code_type: Option<CodeType>,
    /// Message text with `{code}` and `{brand}` (sms and call only).
    pub template: Option<String>,
    /// Name of a template saved in 8x8 Connect.
    pub template_key: Option<String>,
    /// Voice or WhatsApp template language, one of [`LANGUAGES`].
    pub language: Option<String>,
    /// `true`: a new code even while the previous one is pending.
    pub reset_session: Option<bool>,
    /// Minimum seconds between two sends to the destination, 10–7200 (default 10).
    pub resending_interval: Option<u16>,
    /// Absolute http(s) URL where 8x8 posts status updates.
    pub callback_url: Option<String>,
    /// The end user's IP address, for 8x8's per-IP limits and SMA.
    pub client_ip: Option<String>,
    /// SMS options (used with channel `sms`).
    pub sms: Option<SmsOptions>,
    /// Voice options (used with channel `call`).
    pub call: Option<VoiceCallOptions>,
    /// WhatsApp options; required with channel `whatsapp`.
    pub whatsapp: Option<WhatsAppOptions>,
}

/// SMS options: the spec's `VerifySmsChannel`.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct SmsOptions {
    /// Sender id: up to 11 letters, digits and spaces, or up to 16 digits with an optional `+`.
    pub source: Option<String>,
    /// Character set (default `AUTO`).
    pub encoding: Option<SmsEncoding>,
}

/// Voice options: the spec's `VerifyCallChannel`.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct VoiceCallOptions {
    /// Caller id.
    pub source: Option<String>,
    /// Speech speed, 0.5–2 (default 0.8).
    pub speed: Option<f64>,
    /// Times the text is read, 1–3 (default 2).
    pub repetition: Option<u8>,
    /// Voice, e.g. `en-US-Kimberly`; at most 50 characters.
    pub voice_profile: Option<String>,
}

/// WhatsApp options: the spec's `VerifyWhatsAppChannel`.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct WhatsAppOptions {
    /// Name of the WhatsApp authentication template.
    pub template_name: String,
}

impl WhatsAppOptions {
    /// Options naming `template_name`.
    pub fn new(template_name: impl Into<String>) -> Self {
        WhatsAppOptions {
            template_name: template_name.into(),
        }
    }
}

impl StartVerificationRequest {
    /// A request for `destination` with every option at 8x8's default.
    pub fn new(destination: impl Into<String>) -> Self {
        StartVerificationRequest {
            destination: destination.into(),
            ..Self::default()
        }
    }

    /// Reads a JavaScript request object: unknown fields and wrong types are rejected by
    /// name (a typo must not silently drop an option), then [`validate`](Self::validate) runs.
    pub(crate) fn from_value(value: &Value) -> Result<Self, Error> {
        let members = object(value, "request")?;
        let mut r = StartVerificationRequest::default();
        let mut destination = None;
        for (name, v) in members {
            if matches!(v, Value::Null) {
                continue;
            }
            match name.as_str() {
                "destination" => destination = Some(string(v, "destination")?),
                "country" => r.country = Some(string(v, "country")?),
                "channel" => r.channel = Some(Channel::read(v, "channel")?),
                "brand" => r.brand = Some(string(v, "brand")?),
                "codeLength" => r.code_length = Some(CODE_LENGTH.read(v)? as u8),
                "codeValidity" => r.code_validity = Some(CODE_VALIDITY.read(v)? as u16),
                "codeType" => r.code_type = Some(CodeType::read(v, "codeType")?),
                "template" => r.template = Some(string(v, "template")?),
                "templateKey" => r.template_key = Some(string(v, "templateKey")?),
                "language" => r.language = Some(string(v, "language")?),
                "resetSession" => {
                    r.reset_session = Some(
                        v.as_bool()
                            .ok_or_else(|| Error::invalid("resetSession", "must be a boolean"))?,
                    )
                }
                "resendingInterval" => {
                    r.resending_interval = Some(RESENDING_INTERVAL.read(v)? as u16)
                }
                "callbackUrl" => r.callback_url = Some(string(v, "callbackUrl")?),
                "clientIp" => r.client_ip = Some(string(v, "clientIp")?),
                "sms" => r.sms = Some(SmsOptions::from_value(v)?),
                "call" => r.call = Some(VoiceCallOptions::from_value(v)?),
                "whatsapp" => r.whatsapp = Some(WhatsAppOptions::from_value(v)?),
                other => return Err(unknown(other)),
            }
        }
        r.destination = destination.ok_or_else(|| Error::invalid("destination", "is required"))?;
        r.validate()?;
        Ok(r)
    }

    /// Checks every rule of the spec, naming the first field that breaks one.
    pub fn validate(&self) -> Result<(), Error> {
        destination(&self.destination, "destination")?;
        if let Some(country) = &self.country {
            check_country(country)?;
        }
        max_chars(self.brand.as_deref(), "brand", 30)?;
        CODE_LENGTH.check(self.code_length)?;
        CODE_VALIDITY.check(self.code_validity)?;
        RESENDING_INTERVAL.check(self.resending_interval)?;
        non_empty(self.template_key.as_deref(), "templateKey")?;
        if let Some(language) = &self.language {
            if !LANGUAGES.contains(&language.as_str()) {
                return Err(Error::invalid(
                    "language",
                    "must be one of 8x8's language tags, e.g. \"en-US\" (case-sensitive)",
                ));
            }
        }
        if let Some(url) = &self.callback_url {
            if !is_http_url(url) {
                return Err(Error::invalid(
                    "callbackUrl",
                    "must be an absolute http: or https: URL",
                ));
            }
        }
        if let Some(ip) = &self.client_ip {
            check_ip(ip, "clientIp")?;
        }
        if let Some(sms) = &self.sms {
            sms.validate()?;
        }
        if let Some(call) = &self.call {
            call.validate()?;
        }
        match (&self.whatsapp, self.channel) {
            (Some(whatsapp), _) => whatsapp.validate(),
            (None, Some(Channel::Whatsapp)) => Err(Error::invalid(
                "whatsapp.templateName",
                "is required when channel is \"whatsapp\"",
            )),
            (None, _) => Ok(()),
        }
    }

    /// The JSON body 8x8 receives. The destination goes out normalised (`+digits` for
    /// an international number); call [`validate`](Self::validate) first.
    pub(crate) fn to_value(&self) -> Value {
        let destination = phone::normalise(&self.destination)
            .map(|d| d.wire())
            .unwrap_or_else(|| self.destination.clone());
        ObjectBuilder::new()
            .field("destination", Value::String(destination))
            .optional(
                "country",
                self.country
                    .as_ref()
                    .map(|c| Value::string(c.to_ascii_uppercase())),
            )
            .optional("channel", self.channel.map(|c| Value::string(c.as_str())))
            .optional("brand", self.brand.clone().map(Value::String))
            .optional(
                "codeLength",
                self.code_length.map(|n| Value::Number(n.into())),
            )
            .optional(
                "codeValidity",
                self.code_validity.map(|n| Value::Number(n.into())),
            )
            .optional(
                "codeType",
                self.code_type.map(|c| Value::string(c.as_str())),
            )
            .optional("template", self.template.clone().map(Value::String))
            .optional("templateKey", self.template_key.clone().map(Value::String))
            .optional("language", self.language.clone().map(Value::String))
            .optional("resetSession", self.reset_session.map(Value::Bool))
            .optional(
                "resendingInterval",
                self.resending_interval.map(|n| Value::Number(n.into())),
            )
            .optional("callbackUrl", self.callback_url.clone().map(Value::String))
            .optional("clientIp", self.client_ip.clone().map(Value::String))
            .optional("sms", self.sms.as_ref().map(SmsOptions::to_value))
            .optional("call", self.call.as_ref().map(VoiceCallOptions::to_value))
            .optional(
                "whatsapp",
                self.whatsapp.as_ref().map(WhatsAppOptions::to_value),
            )
            .build()
    }
}

impl SmsOptions {
    fn from_value(value: &Value) -> Result<Self, Error> {
        let mut sms = SmsOptions::default();
        for (name, v) in object(value, "sms")? {
            if matches!(v, Value::Null) {
                continue;
            }
            match name.as_str() {
                "source" => sms.source = Some(string(v, "sms.source")?),
                "encoding" => sms.encoding = Some(SmsEncoding::read(v, "sms.encoding")?),
                other => return Err(unknown(&concat(&["sms.", other]))),
            }
        }
        Ok(sms)
    }

    fn validate(&self) -> Result<(), Error> {
        match &self.source {
            Some(source) if !is_sms_source(source) => Err(Error::invalid(
                "sms.source",
                "must be up to 11 letters, digits and spaces, or up to 16 digits with an optional leading +",
            )),
            _ => Ok(()),
        }
    }

    fn to_value(&self) -> Value {
        ObjectBuilder::new()
            .optional("source", self.source.clone().map(Value::String))
            .optional("encoding", self.encoding.map(|e| Value::string(e.as_str())))
            .build()
    }
}

impl VoiceCallOptions {
    fn from_value(value: &Value) -> Result<Self, Error> {
        let mut call = VoiceCallOptions::default();
        for (name, v) in object(value, "call")? {
            if matches!(v, Value::Null) {
                continue;
            }
            match name.as_str() {
                "source" => call.source = Some(string(v, "call.source")?),
                "speed" => call.speed = Some(v.as_f64().ok_or_else(speed_error)?),
                "repetition" => call.repetition = Some(CALL_REPETITION.read(v)? as u8),
                "voiceProfile" => call.voice_profile = Some(string(v, "call.voiceProfile")?),
                other => return Err(unknown(&concat(&["call.", other]))),
            }
        }
        Ok(call)
    }

    fn validate(&self) -> Result<(), Error> {
        non_empty(self.source.as_deref(), "call.source")?;
        if self.speed.is_some_and(|s| !(0.5..=2.0).contains(&s)) {
            return Err(speed_error());
        }
        CALL_REPETITION.check(self.repetition)?;
        max_chars(self.voice_profile.as_deref(), "call.voiceProfile", 50)
    }

    fn to_value(&self) -> Value {
        ObjectBuilder::new()
            .optional("source", self.source.clone().map(Value::String))
            .optional("speed", self.speed.map(Value::Number))
            .optional(
                "repetition",
                self.repetition.map(|n| Value::Number(n.into())),
            )
            .optional(
                "voiceProfile",
                self.voice_profile.clone().map(Value::String),
            )
            .build()
    }
}

fn speed_error() -> Error {
    Error::invalid("call.speed", "must be a number from 0.5 to 2")
}

impl WhatsAppOptions {
    fn from_value(value: &Value) -> Result<Self, Error> {
        let mut template_name = None;
        for (name, v) in object(value, "whatsapp")? {
            if matches!(v, Value::Null) {
                continue;
            }
            match name.as_str() {
                "templateName" => template_name = Some(string(v, "whatsapp.templateName")?),
                other => return Err(unknown(&concat(&["whatsapp.", other]))),
            }
        }
        let template_name =
            template_name.ok_or_else(|| Error::invalid("whatsapp.templateName", "is required"))?;
        Ok(WhatsAppOptions { template_name })
    }

    fn validate(&self) -> Result<(), Error> {
        non_empty(Some(&self.template_name), "whatsapp.templateName")
    }

    fn to_value(&self) -> Value {
        ObjectBuilder::new()
            .field("templateName", Value::string(self.template_name.as_str()))
            .build()
    }
}

/// Asks whether silent mobile authentication can reach a device: the spec's
/// `VerifySmaCoverageCheckRequest`.
///
/// # Example
/// ```
/// use verify_8x8::SmaCoverageRequest;
///
/// let request = SmaCoverageRequest::new("203.0.113.7");
/// assert!(request.validate().is_ok());
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct SmaCoverageRequest {
    /// The IP address of the device's mobile-data session (required).
    pub client_ip: String,
    /// The number to check, international or national with `country`.
    pub destination: Option<String>,
    /// ISO 3166 alpha-2 country of a national `destination`.
    pub country: Option<String>,
}

impl SmaCoverageRequest {
    /// A coverage check for the device at `client_ip`.
    pub fn new(client_ip: impl Into<String>) -> Self {
        SmaCoverageRequest {
            client_ip: client_ip.into(),
            ..Self::default()
        }
    }

    /// Reads a JavaScript `{ clientIp, destination?, country? }`.
    pub(crate) fn from_value(value: &Value) -> Result<Self, Error> {
        let mut r = SmaCoverageRequest::default();
        let mut client_ip = None;
        for (name, v) in object(value, "request")? {
            if matches!(v, Value::Null) {
                continue;
            }
            match name.as_str() {
                "clientIp" => client_ip = Some(string(v, "clientIp")?),
                "destination" => r.destination = Some(string(v, "destination")?),
                "country" => r.country = Some(string(v, "country")?),
                other => return Err(unknown(other)),
            }
        }
        r.client_ip = client_ip.ok_or_else(|| Error::invalid("clientIp", "is required"))?;
        r.validate()?;
        Ok(r)
    }

    /// Checks every rule, naming the first field that breaks one.
    pub fn validate(&self) -> Result<(), Error> {
        check_ip(&self.client_ip, "clientIp")?;
        if let Some(d) = &self.destination {
            destination(d, "destination")?;
        }
        match &self.country {
            Some(country) => check_country(country),
            None => Ok(()),
        }
    }

    /// The JSON body 8x8 receives.
    pub(crate) fn to_value(&self) -> Value {
        ObjectBuilder::new()
            .field("clientIp", Value::string(self.client_ip.as_str()))
            .optional(
                "destination",
                self.destination
                    .as_deref()
                    .and_then(phone::normalise)
                    .map(|d| Value::String(d.wire())),
            )
            .optional(
                "country",
                self.country
                    .as_ref()
                    .map(|c| Value::string(c.to_ascii_uppercase())),
            )
            .build()
    }
}

/// Checks a session id: 1–64 letters, digits or dashes, so it can never leave its path
/// segment (no `/`, `.`, `%`, `?`).
pub fn check_session_id(session_id: &str) -> Result<(), Error> {
    if is_session_id(session_id) {
        Ok(())
    } else {
        Err(Error::invalid(
            "sessionId",
            "must be 1 to 64 letters, digits or dashes",
        ))
    }
}

/// `^[A-Za-z0-9-]{1,64}$`.
pub(crate) fn is_session_id(s: &str) -> bool {
    (1..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// Checks a code as typed by the user: 3–10 letters or digits, optionally with one
/// inner dash (a dashed 10-digit code has 11 characters). It is sent as typed.
pub fn check_code(code: &str) -> Result<(), Error> {
    let dashes = code.bytes().filter(|b| *b == b'-').count();
    let alnum = code.bytes().filter(u8::is_ascii_alphanumeric).count();
    let ok = (3..=10).contains(&alnum)
        && alnum + dashes == code.len()
        && dashes <= 1
        && !code.starts_with('-')
        && !code.ends_with('-');
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(
            "code",
            "must be 3 to 10 letters or digits, optionally with one dash",
        ))
    }
}

fn object<'a>(value: &'a Value, field: &str) -> Result<&'a [(String, Value)], Error> {
    value
        .as_object()
        .ok_or_else(|| Error::invalid(field, "must be an object"))
}

fn string(value: &Value, field: &str) -> Result<String, Error> {
    value
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| Error::invalid(field, "must be a string"))
}

fn unknown(field: &str) -> Error {
    Error::invalid(field, "is not a known field")
}

fn non_empty(value: Option<&str>, field: &str) -> Result<(), Error> {
    match value {
        Some("") => Err(Error::invalid(field, "must not be empty")),
        _ => Ok(()),
    }
}

fn max_chars(value: Option<&str>, field: &str, max: usize) -> Result<(), Error> {
    match value {
        Some(v) if v.chars().count() > max => Err(Error::invalid(
            field,
            &concat(&["must be at most ", &decimal(max as i64), " characters"]),
        )),
        _ => Ok(()),
    }
}

fn destination(raw: &str, field: &str) -> Result<(), Error> {
    phone::normalise(raw)
        .map(|_| ())
        .ok_or_else(|| Error::invalid(field, phone::RULE))
}

fn check_country(country: &str) -> Result<(), Error> {
    if country.len() == 2 && country.bytes().all(|b| b.is_ascii_alphabetic()) {
        Ok(())
    } else {
        Err(Error::invalid(
            "country",
            "must be a two-letter ISO 3166 country code",
        ))
    }
}

fn check_ip(ip: &str, field: &str) -> Result<(), Error> {
    if crate::ip::is_ip(ip) {
        Ok(())
    } else {
        Err(Error::invalid(field, "must be an IPv4 or IPv6 address"))
    }
}

fn is_sms_source(s: &str) -> bool {
    let numeric = s.strip_prefix('+').unwrap_or(s);
    let is_numeric =
        (1..=16).contains(&numeric.len()) && numeric.bytes().all(|b| b.is_ascii_digit());
    let is_alphanumeric =
        (1..=11).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b' ');
    is_numeric || is_alphanumeric
}

fn is_http_url(s: &str) -> bool {
    let lower = s.get(..8).map(str::to_ascii_lowercase).unwrap_or_default();
    let rest = if lower.starts_with("https://") {
        s.get(8..)
    } else if lower.starts_with("http://") {
        s.get(7..)
    } else {
        None
    };
    rest.is_some_and(|r| {
        let host_end = r.find(['/', '?', '#']).unwrap_or(r.len());
        host_end > 0 && s.bytes().all(|b| b.is_ascii_graphic())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::testing::{parse, to_serde};

    fn start(json: &str) -> Result<StartVerificationRequest, Error> {
        StartVerificationRequest::from_value(&parse(json))
    }

    fn field_of(json: &str) -> String {
        match start(json) {
            Err(Error::InvalidRequest(d)) => d.field.unwrap_or_default(),
            other => panic!("{json}: expected INVALID_REQUEST, got {other:?}"),
        }
    }

    #[test]
    fn the_specs_examples_are_valid_and_round_trip() {
        let full = r#"{"destination":"+65(876)54321","country":"SG","brand":"ABC","codeLength":5,
            "codeValidity":300,"language":"en-US","channel":"call","codeType":"NUMERIC_WITH_DASH",
            "template":"{brand}: {code}","templateKey":"login","resetSession":true,"resendingInterval":30,
            "callbackUrl":"https://example.com/hook?x=1","clientIp":"2001:db8::1",
            "sms":{"source":"ABC","encoding":"AUTO"},
            "call":{"source":"+19876543210","speed":0.8,"repetition":3,"voiceProfile":"en-US-Kimberly"},
            "whatsapp":{"templateName":"abc"}}"#;
        let r = start(full).unwrap();
        let mut expected: serde_json::Value = serde_json::from_str(full).unwrap();
        expected["destination"] = "+6587654321".into();
        assert_eq!(to_serde(&r.to_value()), expected);
        for minimal in [
            r#"{"destination": "+19876543210"}"#,
            r#"{"destination": "8765 4321", "country": "sg"}"#,
            r#"{"destination": "+19876543210", "channel": "whatsapp", "whatsapp": {"templateName": "abc"}}"#,
            r#"{"destination": "+6587654321", "channel": "sma", "country": null}"#,
        ] {
            assert!(start(minimal).is_ok(), "{minimal}");
        }
        assert_eq!(
            to_serde(
                &start(r#"{"destination": "8765 4321", "country": "sg"}"#)
                    .unwrap()
                    .to_value()
            ),
            serde_json::json!({"destination": "87654321", "country": "SG"})
        );
    }

    #[test]
    fn every_rule_names_its_field() {
        let cases = [
            (r#"{}"#, "destination"),
            (r#"{"destination": 6587654321}"#, "destination"),
            (r#"{"destination": "12345"}"#, "destination"),
            (
                r#"{"destination": "+65 8765 4321", "country": "SGP"}"#,
                "country",
            ),
            (
                r#"{"destination": "+6587654321", "channel": "SMS"}"#,
                "channel",
            ),
            (
                r#"{"destination": "+6587654321", "brand": "1234567890123456789012345678901"}"#,
                "brand",
            ),
            (
                r#"{"destination": "+6587654321", "codeLength": 2}"#,
                "codeLength",
            ),
            (
                r#"{"destination": "+6587654321", "codeLength": 11}"#,
                "codeLength",
            ),
            (
                r#"{"destination": "+6587654321", "codeLength": 4.5}"#,
                "codeLength",
            ),
            (
                r#"{"destination": "+6587654321", "codeLength": "6"}"#,
                "codeLength",
            ),
            (
                r#"{"destination": "+6587654321", "codeValidity": 29}"#,
                "codeValidity",
            ),
            (
                r#"{"destination": "+6587654321", "codeValidity": 7201}"#,
                "codeValidity",
            ),
            (
                r#"{"destination": "+6587654321", "codeType": "numeric"}"#,
                "codeType",
            ),
            (
                r#"{"destination": "+6587654321", "template": 5}"#,
                "template",
            ),
            (
                r#"{"destination": "+6587654321", "templateKey": ""}"#,
                "templateKey",
            ),
            (
                r#"{"destination": "+6587654321", "language": "en-us"}"#,
                "language",
            ),
            (
                r#"{"destination": "+6587654321", "resetSession": "true"}"#,
                "resetSession",
            ),
            (
                r#"{"destination": "+6587654321", "resendingInterval": 9}"#,
                "resendingInterval",
            ),
            (
                r#"{"destination": "+6587654321", "callbackUrl": "example.com/hook"}"#,
                "callbackUrl",
            ),
            (
                r#"{"destination": "+6587654321", "clientIp": "1.2.3"}"#,
                "clientIp",
            ),
            (
                r#"{"destination": "+6587654321", "sms": {"source": "TOO LONG NAME"}}"#,
                "sms.source",
            ),
            (
                r#"{"destination": "+6587654321", "sms": {"encoding": "UTF8"}}"#,
                "sms.encoding",
            ),
            (
                r#"{"destination": "+6587654321", "sms": {"sorce": "X"}}"#,
                "sms.sorce",
            ),
            (r#"{"destination": "+6587654321", "sms": "X"}"#, "sms"),
            (
                r#"{"destination": "+6587654321", "call": {"speed": 2.5}}"#,
                "call.speed",
            ),
            (
                r#"{"destination": "+6587654321", "call": {"repetition": 4}}"#,
                "call.repetition",
            ),
            (
                r#"{"destination": "+6587654321", "call": {"voiceProfile": "123456789012345678901234567890123456789012345678901"}}"#,
                "call.voiceProfile",
            ),
            (
                r#"{"destination": "+6587654321", "channel": "whatsapp"}"#,
                "whatsapp.templateName",
            ),
            (
                r#"{"destination": "+6587654321", "whatsapp": {}}"#,
                "whatsapp.templateName",
            ),
            (
                r#"{"destination": "+6587654321", "templte": "x"}"#,
                "templte",
            ),
            (r#"[]"#, "request"),
        ];
        for (json, field) in cases {
            assert_eq!(field_of(json), field, "{json}");
        }
    }

    #[test]
    fn messages_never_echo_the_value() {
        let secretish = "+65 8765 43219999999";
        let e = start(&format!(r#"{{"destination": "{secretish}"}}"#)).unwrap_err();
        assert!(!e.message().contains("8765"), "{}", e.message());
    }

    #[test]
    fn integer_rules_say_their_range() {
        for rule in [
            CODE_LENGTH,
            CODE_VALIDITY,
            RESENDING_INTERVAL,
            CALL_REPETITION,
        ] {
            assert_eq!(
                rule.rule,
                format!("must be an integer from {} to {}", rule.min, rule.max)
            );
        }
    }

    #[test]
    fn sms_sources() {
        for ok in ["SMS", "My Brand 11", "+6512345678", "1234567890123456"] {
            assert!(is_sms_source(ok), "{ok}");
        }
        for bad in ["", "Brand-Name", "123456789012345678", "My Brand 123", "+"] {
            assert!(!is_sms_source(bad), "{bad}");
        }
    }

    #[test]
    fn session_ids_stay_in_their_segment() {
        for ok in [
            "a44a91be5ea5ea118169020897df5459",
            "18b526ad-d063-48c0-bb93-4e71f042f047",
            "x",
        ] {
            assert!(check_session_id(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "..",
            "a/b",
            "a%2Fb",
            "a?code=1",
            "a b",
            "ab.cd",
            &"a".repeat(65),
        ] {
            assert_eq!(
                check_session_id(bad).unwrap_err().field(),
                Some("sessionId"),
                "{bad}"
            );
        }
    }

    #[test]
    fn codes_as_typed() {
        for ok in [
            "123",
            "1234567890",
            "12345-67890",
            "231-461",
            "FDAR315",
            "fiQdAsr315",
        ] {
            assert!(check_code(ok).is_ok(), "{ok}");
        }
        for bad in [
            "12",
            "12345678901",
            "-1234",
            "1234-",
            "12--34",
            "1-2-3-4",
            "12 34",
            "1234\n",
            "١٢٣٤",
            "",
        ] {
            assert_eq!(check_code(bad).unwrap_err().field(), Some("code"), "{bad}");
        }
    }

    #[test]
    fn sma_coverage_requests() {
        let r = SmaCoverageRequest::from_value(&parse(
            r#"{"clientIp":"123.123.123.123","destination":"0065 8765 4321"}"#,
        ))
        .unwrap();
        assert_eq!(
            to_serde(&r.to_value()),
            serde_json::json!({"clientIp": "123.123.123.123", "destination": "+6587654321"})
        );
        let e =
            SmaCoverageRequest::from_value(&parse(r#"{"destination":"+6587654321"}"#)).unwrap_err();
        assert_eq!(e.field(), Some("clientIp"));
        let e = SmaCoverageRequest::from_value(&parse(r#"{"clientIp":"1.1.1.1","channel":"sms"}"#))
            .unwrap_err();
        assert_eq!(e.field(), Some("channel"));
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn arb_value() -> impl Strategy<Value = Value> {
            let leaf = prop_oneof![
                Just(Value::Null),
                any::<bool>().prop_map(Value::Bool),
                any::<f64>().prop_map(Value::Number),
                (0i64..8000).prop_map(|n| Value::Number(n as f64)),
                ".{0,24}".prop_map(Value::String),
                "[+0-9 ()-]{0,20}".prop_map(Value::String),
            ];
            leaf.prop_recursive(3, 48, 8, |inner| {
                let key = prop_oneof![
                    Just("destination"),
                    Just("country"),
                    Just("channel"),
                    Just("brand"),
                    Just("codeLength"),
                    Just("codeValidity"),
                    Just("codeType"),
                    Just("template"),
                    Just("templateKey"),
                    Just("language"),
                    Just("resetSession"),
                    Just("resendingInterval"),
                    Just("callbackUrl"),
                    Just("clientIp"),
                    Just("sms"),
                    Just("call"),
                    Just("whatsapp"),
                    Just("source"),
                    Just("encoding"),
                    Just("speed"),
                    Just("repetition"),
                    Just("voiceProfile"),
                    Just("templateName"),
                    Just("x"),
                ];
                prop_oneof![
                    prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                    prop::collection::vec((key.prop_map(str::to_owned), inner), 0..8)
                        .prop_map(Value::Object),
                ]
            })
        }

        proptest! {
            #[test]
            fn arbitrary_request_objects_never_panic(value in arb_value()) {
                match StartVerificationRequest::from_value(&value) {
                    Ok(request) => {
                        prop_assert!(request.validate().is_ok());
                        let _ = request.to_value();
                    }
                    Err(e) => {
                        prop_assert_eq!(e.code(), "INVALID_REQUEST");
                        prop_assert!(e.field().is_some());
                    }
                }
                let _ = SmaCoverageRequest::from_value(&value);
            }

            #[test]
            fn arbitrary_session_ids_and_codes_never_panic(id in ".{0,80}", code in ".{0,16}") {
                if check_session_id(&id).is_ok() {
                    prop_assert!(id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
                }
                if check_code(&code).is_ok() {
                    prop_assert!(code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
                }
            }
        }
    }
}
