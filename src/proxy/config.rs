//! [`ProxyOptions`] checked once into a [`ProxyConfig`]: the upstream endpoint, the
//! routes, who may call, what may be sent, the limits and where the client IP comes from.

use super::countries;
use super::options::{Limit, LimitOptions, ProxyOptions};
use crate::error::Error;
use crate::types::{Channel, ClientOptions, VerificationDefaults};
use crate::validate::{BaseUrl, Endpoint};

/// The runtime a server entry runs in: it decides where the client IP comes from by
/// default — only a header the platform itself sets and strips from clients.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Runtime {
    /// Node.js: no IP source unless `clientIpHeader` names one.
    Node,
    /// Deno: `Deno.serve`'s `info.remoteAddr`.
    Deno,
    /// Cloudflare Workers: `CF-Connecting-IP`, which Cloudflare sets.
    Workerd,
    /// Vercel Edge on Vercel (`process.env.VERCEL`): `x-real-ip`, which Vercel sets.
    Vercel,
    /// An edge-light runtime elsewhere (self-hosted Next.js): nothing to trust by default.
    EdgeLight,
}

impl Runtime {
    /// The entry's name (`"node"`, `"deno"`, `"workerd"`, `"vercel"`, `"edge-light"`).
    pub fn from_name(name: &str) -> Runtime {
        match name {
            "deno" => Runtime::Deno,
            "workerd" => Runtime::Workerd,
            "vercel" => Runtime::Vercel,
            "edge-light" => Runtime::EdgeLight,
            _ => Runtime::Node,
        }
    }

    /// Where the client's address comes from when `clientIpHeader` names nothing.
    fn default_ip_source(self) -> Option<IpSource> {
        match self {
            Runtime::Workerd => Some(IpSource::Cloudflare),
            Runtime::Vercel => Some(IpSource::Header("x-real-ip".into())),
            Runtime::Deno => Some(IpSource::RemoteAddr),
            Runtime::Node | Runtime::EdgeLight => None,
        }
    }
}

/// Where the client's address comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IpSource {
    /// A header the deployment's own reverse proxy sets (lower case); `x-forwarded-for`
    /// by its right-most entry.
    Header(String),
    /// `CF-Connecting-IP`, trusted only on requests that came through Cloudflare (they carry
    /// Cloudflare's `request.cf`); a self-hosted workerd passes a client's copy through.
    Cloudflare,
    /// `Deno.serve`'s `info.remoteAddr`.
    RemoteAddr,
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

/// The limits in force (`None`: off).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Sends per destination.
    pub per_destination: Option<Limit>,
    /// Requests per client IP.
    pub per_client_ip: Option<Limit>,
    /// Requests per IPv6 /56 (checked before the client's own prefix).
    pub per_network56: Option<Limit>,
    /// Requests per IPv6 /48 (checked first).
    pub per_network48: Option<Limit>,
    /// Sends per derived country.
    pub per_country: Option<Limit>,
    /// The IPv6 prefix one client is limited by.
    pub ipv6_prefix_length: u8,
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
    /// Server-side request fields.
    pub defaults: VerificationDefaults,
    /// The limits.
    pub limits: Limits,
    /// Where the client's address comes from (`None`: nowhere).
    pub client_ip: Option<IpSource>,
    /// Whether SMS codes are bound to the page's origin (`originBoundCodes`).
    pub origin_bound_codes: bool,
}

/// The code length the proxy asks 8x8 for unless `defaults.codeLength` says otherwise.
pub const DEFAULT_CODE_LENGTH: u32 = 6;

const DEFAULT_PER_DESTINATION: Limit = Limit {
    max: 3,
    window_seconds: 600,
};
const DEFAULT_PER_CLIENT_IP: Limit = Limit {
    max: 10,
    window_seconds: 3600,
};

