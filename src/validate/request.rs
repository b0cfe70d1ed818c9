//! The spec's constraints on what callers send: [`ProxyStartRequest`], and in direct mode
//! [`StartVerificationRequest`], [`VerificationDefaults`] and [`SmaCoverageRequest`];
//! session ids and codes.

use super::phone;
use crate::error::Error;
use crate::types::request::ProxyStartFields;
use crate::types::ProxyStartRequest;

#[cfg(feature = "direct")]
use crate::types::{
    Channel, SmaCoverageRequest, SmsOptions, StartVerificationRequest, VerificationDefaults,
    VoiceCallOptions, WhatsAppOptions,
};

/// An integer field's range, from the spec, and the rule in words.
#[cfg(feature = "direct")]
struct IntRule {
    field: &'static str,
    min: u32,
    max: u32,
    rule: &'static str,
}

#[cfg(feature = "direct")]
impl IntRule {
    fn check(&self, n: Option<u32>) -> Result<(), Error> {
        match n {
            Some(n) if n < self.min || n > self.max => Err(Error::invalid(self.field, self.rule)),
            _ => Ok(()),
        }
    }
}

#[cfg(feature = "direct")]
const CODE_LENGTH: IntRule = IntRule {
    field: "codeLength",
    min: 3,
    max: 10,
    rule: "must be an integer from 3 to 10",
};
#[cfg(feature = "direct")]
const CODE_VALIDITY: IntRule = IntRule {
    field: "codeValidity",
    min: 30,
    max: 7200,
    rule: "must be an integer from 30 to 7200",
};
#[cfg(feature = "direct")]
const RESENDING_INTERVAL: IntRule = IntRule {
    field: "resendingInterval",
    min: 10,
    max: 7200,
    rule: "must be an integer from 10 to 7200",
};
#[cfg(feature = "direct")]
const CALL_REPETITION: IntRule = IntRule {
    field: "call.repetition",
    min: 1,
    max: 3,
    rule: "must be an integer from 1 to 3",
};
#[cfg(feature = "direct")]
const CALL_SPEED_RULE: &str = "must be a number from 0.5 to 2";

/// The rules of fields whose kind alone says too little: a value of the wrong kind (a
/// string for `codeLength`) is told the same rule as one out of range.
pub(crate) const RULES_BY_FIELD: &[(&str, &str)] = &[
    ("timeoutMs", super::options::TIMEOUT_RULE),
    #[cfg(feature = "direct")]
    ("codeLength", CODE_LENGTH.rule),
    #[cfg(feature = "direct")]
    ("codeValidity", CODE_VALIDITY.rule),
    #[cfg(feature = "direct")]
    ("resendingInterval", RESENDING_INTERVAL.rule),
    #[cfg(feature = "direct")]
    ("call.repetition", CALL_REPETITION.rule),
    #[cfg(feature = "direct")]
    ("call.speed", CALL_SPEED_RULE),
];

impl ProxyStartRequest {
    /// Checks the destination (and country, when given), naming the first field that
    /// breaks a rule.
    pub fn validate(&self) -> Result<(), Error> {
        proxy_start(&self.destination, self.country.as_deref())
    }
}

impl ProxyStart for ProxyStartRequest {
    fn validate(&self) -> Result<(), Error> {
        ProxyStartRequest::validate(self)
    }
}

impl ProxyStart for ProxyStartFields {
    fn validate(&self) -> Result<(), Error> {
        proxy_start(&self.destination, self.country.as_deref())
    }
}

/// A proxy-mode start request, whichever way it is held: checked, then sent as it
/// serializes.
pub(crate) trait ProxyStart: serde::Serialize {
    /// Checks the destination (and country, when given).
    fn validate(&self) -> Result<(), Error>;
}

/// The rules of a proxy-mode start: the destination, and its country when given.
fn proxy_start(number: &str, country: Option<&str>) -> Result<(), Error> {
    destination(number, "destination")?;
    optional_country(country, "country")
}

