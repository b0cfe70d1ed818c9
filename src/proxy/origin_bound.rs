//! Origin-bound codes: the last line `@host #code` of the WICG "Origin-bound one-time codes
//! delivered via SMS" format, which Safari's autofill and Chrome's WebOTP offer only on
//! `https://host`. The proxy appends it to the SMS template it sends 8x8 (`{code}` is 8x8's
//! placeholder), the host taken from an origin the gate checked — never from a header it
//! did not — and keeps the message one SMS where the template alone was one.

use crate::error::Error;
use crate::types::{
    Channel, CodeType, SmsEncoding, StartVerificationRequest, VerificationDefaults,
};

/// 8x8's text when a send names no template (the spec's `template` "Default text").
pub fn default_template(brand: Option<&str>) -> &'static str {
    match brand.filter(|b| !b.is_empty()) {
        Some(_) => "{brand}: Your verification code is {code}",
        None => "Your verification code is {code}",
    }
}

/// The host a code can be bound to: the format's origins are always `https` on the
/// default port, and a host is a domain (an address or a port cannot be written).
pub fn bindable_host(origin: &str) -> Option<&str> {
    let host = origin
        .get(..8)
        .filter(|scheme| scheme.eq_ignore_ascii_case("https://"))
        .and(origin.get(8..))?;
    let domain = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        && host.bytes().any(|b| b.is_ascii_alphabetic())
        && !host.starts_with(['.', '-'])
        && !host.contains("..");
    domain.then_some(host)
}

/// The origin a code may be bound to: the request's `Origin` when it is an entry of
/// `allowedOrigins` (configured) or names the host the request was made to (the same
/// origin, checked against the request's own URL). `None` for anything else — a page
/// that only *says* it is same-origin (`Sec-Fetch-Site`) names a host nobody checked.
pub fn verified_origin(origin: Option<&str>, own_host: &str, allowed: &[String]) -> Option<String> {
    let origin = origin?;
    let listed = allowed.iter().any(|o| o.eq_ignore_ascii_case(origin));
    let host = origin.split_once("://").map(|(_, host)| host);
    let same = !own_host.is_empty() && host.is_some_and(|h| h.eq_ignore_ascii_case(own_host));
    (listed || same).then(|| origin.to_ascii_lowercase())
}

/// The template with the bound line: `{template}\n\n@{host} #{code}`.
pub fn bound_template(template: &str, host: &str) -> String {
    format!("{template}\n\n@{host} #{{code}}")
}

/// Why a bound message cannot be sent as one SMS.
#[derive(Debug, PartialEq, Eq)]
pub struct TooLong {
    /// The message's length in its encoding's units, with the bound line.
    pub length: usize,
    /// One SMS in that encoding: 160 (GSM-7) or 70 (UCS-2).
    pub limit: usize,
}

impl TooLong {
    /// What to do about it, for an error message or the log.
    pub fn rule(&self, origin: &str) -> String {
        let encoding = if self.limit == GSM7_LIMIT {
            "GSM-7"
        } else {
            "UCS-2"
        };
        format!(
            "with the origin-bound line for {origin} the SMS is {} characters, over one {encoding} SMS ({}): shorten defaults.template or defaults.brand, or set originBoundCodes to false",
            self.length, self.limit
        )
    }
}

/// Binds an SMS send to `origin` (a [`verified_origin`]) when `enabled` (the option
/// `originBoundCodes`), the channel is `sms`, no `templateKey` is used and the origin is
/// [bindable](bindable_host). Refuses when the bound message would be longer than one SMS
/// and the template alone was not.
pub fn bind(
    request: &mut StartVerificationRequest,
    origin: Option<&str>,
    enabled: bool,
) -> Result<(), TooLong> {
    let applies = enabled
        && request.channel.unwrap_or(Channel::Sms) == Channel::Sms
        && request.template_key.is_none();
    let Some(host) = origin.filter(|_| applies).and_then(bindable_host) else {
        return Ok(());
    };
    let template = request
        .template
        .as_deref()
        .unwrap_or(default_template(request.brand.as_deref()));
    let bound = bound_template(template, host);
    one_sms(template, &bound, request)?;
    request.template = Some(bound);
    Ok(())
}

