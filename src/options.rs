//! Client options: direct mode (API key, straight to 8x8) or proxy mode (no key, through
//! a `createVerifyProxy` endpoint), checked once into an [`Endpoint`] that builds URLs.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::error::Error;
use crate::json::Value;
use crate::text::concat;
use crate::url::BaseUrl;
use core::fmt;

/// An 8x8 deployment region; each has its own host.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Region {
    /// Asia-Pacific (Singapore), `https://verify.8x8.com`: the default.
    #[default]
    Ap,
    /// North America, `https://verify.us.8x8.com`.
    Us,
    /// Europe, `https://verify.8x8.uk`.
    Eu,
    /// Indonesia, `https://verify.8x8.id`.
    Id,
}

impl Region {
    /// The region's base URL.
    pub fn base_url(self) -> &'static str {
        match self {
            Region::Ap => "https://verify.8x8.com",
            Region::Us => "https://verify.us.8x8.com",
            Region::Eu => "https://verify.8x8.uk",
            Region::Id => "https://verify.8x8.id",
        }
    }

    /// Parses the JavaScript name (`"ap"`, `"us"`, `"eu"`, `"id"`).
    pub fn from_name(name: &str) -> Option<Region> {
        match name {
            "ap" => Some(Region::Ap),
            "us" => Some(Region::Us),
            "eu" => Some(Region::Eu),
            "id" => Some(Region::Id),
            _ => None,
        }
    }
}

/// How to reach 8x8. With `api_key`: direct mode (servers only; `sub_account_id`
/// required). Without: proxy mode (`base_url` of a `createVerifyProxy` endpoint required).
///
/// `Debug` never prints the key.
///
/// # Example
/// ```
/// use verify_8x8::{ClientOptions, Region};
///
/// let direct = ClientOptions::direct("my-api-key", "acme_hq").region(Region::Eu);
/// assert!(direct.validate().is_ok());
/// assert!(!format!("{direct:?}").contains("my-api-key"));
///
/// let proxied = ClientOptions::proxy("https://example.com/api/verify");
/// assert!(proxied.validate().is_ok());
/// ```
#[derive(Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct ClientOptions {
    /// The 8x8 API key; sent only in the `Authorization` header.
    pub api_key: Option<String>,
    /// The subaccount (`^[A-Za-z0-9\-._&]{3,50}$`); required with `api_key`.
    pub sub_account_id: Option<String>,
    /// The region whose host to use (default [`Region::Ap`]).
    pub region: Option<Region>,
    /// Overrides the region: the simulator, a test double, or a proxy.
    pub base_url: Option<String>,
    /// Budget for the whole request, body included (default 10 000 ms).
    pub timeout_ms: Option<u32>,
}

/// The default `timeoutMs`.
pub const DEFAULT_TIMEOUT_MS: u32 = 10_000;
const MAX_TIMEOUT_MS: i64 = 600_000;

impl ClientOptions {
    /// Direct-mode options.
    pub fn direct(api_key: impl Into<String>, sub_account_id: impl Into<String>) -> Self {
        ClientOptions {
            api_key: Some(api_key.into()),
            sub_account_id: Some(sub_account_id.into()),
            ..Self::default()
        }
    }

    /// Proxy-mode options: requests go to `{base_url}/sessions…`.
    pub fn proxy(base_url: impl Into<String>) -> Self {
        ClientOptions {
            base_url: Some(base_url.into()),
            ..Self::default()
        }
    }

    /// Sets the region.
    pub fn region(mut self, region: Region) -> Self {
        self.region = Some(region);
        self
    }

    /// Sets the base URL (overrides the region).
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// Sets the timeout.
    pub fn timeout_ms(mut self, timeout_ms: u32) -> Self {
        self.timeout_ms = Some(timeout_ms);
        self
    }

