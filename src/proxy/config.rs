//! `createVerifyProxy` options: read from JavaScript, checked once, by name. The hooks
//! (`beforeSend`, `onVerified`, `store`, `now`) are functions and are taken by the wasm
//! layer; everything else lives here.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::error::Error;
use crate::json::Value;
use crate::options::{ClientOptions, Endpoint, Region};
use crate::request::{Channel, StartVerificationRequest};
use crate::url::BaseUrl;

use super::countries;

/// The runtime a server entry runs in: it decides where the client IP comes from by default.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Runtime {
    /// Node.js: no IP source unless `clientIpHeader` names one.
    Node,
    /// Deno: `Deno.serve`'s `info.remoteAddr`.
    Deno,
    /// Cloudflare Workers: `CF-Connecting-IP`.
    Workerd,
    /// Vercel Edge: `x-real-ip`.
    EdgeLight,
}

impl Runtime {
    /// Parses the entry's name.
    pub fn from_name(name: &str) -> Runtime {
        match name {
            "deno" => Runtime::Deno,
            "workerd" => Runtime::Workerd,
            "edge-light" => Runtime::EdgeLight,
            _ => Runtime::Node,
        }
    }

    fn default_ip_header(self) -> Option<&'static str> {
        match self {
            Runtime::Workerd => Some("cf-connecting-ip"),
            Runtime::EdgeLight => Some("x-real-ip"),
            Runtime::Node | Runtime::Deno => None,
        }
    }
}

/// A fixed-window limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    /// Hits allowed per window.
    pub max: u32,
    /// The window's length.
    pub window_seconds: u32,
}

/// Which destination countries the proxy sends to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Countries {
    /// `["*"]`.
    All,
    /// ISO alpha-2 codes, upper case.
    Only(Vec<String>),
}

impl Countries {
    /// Whether `country` may receive codes.
    pub fn allows(&self, country: &str) -> bool {
        match self {
            Countries::All => true,
            Countries::Only(list) => list.iter().any(|c| c == country),
        }
    }
}

/// Checked proxy options.
#[derive(Clone, Debug)]
pub struct ProxyConfig {
    /// Where 8x8 is, with the key.
    pub upstream: Endpoint,
    /// The path prefix served (no trailing slash; empty for the root).
    pub base_path: String,
    /// Countries codes may go to.
    pub allowed_countries: Countries,
    /// Channels the browser may ask for; the first is used when it asks for none and
    /// `defaults` has none.
    pub channels: Vec<Channel>,
    /// Origins allowed cross-origin (`scheme://host[:port]`, lower case).
    pub allowed_origins: Vec<String>,
    /// Server-side request fields (no destination, country or clientIp).
    pub defaults: StartVerificationRequest,
    /// Sends per destination.
    pub per_destination: Option<Limit>,
    /// Requests per client IP.
    pub per_client_ip: Option<Limit>,
    /// Header carrying the client IP (lower case); without one, `info.remoteAddr` is read.
    pub client_ip_header: Option<String>,
}

/// Option names that hold functions, read by the wasm layer.
pub const HOOKS: [&str; 4] = ["beforeSend", "onVerified", "store", "now"];

const DEFAULT_BASE_PATH: &str = "/api/verify";
const DEFAULT_PER_DESTINATION: Limit = Limit {
    max: 3,
    window_seconds: 600,
};
const DEFAULT_PER_CLIENT_IP: Limit = Limit {
    max: 10,
    window_seconds: 3600,
};

