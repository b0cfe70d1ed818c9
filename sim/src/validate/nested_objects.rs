//! The nested option objects of a start request (`sms`, `call`, `whatsapp`) and
//! the members with a format of their own (`callbackUrl`, `sms.source`).

use serde_json::{Map, Value};

use crate::model::api_error::ApiError;
use crate::model::channel::Channel;
use crate::validate::json_fields::{get, opt_int, opt_object, opt_str, type_error};

/// Whether `s` is an absolute `http:` or `https:` URL with a host.
pub fn is_http_url(s: &str) -> bool {
    if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    let rest = if lower.starts_with("http://") {
        &s[7..]
    } else if lower.starts_with("https://") {
        &s[8..]
    } else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        match v6.split_once(']') {
            Some((h, port))
                if port.is_empty() || port.strip_prefix(':').is_some_and(valid_port) =>
            {
                h
            }
            _ => return false,
        }
    } else {
        match host_port.split_once(':') {
            Some((h, port)) if valid_port(port) => h,
            Some(_) => return false,
            None => host_port,
        }
    };
    !host.is_empty()
}

fn valid_port(digits: &str) -> bool {
    !digits.is_empty() && digits.len() <= 5 && digits.bytes().all(|b| b.is_ascii_digit())
}

/// `sms.source`: alphanumeric (ASCII letters, digits, space) up to 11
/// characters, or up to 16 digits with an optional leading `+`.
pub fn is_valid_sms_source(s: &str) -> bool {
    let alnum = (1..=11).contains(&s.len())
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b' ')
        && !s.trim().is_empty();
    let digits = s.strip_prefix('+').unwrap_or(s);
    let numeric = (1..=16).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit());
    alnum || numeric
}

/// The `sms` object: `source` (1005) and `encoding` (1003).
pub(crate) fn check_sms(obj: &Map<String, Value>) -> Result<(), ApiError> {
    let Some(sms) = opt_object(obj, "sms")? else {
        return Ok(());
    };
    if let Some(src) = opt_str(sms, "source", "sms.source")? {
        if !is_valid_sms_source(src) {
            return Err(ApiError::field(
                1005,
                "sms.source",
                "must be up to 11 letters, digits or spaces, or up to 16 digits with an optional leading +",
            ));
        }
    }
    if let Some(enc) = opt_str(sms, "encoding", "sms.encoding")? {
        if !matches!(enc, "AUTO" | "GSM7" | "UCS2") {
            return Err(ApiError::field(
                1003,
                "sms.encoding",
                "must be one of AUTO, GSM7, UCS2",
            ));
        }
    }
    Ok(())
}

/// The `call` object: `source`, `speed` 0.5–2, `repetition` 1–3, `voiceProfile` ≤ 50.
pub(crate) fn check_call(obj: &Map<String, Value>) -> Result<(), ApiError> {
    let Some(call) = opt_object(obj, "call")? else {
        return Ok(());
    };
    opt_str(call, "source", "call.source")?;
    match get(call, "speed") {
        None => {}
        Some(Value::Number(n)) => {
            let f = n.as_f64().unwrap_or(f64::NAN);
            if !(0.5..=2.0).contains(&f) {
                return Err(ApiError::field(
                    1010,
                    "call.speed",
                    "must be between 0.5 and 2",
                ));
            }
        }
        Some(_) => return Err(type_error("call.speed", "a number")),
    }
    opt_int(call, "repetition", "call.repetition", 1, 3)?;
    if let Some(p) = opt_str(call, "voiceProfile", "call.voiceProfile")? {
        if p.chars().count() > 50 {
            return Err(ApiError::field(
                1000,
                "call.voiceProfile",
                "must be at most 50 characters",
            ));
        }
    }
    Ok(())
}

/// The `whatsapp` object: `templateName`, required for the `whatsapp` channel.
pub(crate) fn check_whatsapp(obj: &Map<String, Value>, channel: Channel) -> Result<(), ApiError> {
    let wa = opt_object(obj, "whatsapp")?;
    let name = match wa {
        Some(wa) => opt_str(wa, "templateName", "whatsapp.templateName")?,
        None => None,
    };
    let named = name.is_some_and(|n| !n.is_empty());
    if channel == Channel::Whatsapp && !named {
        return Err(ApiError::field(
            1000,
            "whatsapp.templateName",
            "is required when channel is whatsapp",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_sources() {
        for ok in [
            "http://example.com",
            "https://example.com/hook?x=1",
            "HTTPS://u:p@host:8080/p",
            "http://[::1]:9/x",
            "http://127.0.0.1",
        ] {
            assert!(is_http_url(ok), "{ok}");
        }
        for bad in [
            "",
            "http://",
            "http:///x",
            "https://host:port/",
            "https://exa mple.com",
            "mailto:a@b",
            "/relative",
            "http://[::1",
        ] {
            assert!(!is_http_url(bad), "{bad}");
        }
        assert!(is_valid_sms_source("SMS"));
        assert!(is_valid_sms_source("+6512345678"));
        assert!(!is_valid_sms_source(""));
        assert!(!is_valid_sms_source("   "));
        assert!(!is_valid_sms_source("+"));
        assert!(!is_valid_sms_source("+AB"));
    }
}