    /// Reads JavaScript options (`apiKey`, `subAccountId`, `region`, `baseUrl`,
    /// `timeoutMs`), rejecting unknown names and wrong types by name.
    pub(crate) fn from_value(value: &Value) -> Result<Self, Error> {
        let members = value
            .as_object()
            .ok_or_else(|| Error::invalid("options", "must be an object"))?;
        let mut options = ClientOptions::default();
        for (name, v) in members {
            if matches!(v, Value::Null) {
                continue;
            }
            match name.as_str() {
                "apiKey" => options.api_key = Some(string_option(v, "apiKey")?),
                "subAccountId" => options.sub_account_id = Some(string_option(v, "subAccountId")?),
                "baseUrl" => options.base_url = Some(string_option(v, "baseUrl")?),
                "region" => {
                    let region = v.as_str().and_then(Region::from_name);
                    options.region =
                        Some(region.ok_or_else(|| Error::invalid("region", REGION_RULE))?);
                }
                "timeoutMs" => {
                    let ms = v.as_int_in(1, MAX_TIMEOUT_MS);
                    options.timeout_ms =
                        Some(ms.ok_or_else(|| Error::invalid("timeoutMs", TIMEOUT_RULE))? as u32);
                }
                other => return Err(Error::invalid(other, "is not a known option")),
            }
        }
        Ok(options)
    }

    /// Checks every rule and resolves the endpoint the client will call.
    pub fn validate(&self) -> Result<Endpoint, Error> {
        let timeout_ms = self.timeout_ms.unwrap_or(DEFAULT_TIMEOUT_MS);
        if timeout_ms == 0 || i64::from(timeout_ms) > MAX_TIMEOUT_MS {
            return Err(Error::invalid("timeoutMs", TIMEOUT_RULE));
        }
        let Some(api_key) = &self.api_key else {
            if self.sub_account_id.is_some() || self.region.is_some() {
                return Err(Error::invalid(
                    "apiKey",
                    "is required when subAccountId or region is given (direct mode); without it, use baseUrl of a proxy",
                ));
            }
            let base_url = self.base_url.as_deref().ok_or_else(|| {
                Error::invalid("baseUrl", "is required without apiKey (proxy mode)")
            })?;
            let base =
                BaseUrl::parse(base_url).ok_or_else(|| Error::invalid("baseUrl", BASE_URL_RULE))?;
            return Ok(Endpoint {
                base,
                credentials: None,
                timeout_ms,
            });
        };
        if !is_header_safe(api_key) {
            return Err(Error::invalid(
                "apiKey",
                "must be a non-empty string of printable ASCII characters without spaces",
            ));
        }
        let sub_account_id = self.sub_account_id.as_deref().ok_or_else(|| {
            Error::invalid("subAccountId", "is required with apiKey (direct mode)")
        })?;
        if !is_sub_account_id(sub_account_id) {
            return Err(Error::invalid(
                "subAccountId",
                "must be 3 to 50 letters, digits, or - . _ &",
            ));
        }
        let base = match &self.base_url {
            Some(url) => {
                BaseUrl::parse(url).ok_or_else(|| Error::invalid("baseUrl", BASE_URL_RULE))?
            }
            None => BaseUrl::parse(self.region.unwrap_or_default().base_url())
                .ok_or_else(|| Error::invalid("region", REGION_RULE))?,
        };
        if !base.is_https() && !base.is_loopback() {
            return Err(Error::invalid(
                "baseUrl",
                "must use https: with apiKey (the key never travels in clear text), unless its host is loopback",
            ));
        }
        Ok(Endpoint {
            base,
            credentials: Some(Credentials {
                api_key: api_key.clone(),
                sub_account_id: sub_account_id.to_owned(),
            }),
            timeout_ms,
        })
    }
}

impl fmt::Debug for ClientOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientOptions")
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("sub_account_id", &self.sub_account_id)
            .field("region", &self.region)
            .field("base_url", &self.base_url)
            .field("timeout_ms", &self.timeout_ms)
            .finish()
    }
}

const REGION_RULE: &str = r#"must be one of "ap", "us", "eu", "id""#;
const TIMEOUT_RULE: &str = "must be an integer number of milliseconds from 1 to 600000";
const BASE_URL_RULE: &str =
    "must be an absolute http: or https: URL without credentials, query or fragment";

fn string_option(v: &Value, name: &str) -> Result<String, Error> {
    v.as_str()
        .map(str::to_owned)
        .ok_or_else(|| Error::invalid(name, "must be a string"))
}

/// A header value that cannot split or smuggle headers: visible ASCII, no spaces.
fn is_header_safe(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_graphic())
}