impl ProxyConfig {
    /// Reads and checks the options (`Error::InvalidRequest` names the first bad one).
    pub fn from_value(value: &Value, runtime: Runtime) -> Result<ProxyConfig, Error> {
        let members = value
            .as_object()
            .ok_or_else(|| Error::invalid("options", "must be an object"))?;
        let mut upstream = ClientOptions::default();
        let mut base_path = DEFAULT_BASE_PATH.to_owned();
        let mut allowed_countries = None;
        let mut channels = Vec::from([Channel::Sms]);
        let mut allowed_origins = Vec::new();
        let mut defaults = StartVerificationRequest::default();
        let mut limits = (Some(DEFAULT_PER_DESTINATION), Some(DEFAULT_PER_CLIENT_IP));
        let mut explicit_ip_limit = false;
        let mut client_ip_header = runtime.default_ip_header().map(str::to_owned);
        for (name, v) in members {
            if matches!(v, Value::Null) || HOOKS.contains(&name.as_str()) {
                continue;
            }
            match name.as_str() {
                "apiKey" => upstream.api_key = Some(string(v, "apiKey")?),
                "subAccountId" => upstream.sub_account_id = Some(string(v, "subAccountId")?),
                "region" => {
                    upstream.region =
                        Some(v.as_str().and_then(Region::from_name).ok_or_else(|| {
                            Error::invalid("region", r#"must be one of "ap", "us", "eu", "id""#)
                        })?)
                }
                "upstreamUrl" => upstream.base_url = Some(string(v, "upstreamUrl")?),
                "timeoutMs" => {
                    upstream.timeout_ms = Some(v.as_int_in(1, 600_000).ok_or_else(|| {
                        Error::invalid(
                            "timeoutMs",
                            "must be an integer number of milliseconds from 1 to 600000",
                        )
                    })? as u32)
                }
                "basePath" => base_path = read_base_path(v)?,
                "allowedCountries" => allowed_countries = Some(read_countries(v)?),
                "channels" => channels = read_channels(v)?,
                "allowedOrigins" => allowed_origins = read_origins(v)?,
                "defaults" => defaults = read_defaults(v)?,
                "limits" => {
                    let (destination, ip, explicit) = read_limits(v)?;
                    limits = (destination, ip);
                    explicit_ip_limit = explicit;
                }
                "clientIpHeader" => {
                    let header = string(v, "clientIpHeader")?;
                    if header.is_empty()
                        || !header
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
                    {
                        return Err(Error::invalid(
                            "clientIpHeader",
                            "must be an HTTP header name",
                        ));
                    }
                    client_ip_header = Some(header.to_ascii_lowercase());
                }
                other => return Err(Error::invalid(other, "is not a known option")),
            }
        }
        if upstream.api_key.is_none() {
            return Err(Error::invalid(
                "apiKey",
                "is required: the proxy holds the key, the browser never does",
            ));
        }
        let upstream = upstream
            .validate()
            .map_err(|e| rename(e, "baseUrl", "upstreamUrl"))?;
        let allowed_countries = allowed_countries.ok_or_else(|| {
            Error::invalid(
                "allowedCountries",
                r#"is required: list the ISO country codes to send to, or ["*"] for all"#,
            )
        })?;
        if let Some(channel) = defaults.channel {
            if !channels.contains(&channel) {
                return Err(Error::invalid(
                    "defaults.channel",
                    "must be one of channels",
                ));
            }
        }
        if channels.contains(&Channel::Whatsapp) && defaults.whatsapp.is_none() {
            return Err(Error::invalid(
                "defaults.whatsapp.templateName",
                "is required when channels include \"whatsapp\"",
            ));
        }
        // Deno.serve passes `info.remoteAddr`; elsewhere only a header can carry the IP.
        if limits.1.is_some() && client_ip_header.is_none() && runtime != Runtime::Deno {
            let rule = if explicit_ip_limit {
                "needs a client IP source: set clientIpHeader"
            } else {
                "is on by default and needs a client IP source: set clientIpHeader, or set limits.perClientIp to null"
            };
            return Err(Error::invalid("limits.perClientIp", rule));
        }
        Ok(ProxyConfig {
            upstream,
            base_path,
            allowed_countries,
            channels,
            allowed_origins,
            defaults,
            per_destination: limits.0,
            per_client_ip: limits.1,
            client_ip_header,
        })
    }
}

fn string(v: &Value, name: &str) -> Result<String, Error> {
    v.as_str()
        .map(str::to_owned)
        .ok_or_else(|| Error::invalid(name, "must be a string"))
}

fn strings<'a>(v: &'a Value, name: &str) -> Result<Vec<&'a str>, Error> {
    match v {
        Value::Array(items) => items
            .iter()
            .map(|item| {
                item.as_str()
                    .ok_or_else(|| Error::invalid(name, "must be an array of strings"))
            })
            .collect(),
        _ => Err(Error::invalid(name, "must be an array of strings")),
    }
}

