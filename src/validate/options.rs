//! [`ClientOptions`] checked once into an [`Endpoint`]: where requests go, how they
//! authenticate, how long they may take.

use super::BaseUrl;
use crate::error::Error;
use crate::types::{ClientOptions, FetchCredentials};
use core::fmt;

/// The default `timeoutMs`.
pub const DEFAULT_TIMEOUT_MS: u32 = 10_000;
pub(crate) const MAX_TIMEOUT_MS: u32 = 600_000;
pub(crate) const TIMEOUT_RULE: &str = "must be an integer number of milliseconds from 1 to 600000";
pub(crate) const BASE_URL_RULE: &str =
    "must be an absolute http: or https: URL without credentials, query or fragment";
/// `apiKey` in a build without direct mode (the browser's).
#[cfg(any(test, not(feature = "direct")))]
pub(crate) const KEY_IN_BROWSER_RULE: &str = "must never reach a browser: mount createVerifyProxy on a server, which holds the key, and pass its baseUrl instead";
/// `apiKey` missing while `subAccountId` or `region` is given.
pub(crate) const KEY_REQUIRED_RULE: &str = "is required when subAccountId or region is given (direct mode); without it, use baseUrl of a proxy";
/// `baseUrl` missing without `apiKey`.
pub(crate) const BASE_URL_REQUIRED_RULE: &str = "is required without apiKey (proxy mode)";

impl ClientOptions {
    /// Checks every rule and resolves the endpoint the client will call.
    pub fn validate(&self) -> Result<Endpoint, Error> {
        let timeout_ms = self.timeout_ms.unwrap_or(DEFAULT_TIMEOUT_MS);
        if timeout_ms == 0 || timeout_ms > MAX_TIMEOUT_MS {
            return Err(Error::invalid("timeoutMs", TIMEOUT_RULE));
        }
        match &self.api_key {
            Some(api_key) => direct(self, api_key, timeout_ms),
            None => self.proxied(timeout_ms),
        }
    }

    /// Proxy mode: no key, no subaccount, no region; a proxy's `baseUrl`.
    fn proxied(&self, timeout_ms: u32) -> Result<Endpoint, Error> {
        if self.sub_account_id.is_some() || self.region.is_some() {
            return Err(Error::invalid("apiKey", KEY_REQUIRED_RULE));
        }
        let base_url = self
            .base_url
            .as_deref()
            .ok_or_else(|| Error::invalid("baseUrl", BASE_URL_REQUIRED_RULE))?;
        Ok(Endpoint {
            base: BaseUrl::parse(base_url)
                .ok_or_else(|| Error::invalid("baseUrl", BASE_URL_RULE))?,
            credentials: None,
            timeout_ms,
            fetch_credentials: self.credentials,
        })
    }
}

/// The browser build's options, as the browser entry checked and prepared them
/// (`pkg/browser-options.js`, whose words and numbers `browser_rules` generates from the
/// rules here): proxy mode, an absolute `baseUrl`, `timeoutMs` in range, `credentials`.
#[cfg(not(feature = "direct"))]
impl Endpoint {
    pub(crate) fn prepared(
        base_url: &str,
        timeout_ms: Option<u32>,
        fetch_credentials: Option<FetchCredentials>,
    ) -> Endpoint {
        Endpoint {
            base: BaseUrl::resolved(base_url),
            credentials: None,
            timeout_ms: timeout_ms.unwrap_or(DEFAULT_TIMEOUT_MS),
            fetch_credentials,
        }
    }
}

/// Direct mode where the build has it.
#[cfg(feature = "direct")]
fn direct(options: &ClientOptions, api_key: &str, timeout_ms: u32) -> Result<Endpoint, Error> {
    if !is_header_safe(api_key) {
        return Err(Error::invalid(
            "apiKey",
            "must be a non-empty string of printable ASCII characters without spaces",
        ));
    }
    let sub_account_id = options
        .sub_account_id
        .as_deref()
        .ok_or_else(|| Error::invalid("subAccountId", "is required with apiKey (direct mode)"))?;
    if !is_sub_account_id(sub_account_id) {
        return Err(Error::invalid(
            "subAccountId",
            "must be 3 to 50 letters, digits, or - . _ &",
        ));
    }
    let base = match &options.base_url {
        Some(url) => BaseUrl::parse(url).ok_or_else(|| Error::invalid("baseUrl", BASE_URL_RULE))?,
        None => BaseUrl::parse(options.region.unwrap_or_default().base_url()).ok_or_else(|| {
            Error::invalid("region", "must be one of \"ap\", \"us\", \"eu\", \"id\"")
        })?,
    };
    if options.credentials.is_some() {
        return Err(Error::invalid(
            "credentials",
            "is for proxy mode (a browser's cookies to its proxy); direct mode sends none",
        ));
    }
    if !base.is_https() && !base.is_loopback() {
        return Err(Error::invalid(
            "baseUrl",
            "must use https: with apiKey (the key never travels in clear text), unless its host is loopback",
        ));
    }
    Ok(Endpoint {
        base,
        credentials: Some(Credentials {
            api_key: api_key.to_owned(),
            sub_account_id: sub_account_id.to_owned(),
        }),
        timeout_ms,
        fetch_credentials: None,
    })
}

