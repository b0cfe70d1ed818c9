//! What the handler reads of a request, through gloo-net's `Request`: the route, the
//! origin and fetch metadata that tell a cross-site request apart, the content type and
//! length, and the client's address.

use super::super::client_ip::ClientIp;
use super::super::config::{IpSource, ProxyConfig};
use super::super::origin_bound::verified_origin;
use super::super::reply::Reject;
use gloo_net::http::{Headers, Request};
use js_sys::Reflect;
use serde::Deserialize;
use wasm_bindgen::JsValue;

/// The request's facts.
pub struct Incoming {
    /// `GET`, `POST`, `OPTIONS`, …
    pub method: String,
    /// The URL's path.
    pub path: String,
    /// The `code` query parameter.
    pub code: Option<String>,
    /// How the request's origin relates to the proxy.
    pub cors: Cors,
    /// The origin an SMS code may be bound to (`origin_bound::verified_origin`).
    pub bound_origin: Option<String>,
    /// The request's headers.
    pub headers: Headers,
    /// The client's address, when the configured source has a valid one.
    pub client: Option<ClientIp>,
    /// The `Idempotency-Key` this request holds while it runs.
    pub idempotency: super::records::Slot,
}

/// How the request's origin relates to the proxy.
#[derive(Clone, Debug, PartialEq)]
pub enum Cors {
    /// No `Origin`, the proxy's own (the origin of the request's URL), or a request the
    /// browser marks `Sec-Fetch-Site: same-origin` (which no page can forge).
    SameOrigin,
    /// An origin listed in `allowedOrigins`.
    Allowed(String),
    /// Any other origin.
    Foreign,
}

impl Incoming {
    /// Reads `raw` (and `info`, `Deno.serve`'s second argument).
    pub fn read(raw: &web_sys::Request, info: &JsValue, config: &ProxyConfig) -> Incoming {
        let request = Request::from(Clone::clone(raw));
        let headers = request.headers();
        let (path, code, own_origin, own_host) = match web_sys::Url::new(&request.url()) {
            Ok(url) => (
                url.pathname(),
                url.search_params().get("code"),
                url.origin(),
                url.host(),
            ),
            Err(_) => (String::new(), None, String::new(), String::new()),
        };
        // What the browser states wins: behind a framework's server (`next start`, Vite's
        // proxy) the request's URL may name another host than the one the browser asked.
        let same_origin_stated = headers
            .get("sec-fetch-site")
            .is_some_and(|site| site.eq_ignore_ascii_case("same-origin"));
        let cors = match headers.get("origin") {
            None => Cors::SameOrigin,
            Some(_) if same_origin_stated => Cors::SameOrigin,
            Some(origin) if origin == own_origin => Cors::SameOrigin,
            Some(origin)
                if config
                    .allowed_origins
                    .iter()
                    .any(|o| o.eq_ignore_ascii_case(&origin)) =>
            {
                Cors::Allowed(origin)
            }
            Some(_) => Cors::Foreign,
        };
        let client = client_ip(raw, &headers, config, info);
        let bound_origin = verified_origin(
            headers.get("origin").as_deref(),
            &own_host,
            &config.allowed_origins,
        );
        Incoming {
            method: raw.method(),
            path,
            code,
            cors,
            bound_origin,
            headers,
            client,
            idempotency: Default::default(),
        }
    }

    /// Refuses, before anything else, what another site can make a browser send with the
    /// user's cookies: a navigation, a form, an `<img>`, a `no-cors` fetch, or a fetch
    /// from an origin that is not allowed. Every request but a preflight must also carry
    /// `X-Verify-8x8: 1`, which a page of another site cannot send without a preflight
    /// that only allowed origins pass; that covers browsers without fetch metadata.
    pub fn refuse_cross_site(&self) -> Result<(), Reject> {
        let mode = self.headers.get("sec-fetch-mode").unwrap_or_default();
        if mode.eq_ignore_ascii_case("navigate") || mode.eq_ignore_ascii_case("no-cors") {
            return Err(Reject::cross_site());
        }
        let site = self.headers.get("sec-fetch-site").unwrap_or_default();
        if site.eq_ignore_ascii_case("cross-site") && !matches!(self.cors, Cors::Allowed(_)) {
            return Err(Reject::cross_site());
        }
        if self.cors == Cors::Foreign {
            return Err(Reject::foreign_origin());
        }
        if self.method != "OPTIONS" && self.headers.get("x-verify-8x8").as_deref() != Some("1") {
            return Err(Reject::missing_header());
        }
        Ok(())
    }
}

/// The client's address from the configured source; `None` when absent or unparsable.
fn client_ip(
    raw: &web_sys::Request,
    headers: &Headers,
    config: &ProxyConfig,
    info: &JsValue,
) -> Option<ClientIp> {
    let prefix = config.limits.ipv6_prefix_length;
    match config.client_ip.as_ref()? {
        IpSource::Header(name) if name == "x-forwarded-for" => {
            ClientIp::from_forwarded_for(&headers.get(name)?, prefix)
        }
        IpSource::Header(name) => ClientIp::parse(&headers.get(name)?, prefix),
        IpSource::Cloudflare => {
            let through_cloudflare =
                Reflect::get(raw, &JsValue::from_str("cf")).is_ok_and(|cf| cf.is_object());
            let header = headers
                .get("cf-connecting-ip")
                .filter(|_| through_cloudflare)?;
            ClientIp::parse(&header, prefix)
        }
        IpSource::RemoteAddr => ClientIp::parse(&remote_address(info)?, prefix),
    }
}

/// `Deno.serve`'s second argument, as far as the proxy reads it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ServeInfo {
    remote_addr: Option<RemoteAddr>,
}

#[derive(Deserialize)]
struct RemoteAddr {
    hostname: Option<String>,
}

fn remote_address(info: &JsValue) -> Option<String> {
    if !info.is_object() {
        return None;
    }
    let info: ServeInfo = serde_wasm_bindgen::from_value(info.clone()).ok()?;
    info.remote_addr?.hostname
}