/// Renames the field of an `InvalidRequest`.
fn rename(error: Error, from: &str, to: &str) -> Error {
    match error {
        Error::InvalidRequest(d) if d.field.as_deref() == Some(from) => {
            Error::invalid(to, d.message.trim_start_matches(from).trim_start())
        }
        other => other,
    }
}

fn read_base_path(v: &Value) -> Result<String, Error> {
    let path = string(v, "basePath")?;
    let trimmed = path.trim_end_matches('/');
    let ok = path.starts_with('/')
        && trimmed.split('/').skip(1).all(|s| {
            !s.is_empty()
                && s != "."
                && s != ".."
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
        });
    if ok {
        Ok(trimmed.to_owned())
    } else {
        Err(Error::invalid(
            "basePath",
            "must be an absolute path like \"/api/verify\"",
        ))
    }
}

fn read_countries(v: &Value) -> Result<Countries, Error> {
    let list = strings(v, "allowedCountries")?;
    if list == ["*"] {
        return Ok(Countries::All);
    }
    if list.is_empty() {
        return Err(Error::invalid(
            "allowedCountries",
            r#"must list at least one country, or be ["*"]"#,
        ));
    }
    list.iter()
        .map(|c| {
            if countries::is_known(c) {
                Ok(c.to_ascii_uppercase())
            } else {
                Err(Error::invalid(
                    "allowedCountries",
                    r#"must hold ISO 3166 alpha-2 codes (like "SG"), or be ["*"]"#,
                ))
            }
        })
        .collect::<Result<_, _>>()
        .map(Countries::Only)
}

fn read_channels(v: &Value) -> Result<Vec<Channel>, Error> {
    let list = strings(v, "channels")?;
    if list.is_empty() {
        return Err(Error::invalid("channels", "must list at least one channel"));
    }
    list.iter()
        .map(|c| {
            Channel::from_name(c).ok_or_else(|| {
                Error::invalid(
                    "channels",
                    r#"must hold "sms", "call", "whatsapp", "viber" or "sma""#,
                )
            })
        })
        .collect()
}

fn read_origins(v: &Value) -> Result<Vec<String>, Error> {
    strings(v, "allowedOrigins")?
        .into_iter()
        .map(|origin| {
            let trimmed = origin.strip_suffix('/').unwrap_or(origin);
            match BaseUrl::parse(trimmed) {
                Some(url)
                    if url.as_str().eq_ignore_ascii_case(trimmed)
                        && url.as_str().matches('/').count() == 2 =>
                {
                    Ok(url.as_str().to_ascii_lowercase())
                }
                _ => Err(Error::invalid(
                    "allowedOrigins",
                    "must hold exact origins like \"https://app.example.com\"",
                )),
            }
        })
        .collect()
}

/// `defaults`: a partial start request checked by the same rules as a whole one.
fn read_defaults(v: &Value) -> Result<StartVerificationRequest, Error> {
    let members = v
        .as_object()
        .ok_or_else(|| Error::invalid("defaults", "must be an object"))?;
    for forbidden in ["destination", "country", "clientIp"] {
        if members.iter().any(|(k, _)| k == forbidden) {
            return Err(Error::invalid(
                format!("defaults.{forbidden}"),
                "is not allowed: it comes from each browser request",
            ));
        }
    }
    // A placeholder destination lets the whole-request rules check every other field.
    let mut with_destination = members.to_vec();
    with_destination.push(("destination".to_owned(), Value::string("+10000000000")));
    let mut defaults = StartVerificationRequest::from_value(&Value::Object(with_destination))
        .map_err(|e| match e {
            Error::InvalidRequest(d) => {
                let field = format!("defaults.{}", d.field.as_deref().unwrap_or_default());
                let rule = d
                    .message
                    .split_once(' ')
                    .map(|(_, rule)| rule)
                    .unwrap_or_default();
                Error::invalid(field, rule)
            }
            other => other,
        })?;
    defaults.destination = String::new();
    Ok(defaults)
}

