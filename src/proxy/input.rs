//! What the browser may ask for: `destination`, `country`, `channel`, `language` — the
//! [`ProxyStartRequest`] — nothing else. The country is derived from the number itself
//! and checked before anything else happens; everything a phisher would want (template,
//! brand, callbackUrl, sender) comes from the server's `defaults` only.

use super::config::{Countries, ProxyConfig};
use super::countries;
use super::reply::Reject;
use crate::shape::{Kind, Rules};
use crate::types::request::PROXY_FIELDS_RULE;
use crate::types::{Channel, ProxyStartRequest, StartVerificationRequest};
use crate::validate::phone;

/// A checked browser request, and the request 8x8 will receive.
#[derive(Clone, Debug, PartialEq)]
pub struct BrowserStart {
    /// International digits (no `+`).
    pub digits: String,
    /// The country derived from `digits`; `None` for a `+1` number whose area code is
    /// listed for no country (sent only when `allowedCountries` is `["*"]`).
    pub country: Option<&'static str>,
    /// The request for 8x8: `defaults`, then the browser's channel and language (the
    /// client IP is added once known).
    pub upstream: StartVerificationRequest,
}

/// Checks the browser's JSON body against `config`.
pub fn read_start(body: &str, config: &ProxyConfig) -> Result<BrowserStart, Reject> {
    let request = parse(body)?;
    let number = phone::normalise(&request.destination)
        .ok_or_else(|| Reject::invalid("destination", phone::RULE))?;
    let digits = if number.international {
        // An international number carries its country; the `country` field is ignored.
        number.digits
    } else {
        let country = request.country.as_deref().ok_or_else(|| {
            Reject::invalid(
                "destination",
                "must be international (+ and the calling code), or come with country",
            )
        })?;
        let code = countries::calling_code(country).ok_or_else(|| {
            Reject::invalid("country", "must be a two-letter ISO 3166 country code")
        })?;
        let country = country.to_ascii_uppercase();
        let national = match number.digits.strip_prefix('0') {
            Some(rest) if !countries::keeps_leading_zero(&country) => rest,
            _ => &number.digits,
        };
        format!("{code}{national}")
    };
    let country = match countries::country_of(&digits) {
        Some(country) => {
            refuse_trunk_zero(&digits, country)?;
            if !config.allowed_countries.allows(country) {
                return Err(Reject::country());
            }
            Some(country)
        }
        // A +1 area code listed for no country: sent only where every country is.
        None if digits.starts_with('1') => match config.allowed_countries {
            Countries::All => None,
            Countries::Only(_) => return Err(Reject::country()),
        },
        None => return Err(Reject::invalid("destination", "has no known calling code")),
    };
    let channel = match request.channel {
        Some(channel) if config.channels.contains(&channel) => channel,
        Some(_) => return Err(Reject::channel()),
        None => config
            .defaults
            .channel
            .or(config.channels.first().copied())
            .unwrap_or(Channel::Sms),
    };
    let mut upstream = config.defaults.request_for(format!("+{digits}"), None);
    upstream.channel = Some(channel);
    if request.language.is_some() {
        upstream.language = request.language;
    }
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

/// The body as a [`ProxyStartRequest`]: JSON of an object whose members fit the type's
/// shape (checked first, so a refusal names the field, never quotes the value), then
/// converted. Native builds (the tests) read it with serde_json.
#[cfg(not(target_arch = "wasm32"))]
fn parse(body: &str) -> Result<ProxyStartRequest, Reject> {
    let json: serde_json::Value = serde_json::from_str(body).map_err(|_| Reject::malformed())?;
    if !json.is_object() {
        return Err(not_an_object());
    }
    Kind::of_cached::<ProxyStartRequest>()
        .check(&json, "request", "", RULES)
        .map_err(refusal)?;
    serde_json::from_value(json).map_err(|_| Reject::malformed())
}

/// The body as a [`ProxyStartRequest`]: the runtime's `JSON.parse`, the shape check, then
/// serde-wasm-bindgen (the server wasm carries no JSON parser of its own).
#[cfg(target_arch = "wasm32")]
fn parse(body: &str) -> Result<ProxyStartRequest, Reject> {
    let json = js_sys::JSON::parse(body).map_err(|_| Reject::malformed())?;
    if !json.is_object() || js_sys::Array::is_array(&json) {
        return Err(not_an_object());
    }
    Kind::of_cached::<ProxyStartRequest>()
        .check(&json, "request", "", RULES)
        .map_err(refusal)?;
    serde_wasm_bindgen::from_value(json).map_err(|_| Reject::malformed())
}

/// The rules of the browser's body: only the fields a proxy accepts.
const RULES: Rules<'static> = Rules {
    unknown: PROXY_FIELDS_RULE,
    ..Rules::DEFAULT
};

fn not_an_object() -> Reject {
    Reject::invalid("request", "must be a JSON object")
}

/// A shape refusal; any channel this service does not offer, named or not, is its policy's.
fn refusal(e: crate::error::Error) -> Reject {
    match e.field() {
        Some("channel") => Reject::channel(),
        _ => Reject::from_error(&e),
    }
}

/// One phone, one key: the per-destination limit counts E.164 digits, so a spelling with
/// a trunk `0` after the calling code (`+65 0 9123 4567`) is refused rather than counted
/// as another number — except where the national plan keeps the 0 (`+39 06 …`).
fn refuse_trunk_zero(digits: &str, country: &str) -> Result<(), Reject> {
    let national = countries::calling_code(country)
        .and_then(|code| digits.strip_prefix(code))
        .unwrap_or_default();
    if national.starts_with('0') && !countries::keeps_leading_zero(country) {
        return Err(Reject::invalid(
            "destination",
            "has a 0 after the calling code (a trunk prefix, dialled only at home): write the number without it",
        ));
    }
    Ok(())
}

#[cfg(test)]
#[path = "input_tests.rs"]
mod tests;