/// `^[A-Za-z0-9\-._&]{3,50}$`, the spec's subaccount pattern.
pub(crate) fn is_sub_account_id(s: &str) -> bool {
    (3..=50).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'&'))
}

/// The credentials of direct mode.
#[derive(Clone, PartialEq)]
pub(crate) struct Credentials {
    pub api_key: String,
    pub sub_account_id: String,
}

/// Checked options: where requests go and how they authenticate. `Debug` never prints
/// the key.
#[derive(Clone, PartialEq)]
pub struct Endpoint {
    base: BaseUrl,
    credentials: Option<Credentials>,
    timeout_ms: u32,
}

impl fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Endpoint")
            .field("base", &self.base.as_str())
            .field("direct", &self.credentials.is_some())
            .field("timeout_ms", &self.timeout_ms)
            .finish()
    }
}

impl Endpoint {
    /// The request budget in milliseconds.
    pub fn timeout_ms(&self) -> u32 {
        self.timeout_ms
    }

    /// Whether this is direct mode (API key) rather than proxy mode.
    pub fn is_direct(&self) -> bool {
        self.credentials.is_some()
    }

    /// The `Authorization` header value, in direct mode.
    pub(crate) fn authorization(&self) -> Option<String> {
        self.credentials
            .as_ref()
            .map(|c| concat(&["Bearer ", &c.api_key]))
    }

    /// `…/sessions`: where verifications start.
    pub(crate) fn sessions_url(&self) -> String {
        match &self.credentials {
            Some(c) => concat(&[
                self.base.as_str(),
                "/api/v2/subaccounts/",
                &c.sub_account_id,
                "/sessions",
            ]),
            None => concat(&[self.base.as_str(), "/sessions"]),
        }
    }

    /// `…/sessions/{id}[?code=]`. `session_id` and `code` must already be checked
    /// (they hold only unreserved characters, so they cannot leave their segment).
    pub(crate) fn session_url(&self, session_id: &str, code: Option<&str>) -> String {
        let mut url = concat(&[&self.sessions_url(), "/", session_id]);
        if let Some(code) = code {
            url.push_str("?code=");
            url.push_str(code);
        }
        url
    }

