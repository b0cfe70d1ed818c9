//! What the browser may ask for: `destination`, `country`, `channel`, `language` — the
//! [`ProxyStartRequest`] — nothing else. The country is derived from the number itself
//! and checked before anything else happens; everything a phisher would want (template,
//! brand, callbackUrl, sender) comes from the server's `defaults` only.

use super::config::ProxyConfig;
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
    /// The country derived from `digits`.
    pub country: &'static str,
    /// The request for 8x8: `defaults`, then the browser's channel and language (the
    /// client IP is added once known).
    pub upstream: StartVerificationRequest,
}

/// Checks the browser's JSON body against `config`.
pub fn read_start(body: &str, config: &ProxyConfig) -> Result<BrowserStart, Reject> {
    let json: serde_json::Value = serde_json::from_str(body).map_err(|_| Reject::malformed())?;
    if !json.is_object() {
        return Err(Reject::invalid("request", "must be a JSON object"));
    }
    Kind::of_cached::<ProxyStartRequest>()
        .check(
            &json,
            "request",
            "",
            Rules {
                unknown: PROXY_FIELDS_RULE,
                ..Rules::DEFAULT
            },
        )
        .map_err(|e| match e.field() {
            // Any channel this service does not offer, named or not, is its policy's.
            Some("channel") => Reject::channel(),
            _ => Reject::from_error(&e),
        })?;
    let request: ProxyStartRequest =
        serde_json::from_value(json).map_err(|_| Reject::malformed())?;
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
        let national = number.digits.strip_prefix('0').unwrap_or(&number.digits);
        format!("{code}{national}")
    };
    let country = countries::country_of(&digits)
        .ok_or_else(|| Reject::invalid("destination", "has no known calling code"))?;
    if !config.allowed_countries.allows(country) {
        return Err(Reject::country());
    }
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

#[cfg(test)]
#[path = "input_tests.rs"]
mod tests;