#[cfg(feature = "direct")]
impl StartVerificationRequest {
    /// Checks every rule of the spec, naming the first field that breaks one.
    pub fn validate(&self) -> Result<(), Error> {
        destination(&self.destination, "destination")?;
        optional_country(self.country.as_deref(), "country")?;
        if let Some(ip) = &self.client_ip {
            check_ip(ip, "clientIp")?;
        }
        max_chars(self.brand.as_deref(), "brand", 30)?;
        CODE_LENGTH.check(self.code_length)?;
        CODE_VALIDITY.check(self.code_validity)?;
        RESENDING_INTERVAL.check(self.resending_interval)?;
        non_empty(self.template_key.as_deref(), "templateKey")?;
        if let Some(url) = &self.callback_url {
            if !is_http_url(url) {
                return Err(Error::invalid(
                    "callbackUrl",
                    "must be an absolute http: or https: URL",
                ));
            }
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

    /// What 8x8 receives: the destination normalised (`+digits` for an international
    /// number, digits otherwise) and the country in capitals. Call after `validate`.
    pub(crate) fn for_wire(&self) -> StartVerificationRequest {
        let mut wire = self.clone();
        if let Some(number) = phone::normalise(&self.destination) {
            wire.destination = number.wire();
        }
        wire.country = self.country.as_ref().map(|c| c.to_ascii_uppercase());
        wire
    }
}

#[cfg(feature = "direct")]
impl VerificationDefaults {
    /// Checks the same rules as a whole request (with a placeholder destination), naming
    /// the field under `defaults.`.
    pub fn validate(&self) -> Result<(), Error> {
        self.request_for("+10000000000".to_owned(), None)
            .validate()
            .map_err(|e| e.within("defaults"))
    }
}

#[cfg(feature = "direct")]
impl SmsOptions {
    fn validate(&self) -> Result<(), Error> {
        match &self.source {
            Some(source) if !is_sms_source(source) => Err(Error::invalid(
                "sms.source",
                "must be up to 11 letters, digits and spaces, or up to 16 digits with an optional leading +",
            )),
            _ => Ok(()),
        }
    }
}

#[cfg(feature = "direct")]
impl VoiceCallOptions {
    fn validate(&self) -> Result<(), Error> {
        non_empty(self.source.as_deref(), "call.source")?;
        if self.speed.is_some_and(|s| !(0.5..=2.0).contains(&s)) {
            return Err(Error::invalid("call.speed", CALL_SPEED_RULE));
        }
        CALL_REPETITION.check(self.repetition)?;
        max_chars(self.voice_profile.as_deref(), "call.voiceProfile", 50)
    }
}

#[cfg(feature = "direct")]
impl WhatsAppOptions {
    fn validate(&self) -> Result<(), Error> {
        if self.template_name.is_empty() {
            return Err(Error::invalid("whatsapp.templateName", "is required"));
        }
        Ok(())
    }
}

#[cfg(feature = "direct")]
impl SmaCoverageRequest {
    /// Checks every rule, naming the first field that breaks one.
    pub fn validate(&self) -> Result<(), Error> {
        check_ip(&self.client_ip, "clientIp")?;
        if let Some(d) = &self.destination {
            destination(d, "destination")?;
        }
        optional_country(self.country.as_deref(), "country")
    }

    /// What 8x8 receives: the destination normalised, the country in capitals.
    pub(crate) fn for_wire(&self) -> SmaCoverageRequest {
        SmaCoverageRequest {
            client_ip: self.client_ip.clone(),
            destination: self
                .destination
                .as_deref()
                .and_then(phone::normalise)
                .map(|d| d.wire()),
            country: self.country.as_ref().map(|c| c.to_ascii_uppercase()),
        }
    }
}

/// Checks a session id: 1–64 letters, digits or dashes, so it can never leave its path
/// segment (no `/`, `.`, `%`, `?`).
///
/// # Example
/// ```
/// use verify_8x8::validate_session_id;
///
/// assert!(validate_session_id("18b526ad-d063-48c0-bb93-4e71f042f047").is_ok());
/// assert_eq!(validate_session_id("../x").unwrap_err().field(), Some("sessionId"));
/// ```
pub fn validate_session_id(session_id: &str) -> Result<(), Error> {
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
///
/// # Example
/// ```
/// use verify_8x8::validate_code;
///
/// assert!(validate_code("231-461").is_ok());
/// assert_eq!(validate_code("12").unwrap_err().field(), Some("code"));
/// ```
pub fn validate_code(code: &str) -> Result<(), Error> {
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

#[cfg(feature = "direct")]
fn non_empty(value: Option<&str>, field: &str) -> Result<(), Error> {
    match value {
        Some("") => Err(Error::invalid(field, "must not be empty")),
        _ => Ok(()),
    }
}

#[cfg(feature = "direct")]
fn max_chars(value: Option<&str>, field: &str, max: usize) -> Result<(), Error> {
    match value {
        Some(v) if v.chars().count() > max => Err(Error::invalid(
            field,
            &format!("must be at most {max} characters"),
        )),
        _ => Ok(()),
    }
}

fn destination(raw: &str, field: &str) -> Result<(), Error> {
    if raw.is_empty() {
        return Err(Error::invalid(field, "is required"));
    }
    phone::normalise(raw)
        .map(|_| ())
        .ok_or_else(|| Error::invalid(field, phone::RULE))
}

fn optional_country(country: Option<&str>, field: &str) -> Result<(), Error> {
    match country {
        Some(c) if !(c.len() == 2 && c.bytes().all(|b| b.is_ascii_alphabetic())) => Err(
            Error::invalid(field, "must be a two-letter ISO 3166 country code"),
        ),
        _ => Ok(()),
    }
}

#[cfg(feature = "direct")]
fn check_ip(ip: &str, field: &str) -> Result<(), Error> {
    if ip.parse::<core::net::IpAddr>().is_ok() {
        Ok(())
    } else {
        Err(Error::invalid(field, "must be an IPv4 or IPv6 address"))
    }
}

#[cfg(feature = "direct")]
fn is_sms_source(s: &str) -> bool {
    let numeric = s.strip_prefix('+').unwrap_or(s);
    let is_numeric =
        (1..=16).contains(&numeric.len()) && numeric.bytes().all(|b| b.is_ascii_digit());
    let is_alphanumeric =
        (1..=11).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b' ');
    is_numeric || is_alphanumeric
}

#[cfg(feature = "direct")]
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

#[cfg(all(test, feature = "direct"))]
#[path = "request_tests.rs"]
mod tests;