/// `limits`: each of `perDestination` / `perClientIp` is absent (default), `null` (off)
/// or `{ max, windowSeconds }`. Returns whether `perClientIp` was given explicitly.
fn read_limits(v: &Value) -> Result<(Option<Limit>, Option<Limit>, bool), Error> {
    let members = v
        .as_object()
        .ok_or_else(|| Error::invalid("limits", "must be an object"))?;
    let mut destination = Some(DEFAULT_PER_DESTINATION);
    let mut ip = Some(DEFAULT_PER_CLIENT_IP);
    let mut explicit_ip = false;
    for (name, limit) in members {
        let parsed = match limit {
            Value::Null => None,
            _ => Some(read_limit(limit, name)?),
        };
        match name.as_str() {
            "perDestination" => destination = parsed,
            "perClientIp" => {
                ip = parsed;
                explicit_ip = true;
            }
            other => {
                return Err(Error::invalid(
                    format!("limits.{other}"),
                    "is not a known limit",
                ))
            }
        }
    }
    Ok((destination, ip, explicit_ip))
}

fn read_limit(v: &Value, name: &str) -> Result<Limit, Error> {
    let field = |f: &str| format!("limits.{name}.{f}");
    let members = v.as_object().ok_or_else(|| {
        Error::invalid(
            format!("limits.{name}"),
            "must be { max, windowSeconds } or null",
        )
    })?;
    for (key, _) in members {
        if key != "max" && key != "windowSeconds" {
            return Err(Error::invalid(field(key), "is not a known field"));
        }
    }
    let max = v
        .get("max")
        .and_then(|m| m.as_int_in(1, 1_000_000_000))
        .ok_or_else(|| Error::invalid(field("max"), "must be a positive integer"))?;
    let window = v
        .get("windowSeconds")
        .and_then(|w| w.as_int_in(1, 31_536_000))
        .ok_or_else(|| {
            Error::invalid(
                field("windowSeconds"),
                "must be an integer from 1 to 31536000",
            )
        })?;
    Ok(Limit {
        max: max as u32,
        window_seconds: window as u32,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::testing::parse;

    const BASE: &str = r#""apiKey":"k","subAccountId":"acme_hq","allowedCountries":["SG","us"],"clientIpHeader":"X-Real-IP""#;

    fn config(extra: &str) -> Result<ProxyConfig, Error> {
        ProxyConfig::from_value(&parse(&format!("{{{BASE}{extra}}}")), Runtime::Node)
    }

    fn field_of(json: &str, runtime: Runtime) -> String {
        match ProxyConfig::from_value(&parse(json), runtime) {
            Err(Error::InvalidRequest(d)) => d.field.unwrap_or_default(),
            other => panic!("{json}: expected INVALID_REQUEST, got {other:?}"),
        }
    }

    #[test]
    fn defaults_of_a_minimal_config() {
        let c = config("").unwrap();
        assert_eq!(c.base_path, "/api/verify");
        assert_eq!(
            c.allowed_countries,
            Countries::Only(vec!["SG".into(), "US".into()])
        );
        assert_eq!(c.channels, [Channel::Sms]);
        assert_eq!(
            c.per_destination,
            Some(Limit {
                max: 3,
                window_seconds: 600
            })
        );
        assert_eq!(
            c.per_client_ip,
            Some(Limit {
                max: 10,
                window_seconds: 3600
            })
        );
        assert_eq!(c.client_ip_header.as_deref(), Some("x-real-ip"));
        assert!(c.upstream.is_direct());
        assert!(
            !format!("{c:?}").contains("\"k\""),
            "Debug never shows the key"
        );
    }

    #[test]
    fn everything_configured() {
        let c = config(r#","basePath":"/v/","channels":["sms","call"],"allowedOrigins":["https://App.example.com/"],
            "defaults":{"brand":"Acme","codeLength":6,"template":"{brand}: {code}","channel":"call"},
            "limits":{"perDestination":null,"perClientIp":{"max":5,"windowSeconds":60}},"upstreamUrl":"http://127.0.0.1:8480",
            "beforeSend":null,"now":null"#)
        .unwrap();
        assert_eq!(c.base_path, "/v");
        assert_eq!(c.allowed_origins, ["https://app.example.com"]);
        assert_eq!(c.defaults.brand.as_deref(), Some("Acme"));
        assert_eq!(c.per_destination, None);
        assert_eq!(
            c.per_client_ip,
            Some(Limit {
                max: 5,
                window_seconds: 60
            })
        );
        assert!(config(r#","allowedCountries":["*"]"#)
            .unwrap()
            .allowed_countries
            .allows("NG"));
    }

    #[test]
    fn client_ip_sources_per_runtime() {
        let json = r#"{"apiKey":"k","subAccountId":"acme_hq","allowedCountries":["SG"]}"#;
        assert_eq!(field_of(json, Runtime::Node), "limits.perClientIp");
        assert!(ProxyConfig::from_value(&parse(json), Runtime::Deno).is_ok());
        let c = ProxyConfig::from_value(&parse(json), Runtime::Workerd).unwrap();
        assert_eq!(c.client_ip_header.as_deref(), Some("cf-connecting-ip"));
        let c = ProxyConfig::from_value(&parse(json), Runtime::EdgeLight).unwrap();
        assert_eq!(c.client_ip_header.as_deref(), Some("x-real-ip"));
        let off = r#"{"apiKey":"k","subAccountId":"acme_hq","allowedCountries":["SG"],"limits":{"perClientIp":null}}"#;
        assert!(ProxyConfig::from_value(&parse(off), Runtime::Node)
            .unwrap()
            .per_client_ip
            .is_none());
    }

    #[test]
    fn rules_name_their_field() {
        let cases = [
            (
                r#"{"subAccountId":"acme_hq","allowedCountries":["SG"],"clientIpHeader":"x"}"#,
                "apiKey",
            ),
            (
                r#"{"apiKey":"k","subAccountId":"a","allowedCountries":["SG"],"clientIpHeader":"x"}"#,
                "subAccountId",
            ),
            (
                r#"{"apiKey":"k","subAccountId":"acme_hq","clientIpHeader":"x"}"#,
                "allowedCountries",
            ),
        ];
        for (json, field) in cases {
            assert_eq!(field_of(json, Runtime::Node), field, "{json}");
        }
        for (extra, field) in [
            (r#","allowedCountries":[]"#, "allowedCountries"),
            (r#","allowedCountries":["Singapore"]"#, "allowedCountries"),
            (r#","allowedCountries":"SG""#, "allowedCountries"),
            (r#","upstreamUrl":"http://example.com""#, "upstreamUrl"),
            (r#","basePath":"api""#, "basePath"),
            (r#","basePath":"/a/../b""#, "basePath"),
            (r#","channels":["sms","fax"]"#, "channels"),
            (r#","channels":[]"#, "channels"),
            (
                r#","channels":["whatsapp"]"#,
                "defaults.whatsapp.templateName",
            ),
            (r#","allowedOrigins":["*"]"#, "allowedOrigins"),
            (
                r#","allowedOrigins":["https://a.example.com/path"]"#,
                "allowedOrigins",
            ),
            (
                r#","defaults":{"destination":"+6587654321"}"#,
                "defaults.destination",
            ),
            (r#","defaults":{"country":"SG"}"#, "defaults.country"),
            (r#","defaults":{"codeLength":11}"#, "defaults.codeLength"),
            (
                r#","defaults":{"sms":{"source":"way too long sender"}}"#,
                "defaults.sms.source",
            ),
            (r#","defaults":{"channel":"call"}"#, "defaults.channel"),
            (r#","defaults":{"tempalte":"x"}"#, "defaults.tempalte"),
            (
                r#","limits":{"perDestination":{"max":0,"windowSeconds":60}}"#,
                "limits.perDestination.max",
            ),
            (
                r#","limits":{"perDestination":{"max":3}}"#,
                "limits.perDestination.windowSeconds",
            ),
            (r#","limits":{"perIp":null}"#, "limits.perIp"),
            (r#","clientIpHeader":"bad header""#, "clientIpHeader"),
            (r#","apikey":"typo""#, "apikey"),
        ] {
            let json = format!("{{{BASE}{extra}}}");
            assert_eq!(field_of(&json, Runtime::Node), field, "{extra}");
        }
    }

    #[test]
    fn defaults_errors_keep_the_rule() {
        let e = config(r#","defaults":{"codeLength":11}"#).unwrap_err();
        assert_eq!(
            e.to_string(),
            "defaults.codeLength must be an integer from 3 to 10"
        );
    }
}
