//! Just enough URL handling for a base URL: `http(s)://host[:port][/path]`, checked and
//! with trailing slashes removed. (The `url` crate would add hundreds of KB of IDNA
//! tables to the wasm.)

#[cfg(feature = "direct")]
use core::net::IpAddr;
use core::net::Ipv6Addr;

/// An absolute `http:` or `https:` URL with no credentials, query or fragment, and no
/// trailing slash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaseUrl {
    text: String,
    /// Where the host starts and ends in `text` (read only by direct mode's loopback rule).
    #[cfg(feature = "direct")]
    host: core::ops::Range<usize>,
}

impl BaseUrl {
    /// Parses and normalises `text`; `None` if it is not such a URL.
    pub fn parse(text: &str) -> Option<BaseUrl> {
        let (scheme, rest) = text.split_once("://")?;
        let https = if scheme.eq_ignore_ascii_case("https") {
            true
        } else if scheme.eq_ignore_ascii_case("http") {
            false
        } else {
            return None;
        };
        if rest
            .bytes()
            .any(|b| !b.is_ascii_graphic() || matches!(b, b'?' | b'#' | b'\\'))
        {
            return None;
        }
        let (authority, path) = match rest.find('/') {
            Some(i) => rest.split_at_checked(i)?,
            None => (rest, ""),
        };
        let _host = host_of(authority)?.len();
        let path = path.trim_end_matches('/');
        if path
            .split('/')
            .any(|segment| segment == "." || segment == "..")
        {
            return None;
        }
        let scheme = if https { "https://" } else { "http://" };
        Some(BaseUrl {
            text: format!("{scheme}{authority}{path}"),
            #[cfg(feature = "direct")]
            host: scheme.len()..scheme.len() + _host,
        })
    }

    /// The browser build: a URL the browser entry has checked and resolved already
    /// (`pkg/browser-options.js`, by the rule of [`BaseUrl::parse`]: an absolute `http:`
    /// or `https:` URL without credentials, query or fragment), its trailing slashes
    /// removed.
    #[cfg(not(feature = "direct"))]
    pub fn resolved(href: &str) -> BaseUrl {
        BaseUrl {
            text: href.trim_end_matches('/').to_owned(),
        }
    }

    /// The normalised URL.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the scheme is `https:`.
    #[cfg(feature = "direct")]
    pub fn is_https(&self) -> bool {
        self.text.starts_with("https:")
    }

    /// Whether the host is loopback (`localhost`, `127.0.0.0/8`, `[::1]`).
    #[cfg(feature = "direct")]
    pub fn is_loopback(&self) -> bool {
        self.text.get(self.host.clone()).is_some_and(is_loopback)
    }
}

/// The host of `host[:port]`, after checking both parts.
fn host_of(authority: &str) -> Option<&str> {
    if authority.contains('@') {
        return None;
    }
    let (host, port) = if authority.starts_with('[') {
        let (host, after) = authority.split_at_checked(authority.find(']')? + 1)?;
        let port = if after.is_empty() {
            ""
        } else {
            after.strip_prefix(':')?
        };
        (host, port)
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host, port),
            None => (authority, ""),
        }
    };
    let port_ok = port.is_empty()
        || port
            .parse::<u16>()
            .is_ok_and(|_| port.bytes().all(|b| b.is_ascii_digit()));
    let host_ok = if let Some(inner) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        inner.parse::<Ipv6Addr>().is_ok()
    } else {
        !host.is_empty()
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
    };
    (port_ok && host_ok).then_some(host)
}

#[cfg(feature = "direct")]
fn is_loopback(host: &str) -> bool {
    let ip = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    host.eq_ignore_ascii_case("localhost") || ip.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(feature = "direct")]
    fn normalises_trailing_slashes_and_scheme_case() {
        let u = BaseUrl::parse("HTTPS://verify.8x8.com/a/b///").unwrap();
        assert_eq!(u.as_str(), "https://verify.8x8.com/a/b");
        assert!(u.is_https() && !u.is_loopback());
        assert_eq!(
            BaseUrl::parse("http://127.0.0.1:8480/").unwrap().as_str(),
            "http://127.0.0.1:8480"
        );
    }

    #[test]
    #[cfg(feature = "direct")]
    fn knows_loopback() {
        for (url, loopback) in [
            ("http://127.0.0.1", true),
            ("http://127.9.9.9:1", true),
            ("http://localhost:8080", true),
            ("http://LOCALHOST", true),
            ("http://[::1]:8480", true),
            ("http://[::2]", false),
            ("http://128.0.0.1", false),
            ("http://127.0.0.1.example.com", false),
            ("http://localhost.example.com", false),
        ] {
            assert_eq!(
                BaseUrl::parse(url).map(|u| u.is_loopback()),
                Some(loopback),
                "{url}"
            );
        }
    }

    #[test]
    fn rejects_what_is_not_a_base_url() {
        for bad in [
            "",
            "/api/verify",
            "api/verify",
            "//example.com",
            "ftp://example.com",
            "https://",
            "https://user:pw@example.com",
            "https://example.com?x=1",
            "https://example.com/#f",
            "https://exa mple.com",
            "https://example.com:99999",
            "https://example.com:x",
            "https://[::1",
            "https://[zz]",
            "https://example.com/a/../b",
            "https://example.com\\a",
            "https://ex\u{e4}mple.com",
            "javascript://x",
        ] {
            assert_eq!(BaseUrl::parse(bad), None, "{bad}");
        }
    }
}