impl ProxyConfig {
    /// Checks the options (`Error::InvalidRequest` names the first bad one).
    pub fn new(options: &ProxyOptions, runtime: Runtime) -> Result<ProxyConfig, Error> {
        let upstream = ClientOptions {
            api_key: Some(options.api_key.clone()),
            sub_account_id: Some(options.sub_account_id.clone()),
            region: options.region,
            base_url: options.upstream_url.clone(),
            timeout_ms: options.timeout_ms,
            credentials: None,
        }
        .validate()
        .map_err(|e| e.renamed("baseUrl", "upstreamUrl"))?;
        let channels = match &options.channels {
            Some(list) if list.is_empty() => {
                return Err(Error::invalid("channels", "must list at least one channel"))
            }
            Some(list) => list.clone(),
            None => Vec::from([Channel::Sms]),
        };
        let mut defaults = options.defaults.clone().unwrap_or_default();
        // Six digits unless the server chose: with the default limits an attacker gets at
        // most 432 sessions × 5 checks a day at one number, a 0.22 % chance of guessing a
        // 6-digit code (19 % for 8x8's default of 4).
        defaults.code_length.get_or_insert(DEFAULT_CODE_LENGTH);
        defaults.validate()?;
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
        let (limits, explicit_ip_limit) = limits(options.limits.as_ref())?;
        let client_ip = match &options.client_ip_header {
            Some(header) => Some(IpSource::Header(header_name(header)?)),
            None => runtime.default_ip_source(),
        };
        if limits.per_client_ip.is_some() && client_ip.is_none() {
            let rule = if explicit_ip_limit {
                "needs a client IP source: set clientIpHeader"
            } else {
                "is on by default and needs a client IP source: set clientIpHeader to a header your platform or reverse proxy overwrites on every request (never one a client can send through, such as X-Forwarded-For behind a bare `next start`), or set limits.perClientIp to null"
            };
            return Err(Error::invalid("limits.perClientIp", rule));
        }
        let config = ProxyConfig {
            upstream,
            base_path: base_path(options.base_path.as_deref())?,
            allowed_countries: countries(&options.allowed_countries)?,
            channels,
            allowed_origins: origins(options.allowed_origins.as_deref().unwrap_or_default())?,
            defaults,
            limits,
            client_ip,
            origin_bound_codes: options.origin_bound_codes.unwrap_or(true),
        };
        super::origin_bound::check_config(
            &config.defaults,
            &config.channels,
            &config.allowed_origins,
            config.origin_bound_codes,
        )?;
        Ok(config)
    }
}

fn base_path(path: Option<&str>) -> Result<String, Error> {
    let Some(path) = path else {
        return Ok("/api/verify".to_owned());
    };
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

fn countries(list: &[String]) -> Result<Countries, Error> {
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

fn origins(list: &[String]) -> Result<Vec<String>, Error> {
    list.iter()
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

/// The limits in force, and whether `perClientIp` was given explicitly.
fn limits(options: Option<&LimitOptions>) -> Result<(Limits, bool), Error> {
    let options = options.cloned().unwrap_or_default();
    let check = |name: &str, limit: Option<Limit>| -> Result<Option<Limit>, Error> {
        match limit {
            Some(l) if !(1..=1_000_000_000).contains(&l.max) => Err(Error::invalid(
                format!("limits.{name}.max"),
                "must be an integer from 1 to 1000000000",
            )),
            Some(l) if !(1..=31_536_000).contains(&l.window_seconds) => Err(Error::invalid(
                format!("limits.{name}.windowSeconds"),
                "must be an integer from 1 to 31536000",
            )),
            other => Ok(other),
        }
    };
    let per_client_ip = check(
        "perClientIp",
        options.per_client_ip.unwrap_or(Some(DEFAULT_PER_CLIENT_IP)),
    )?;
    // A network's budget is a multiple of one client's, unless given (or null: off).
    let network = |name: &str, given: Option<Option<Limit>>, times: u32| {
        let default = per_client_ip.map(|l| Limit {
            max: l.max.saturating_mul(times).min(1_000_000_000),
            window_seconds: l.window_seconds,
        });
        check(name, given.unwrap_or(default))
    };
    let per_network56 = network("perNetwork56", options.per_network56, 4)?;
    let per_network48 = network("perNetwork48", options.per_network48, 10)?;
    let ipv6_prefix_length = match options.ipv6_prefix_length {
        None => 64,
        Some(n @ 1..=128) => n as u8,
        Some(_) => {
            return Err(Error::invalid(
                "limits.ipv6PrefixLength",
                "must be an integer from 1 to 128",
            ))
        }
    };
    Ok((
        Limits {
            per_destination: check(
                "perDestination",
                options
                    .per_destination
                    .unwrap_or(Some(DEFAULT_PER_DESTINATION)),
            )?,
            per_client_ip,
            per_network56,
            per_network48,
            per_country: check("perCountry", options.per_country.flatten())?,
            ipv6_prefix_length,
        },
        options.per_client_ip.is_some(),
    ))
}

fn header_name(header: &str) -> Result<String, Error> {
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
    Ok(header.to_ascii_lowercase())
}

#[cfg(test)]
#[path = "config_tests.rs"]
mod tests;