/// A build without direct mode (the browser's) never takes a key.
#[cfg(not(feature = "direct"))]
fn direct(_: &ClientOptions, _: &str, _: u32) -> Result<Endpoint, Error> {
    Err(Error::invalid("apiKey", KEY_IN_BROWSER_RULE))
}

/// A header value that cannot split or smuggle headers: visible ASCII, no spaces.
#[cfg(feature = "direct")]
fn is_header_safe(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_graphic())
}

/// `^[A-Za-z0-9\-._&]{3,50}$`, the spec's subaccount pattern.
#[cfg(feature = "direct")]
fn is_sub_account_id(s: &str) -> bool {
    (3..=50).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'&'))
}

/// The credentials of direct mode.
#[derive(Clone, PartialEq)]
struct Credentials {
    api_key: String,
    sub_account_id: String,
}

/// Checked options: where requests go and how they authenticate. `Debug` never prints
/// the key.
#[derive(Clone, PartialEq)]
pub struct Endpoint {
    base: BaseUrl,
    credentials: Option<Credentials>,
    timeout_ms: u32,
    fetch_credentials: Option<FetchCredentials>,
}

impl fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Endpoint")
            .field("base", &self.base.as_str())
            .field("direct", &self.credentials.is_some())
            .field("timeout_ms", &self.timeout_ms)
            .field("fetch_credentials", &self.fetch_credentials)
            .finish()
    }
}

impl Endpoint {
    /// The request budget in milliseconds.
    pub fn timeout_ms(&self) -> u32 {
        self.timeout_ms
    }

    /// Proxy mode: whether the browser sends cookies (fetch's `credentials`).
    pub fn fetch_credentials(&self) -> Option<FetchCredentials> {
        self.fetch_credentials
    }

    /// Whether this is direct mode (API key) rather than proxy mode.
    pub fn is_direct(&self) -> bool {
        self.credentials.is_some()
    }

    /// The `Authorization` header value, in direct mode.
    pub(crate) fn authorization(&self) -> Option<String> {
        self.credentials
            .as_ref()
            .map(|c| format!("Bearer {}", c.api_key))
    }

    /// `…/sessions`: where verifications start.
    pub(crate) fn sessions_url(&self) -> String {
        match &self.credentials {
            Some(c) => format!(
                "{}/api/v2/subaccounts/{}/sessions",
                self.base.as_str(),
                c.sub_account_id
            ),
            None => format!("{}/sessions", self.base.as_str()),
        }
    }

    /// `…/sessions/{id}[?code=]`. `session_id` and `code` must already be checked
    /// (they hold only unreserved characters, so they cannot leave their segment).
    pub(crate) fn session_url(&self, session_id: &str, code: Option<&str>) -> String {
        match code {
            Some(code) => format!("{}/{session_id}?code={code}", self.sessions_url()),
            None => format!("{}/{session_id}", self.sessions_url()),
        }
    }

    /// `…/sma/coverage`, which only direct mode can reach.
    #[cfg(feature = "direct")]
    pub(crate) fn sma_coverage_url(&self) -> Option<String> {
        let c = self.credentials.as_ref()?;
        Some(format!(
            "{}/api/v2/subaccounts/{}/sma/coverage",
            self.base.as_str(),
            c.sub_account_id
        ))
    }
}

/// The browser build's rules: proxy mode only.
#[cfg(all(test, not(feature = "direct")))]
mod browser_build {
    use super::*;

    #[test]
    fn a_key_never_reaches_a_browser() {
        for options in [
            ClientOptions {
                api_key: Some("secret-key".into()),
                sub_account_id: Some("acme_hq".into()),
                ..ClientOptions::default()
            },
            ClientOptions {
                api_key: Some("secret-key".into()),
                base_url: Some("https://example.com/api/verify".into()),
                ..ClientOptions::default()
            },
        ] {
            let e = options.validate().unwrap_err();
            assert_eq!(e.field(), Some("apiKey"));
            assert!(
                e.message().contains("mount createVerifyProxy on a server"),
                "{e}"
            );
            assert!(!e.message().contains("secret-key"));
        }
    }

    #[test]
    fn proxy_mode_works_as_everywhere() {
        let e = ClientOptions::proxy("https://example.com/api/verify/")
            .validate()
            .unwrap();
        assert!(!e.is_direct());
        assert_eq!(e.sessions_url(), "https://example.com/api/verify/sessions");
        let e = ClientOptions {
            region: Some(crate::types::Region::Eu),
            base_url: Some("https://example.com".into()),
            ..ClientOptions::default()
        };
        assert_eq!(e.validate().unwrap_err().field(), Some("apiKey"));
    }
}

#[cfg(all(test, feature = "direct"))]
#[path = "options_tests.rs"]
mod tests;
