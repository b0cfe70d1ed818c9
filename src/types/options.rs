//! How a client reaches 8x8: [`ClientOptions`] and the [`Region`]s.

use core::fmt;
use serde::{Deserialize, Serialize};

/// An 8x8 deployment region; each has its own host.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
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
}

/// Whether a browser sends cookies with the client's requests to its proxy (fetch's
/// `credentials`). The browser's default is `"same-origin"`; `"include"` sends them to a
/// proxy on another origin too, which answers only for an origin in its `allowedOrigins`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "kebab-case")]
pub enum FetchCredentials {
    /// Never send cookies.
    Omit,
    /// Send cookies to the page's own origin only (the browser's default).
    SameOrigin,
    /// Send cookies to the proxy whatever its origin.
    Include,
}

/// How to reach 8x8. With `api_key`: direct mode (servers only; `sub_account_id`
/// required). Without: proxy mode (`base_url` of a `createVerifyProxy` endpoint required).
/// Checked by [`ClientOptions::validate`]; `Debug` never prints the key.
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
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ClientOptions {
    /// The 8x8 API key (direct mode, servers only). Sent only in the `Authorization` header.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_key: Option<String>,
    /// The subaccount (`^[A-Za-z0-9\-._&]{3,50}$`); required with `apiKey`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_account_id: Option<String>,
    /// The region whose host to use (default `"ap"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<Region>,
    /// Overrides the region: the simulator, a test double, or a proxy (relative URLs only
    /// in browsers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    /// Budget for the whole request, body included, in milliseconds (default 10000).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout_ms: Option<u32>,
    /// Proxy mode: whether the browser sends cookies to the proxy (default: the
    /// runtime's, `"same-origin"` in browsers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credentials: Option<FetchCredentials>,
}

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
}

impl fmt::Debug for ClientOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientOptions")
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("sub_account_id", &self.sub_account_id)
            .field("region", &self.region)
            .field("base_url", &self.base_url)
            .field("timeout_ms", &self.timeout_ms)
            .field("credentials", &self.credentials)
            .finish()
    }
}
