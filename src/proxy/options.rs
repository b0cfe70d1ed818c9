//! `createVerifyProxy`'s options as the serde type JavaScript's object is converted to,
//! hooks included (passed through as the JavaScript functions they are), so one shape
//! check names any unknown or mistyped option.

use crate::types::{Channel, Region, VerificationDefaults};
use serde::{Deserialize, Deserializer};

/// The options of `createVerifyProxy`. Checked into a [`super::ProxyConfig`].
#[derive(Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ProxyOptions {
    /// The 8x8 API key: held by the proxy, never by the browser.
    pub api_key: String,
    /// The subaccount.
    pub sub_account_id: String,
    /// The region whose host to use (default `"ap"`).
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub region: Option<Region>,
    /// Overrides the region: e.g. the simulator. https unless loopback.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub upstream_url: Option<String>,
    /// The path prefix served (default `"/api/verify"`).
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub base_path: Option<String>,
    /// ISO alpha-2 codes codes may be sent to, or `["*"]` for all. Checked against the
    /// number itself, never a field the browser sends.
    pub allowed_countries: Vec<String>,
    /// Channels the browser may ask for (default `["sms"]`).
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub channels: Option<Vec<Channel>>,
    /// Exact origins allowed cross-origin (CORS); default none (same-origin only).
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub allowed_origins: Option<Vec<String>>,
    /// What the server decides for every send (brand, template, codeLength, …); never
    /// the browser.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub defaults: Option<VerificationDefaults>,
    /// Defaults: 3 sends per destination per 10 min, 10 requests per client IP per hour,
    /// no per-country budget; `null` turns one off.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub limits: Option<LimitOptions>,
    /// The header carrying the client IP (`X-Forwarded-For`: its right-most entry).
    /// Default: `CF-Connecting-IP` in workerd, `x-real-ip` in edge-light on Vercel; none
    /// elsewhere.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub client_ip_header: Option<String>,
    /// Whether SMS codes end with the origin-bound line `@host #code` for the page's
    /// checked origin, so browsers offer them only there (default `true`; never for
    /// `call`, nor with a `templateKey`).
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub origin_bound_codes: Option<bool>,
    /// Upstream timeout in milliseconds (default 10000); a timeout answers 504.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub timeout_ms: Option<u32>,
    /// Shared counters for the limits (default: in memory, per isolate).
    #[cfg(target_arch = "wasm32")]
    #[serde(default, deserialize_with = "hook")]
    #[tsify(optional, type = "import(\"../index.js\").LimitStore")]
    pub store: Option<wasm_bindgen::JsValue>,
    /// Runs before a code is sent; a `Response` answers instead (e.g. a failed bot check).
    #[cfg(target_arch = "wasm32")]
    #[serde(default, deserialize_with = "hook")]
    #[tsify(
        optional,
        type = "(context: { request: Request; destination: string; country?: string; clientIp?: string }) => Promise<void | Response> | void | Response"
    )]
    pub before_send: Option<wasm_bindgen::JsValue>,
    /// Runs on the server when 8x8 reports `VERIFIED` for a code check — the one
    /// trustworthy signal. A `Response` answers instead.
    #[cfg(target_arch = "wasm32")]
    #[serde(default, deserialize_with = "hook")]
    #[tsify(
        optional,
        type = "(verification: Verification, request: Request) => Promise<void | Response> | void | Response"
    )]
    pub on_verified: Option<wasm_bindgen::JsValue>,
    /// Receives one event per request, for operators; its errors are swallowed.
    #[cfg(target_arch = "wasm32")]
    #[serde(default, deserialize_with = "hook")]
    #[tsify(optional, type = "(event: ProxyEvent) => void")]
    pub on_event: Option<wasm_bindgen::JsValue>,
    /// Millisecond clock for the limits (tests).
    #[cfg(target_arch = "wasm32")]
    #[serde(default, deserialize_with = "hook")]
    #[tsify(optional, type = "() => number")]
    pub now: Option<wasm_bindgen::JsValue>,
}

/// The proxy's limits. For each, absent means the default and `null` means off.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct LimitOptions {
    /// Sends per destination (default 3 per 600 s).
    #[serde(default, deserialize_with = "present")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "Limit | null"))]
    pub per_destination: Option<Option<Limit>>,
    /// Requests per client IP (default 10 per 3600 s).
    #[serde(default, deserialize_with = "present")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "Limit | null"))]
    pub per_client_ip: Option<Option<Limit>>,
    /// Requests per IPv6 /56 network, checked before its /64's (default: 4 × `perClientIp`'s
    /// max, over its window): one subscriber's 256 /64s are not 256 budgets.
    #[serde(default, deserialize_with = "present")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "Limit | null"))]
    pub per_network56: Option<Option<Limit>>,
    /// Requests per IPv6 /48 network, checked first (default: 10 × `perClientIp`'s max,
    /// over its window): a tunnel broker's free /48 is 65,536 /64s, not 65,536 budgets.
    #[serde(default, deserialize_with = "present")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "Limit | null"))]
    pub per_network48: Option<Option<Limit>>,
    /// Sends per derived country, a budget against SMS pumping (default off).
    #[serde(default, deserialize_with = "present")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "Limit | null"))]
    pub per_country: Option<Option<Limit>>,
    /// The IPv6 prefix one client is limited by (default 64: a whole /64 is one client).
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub ipv6_prefix_length: Option<u32>,
}

/// A fixed-window limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Limit {
    /// Hits allowed per window (≥ 1).
    pub max: u32,
    /// The window's length in seconds.
    pub window_seconds: u32,
}

/// A present member, `null` included: `Some(None)` for `null`, so `null` (off) differs
/// from absent (the default).
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<Limit>>, D::Error> {
    Option::<Limit>::deserialize(d).map(Some)
}

/// A JavaScript function or object option, passed through as itself (what it must be
/// is checked where it is taken, naming the option).
#[cfg(target_arch = "wasm32")]
fn hook<'de, D: Deserializer<'de>>(d: D) -> Result<Option<wasm_bindgen::JsValue>, D::Error> {
    #[derive(Deserialize)]
    #[serde(transparent)]
    struct Js(#[serde(with = "serde_wasm_bindgen::preserve")] wasm_bindgen::JsValue);
    Option::<Js>::deserialize(d).map(|js| js.map(|Js(value)| value))
}