/// At `createVerifyProxy` time: when SMS is among `channels`, every allowed origin's bound
/// SMS fits where its template did.
pub fn check_config(
    defaults: &VerificationDefaults,
    channels: &[Channel],
    allowed_origins: &[String],
    enabled: bool,
) -> Result<(), Error> {
    let mut request = defaults.request_for(String::new(), None);
    request.channel = Some(Channel::Sms);
    if !channels.contains(&Channel::Sms) {
        return Ok(());
    }
    for origin in allowed_origins {
        bind(&mut request.clone(), Some(origin), enabled)
            .map_err(|e| Error::invalid("originBoundCodes", &e.rule(origin)))?;
    }
    Ok(())
}

const GSM7_LIMIT: usize = 160;
const UCS2_LIMIT: usize = 70;

/// `Ok` when `bound` is one SMS, or `template` alone already was not.
fn one_sms(template: &str, bound: &str, request: &StartVerificationRequest) -> Result<(), TooLong> {
    let encoding = request.sms.as_ref().and_then(|sms| sms.encoding);
    let code = sample_code(request);
    let brand = request.brand.as_deref().unwrap_or_default();
    let alone = units(&render(template, brand, &code), encoding);
    let (length, limit) = units(&render(bound, brand, &code), encoding);
    if length <= limit || alone.0 > alone.1 {
        Ok(())
    } else {
        Err(TooLong { length, limit })
    }
}

/// A code as long as the ones 8x8 sends for `request` (a dashed code has one more character).
fn sample_code(request: &StartVerificationRequest) -> String {
    let length = request.code_length.unwrap_or(4) as usize;
    let dash = request.code_type == Some(CodeType::NumericWithDash) && length > 3;
    "0".repeat(length + usize::from(dash))
}

/// `template` as 8x8 fills it: `{code}` and `{brand}` replaced in one pass.
fn render(template: &str, brand: &str, code: &str) -> String {
    let mut out = String::with_capacity(template.len() + code.len());
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        let (before, tail) = rest.split_at(i);
        out.push_str(before);
        rest = if let Some(after) = tail.strip_prefix("{code}") {
            out.push_str(code);
            after
        } else if let Some(after) = tail.strip_prefix("{brand}") {
            out.push_str(brand);
            after
        } else {
            out.push('{');
            tail.get(1..).unwrap_or_default()
        };
    }
    out.push_str(rest);
    out
}

/// The message's length and one SMS's limit: GSM-7 septets (an extension character is
/// two) when the text is GSM-7 and the encoding allows it, else UTF-16 units of UCS-2.
fn units(text: &str, encoding: Option<SmsEncoding>) -> (usize, usize) {
    let gsm: Option<usize> = text.chars().map(gsm7_septets).sum();
    match (encoding, gsm) {
        (Some(SmsEncoding::Ucs2), _) | (_, None) => (text.encode_utf16().count(), UCS2_LIMIT),
        (_, Some(septets)) => (septets, GSM7_LIMIT),
    }
}

/// Septets of `c` in the GSM 03.38 default alphabet (2 through its extension table).
fn gsm7_septets(c: char) -> Option<usize> {
    const BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    const EXTENSION: &str = "\u{c}^{}\\[~]|€";
    // `chars().any`, not `str::contains(char)`: a plain loop instead of the substring searcher.
    if BASIC.chars().any(|b| b == c) {
        Some(1)
    } else if EXTENSION.chars().any(|b| b == c) {
        Some(2)
    } else {
        None
    }
}

#[cfg(test)]
#[path = "origin_bound_tests.rs"]
mod tests;
