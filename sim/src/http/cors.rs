//! `--cors`: any origin may call the simulator from a browser.

use crate::model::reply::Reply;

/// Methods a preflight allows.
pub const ALLOW_METHODS: &str = "GET, POST, OPTIONS";
/// Request headers a preflight allows.
pub const ALLOW_HEADERS: &str = "Authorization, Content-Type";
/// Response headers a page may read.
pub const EXPOSE_HEADERS: &str = "Retry-After, Date";

/// The answer to a preflight (`OPTIONS` with `--cors`): 204 allowing GET,
/// POST, OPTIONS and the `Authorization` and `Content-Type` headers.
pub fn preflight() -> Reply {
    Reply::empty(204)
        .header("access-control-allow-methods", ALLOW_METHODS)
        .header("access-control-allow-headers", ALLOW_HEADERS)
        .header("access-control-max-age", "600")
}

/// Adds the CORS response headers: the request's `Origin` echoed (when it
/// sent one), `Vary: Origin`, and the exposed headers.
pub fn decorate(reply: &mut Reply, origin: Option<&str>) {
    if let Some(o) = origin {
        reply
            .headers
            .push(("access-control-allow-origin", o.to_string()));
    }
    reply.headers.push(("vary", "Origin".to_string()));
    reply
        .headers
        .push(("access-control-expose-headers", EXPOSE_HEADERS.to_string()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preflight_allows_the_api() {
        let mut r = preflight();
        decorate(&mut r, Some("http://app.test"));
        assert_eq!(r.status, 204);
        assert_eq!(
            r.header_value("access-control-allow-origin"),
            Some("http://app.test")
        );
        assert_eq!(
            r.header_value("access-control-allow-methods"),
            Some("GET, POST, OPTIONS")
        );
        assert_eq!(
            r.header_value("access-control-allow-headers"),
            Some("Authorization, Content-Type")
        );
        assert_eq!(r.header_value("vary"), Some("Origin"));
    }

    #[test]
    fn no_origin_no_allow_origin() {
        let mut r = Reply::empty(200);
        decorate(&mut r, None);
        assert_eq!(r.header_value("access-control-allow-origin"), None);
        assert_eq!(
            r.header_value("access-control-expose-headers"),
            Some("Retry-After, Date")
        );
    }
}