    /// `…/sma/coverage`, which only direct mode can reach.
    pub(crate) fn sma_coverage_url(&self) -> Option<String> {
        let c = self.credentials.as_ref()?;
        Some(concat(&[
            self.base.as_str(),
            "/api/v2/subaccounts/",
            &c.sub_account_id,
            "/sma/coverage",
        ]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::testing::parse;

    fn check(json: &str) -> Result<Endpoint, Error> {
        ClientOptions::from_value(&parse(json))?.validate()
    }

    fn field_of(json: &str) -> String {
        match check(json) {
            Err(Error::InvalidRequest(d)) => d.field.unwrap_or_default(),
            other => panic!("{json}: expected INVALID_REQUEST, got {other:?}"),
        }
    }

    #[test]
    fn direct_mode_urls_per_region_and_base() {
        let e = check(r#"{"apiKey":"k","subAccountId":"acme_hq"}"#).unwrap();
        assert_eq!(
            e.sessions_url(),
            "https://verify.8x8.com/api/v2/subaccounts/acme_hq/sessions"
        );
        assert_eq!(e.authorization().as_deref(), Some("Bearer k"));
        for (region, host) in [
            ("ap", "https://verify.8x8.com"),
            ("us", "https://verify.us.8x8.com"),
            ("eu", "https://verify.8x8.uk"),
            ("id", "https://verify.8x8.id"),
        ] {
            let e = check(&format!(
                r#"{{"apiKey":"k","subAccountId":"abc","region":"{region}"}}"#
            ))
            .unwrap();
            assert_eq!(
                e.sma_coverage_url().unwrap(),
                format!("{host}/api/v2/subaccounts/abc/sma/coverage")
            );
        }
        let e = check(r#"{"apiKey":"k","subAccountId":"abc","region":"eu","baseUrl":"http://127.0.0.1:8480//"}"#).unwrap();
        assert_eq!(
            e.session_url("ab12", Some("1234")),
            "http://127.0.0.1:8480/api/v2/subaccounts/abc/sessions/ab12?code=1234"
        );
        assert_eq!(e.timeout_ms(), 10_000);
    }

    #[test]
    fn proxy_mode_urls() {
        let e = check(r#"{"baseUrl":"https://example.com/api/verify/","timeoutMs":2500}"#).unwrap();
        assert!(!e.is_direct());
        assert_eq!(e.sessions_url(), "https://example.com/api/verify/sessions");
        assert_eq!(
            e.session_url("x-1", None),
            "https://example.com/api/verify/sessions/x-1"
        );
        assert_eq!(e.sma_coverage_url(), None);
        assert_eq!(e.authorization(), None);
        assert_eq!(e.timeout_ms(), 2500);
        // Plain http is fine without a key: nothing secret travels.
        assert!(check(r#"{"baseUrl":"http://example.com/api/verify"}"#).is_ok());
    }

    #[test]
    fn rules_name_their_field() {
        assert_eq!(field_of(r#"{"apiKey":"k"}"#), "subAccountId");
        assert_eq!(
            field_of(r#"{"apiKey":"k","subAccountId":"a"}"#),
            "subAccountId"
        );
        assert_eq!(
            field_of(r#"{"apiKey":"k","subAccountId":"a/b/c"}"#),
            "subAccountId"
        );
        assert_eq!(field_of(r#"{"apiKey":"","subAccountId":"abc"}"#), "apiKey");
        assert_eq!(
            field_of(r#"{"apiKey":"a b","subAccountId":"abc"}"#),
            "apiKey"
        );
        assert_eq!(
            field_of(r#"{"apiKey":"k\r\nX: y","subAccountId":"abc"}"#),
            "apiKey"
        );
        assert_eq!(field_of(r#"{"apiKey":42,"subAccountId":"abc"}"#), "apiKey");
        assert_eq!(
            field_of(r#"{"apiKey":"k","subAccountId":"abc","region":"mars"}"#),
            "region"
        );
        assert_eq!(
            field_of(r#"{"apiKey":"k","subAccountId":"abc","baseUrl":"http://example.com"}"#),
            "baseUrl"
        );
        assert_eq!(
            field_of(r#"{"apiKey":"k","subAccountId":"abc","baseUrl":"ftp://example.com"}"#),
            "baseUrl"
        );
        assert_eq!(
            field_of(r#"{"apiKey":"k","subAccountId":"abc","timeoutMs":0}"#),
            "timeoutMs"
        );
        assert_eq!(
            field_of(r#"{"apiKey":"k","subAccountId":"abc","timeoutMs":1.5}"#),
            "timeoutMs"
        );
        assert_eq!(
            field_of(r#"{"apiKey":"k","subAccountId":"abc","timeoutMs":"10"}"#),
            "timeoutMs"
        );
        assert_eq!(field_of(r#"{"apikey":"k","subAccountId":"abc"}"#), "apikey");
        assert_eq!(field_of(r#"{}"#), "baseUrl");
        assert_eq!(field_of(r#"{"baseUrl":"/api/verify"}"#), "baseUrl");
        assert_eq!(
            field_of(r#"{"baseUrl":"https://example.com/a?b=c"}"#),
            "baseUrl"
        );
        assert_eq!(
            field_of(r#"{"subAccountId":"abc","baseUrl":"https://example.com"}"#),
            "apiKey"
        );
        assert_eq!(field_of(r#"[]"#), "options");
    }

    #[test]
    fn loopback_may_use_http_with_a_key() {
        for base in [
            "http://127.0.0.1:8480",
            "http://localhost:1",
            "http://[::1]:8480/x",
        ] {
            assert!(
                check(&format!(
                    r#"{{"apiKey":"k","subAccountId":"abc","baseUrl":"{base}"}}"#
                ))
                .is_ok(),
                "{base}"
            );
        }
    }

    #[test]
    fn null_means_unset() {
        assert!(check(r#"{"apiKey":null,"baseUrl":"https://example.com","region":null}"#).is_ok());
    }

    #[test]
    fn debug_output_hides_the_key() {
        let o = ClientOptions::direct("super-secret-key", "abc");
        assert!(!format!("{o:?}").contains("super-secret-key"));
        let e = o.validate().unwrap();
        assert!(!format!("{e:?}").contains("super-secret-key"));
    }
}
