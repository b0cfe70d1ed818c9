//! URL pieces: path segments and query parameters, decoded by the
//! `percent-encoding` and `form_urlencoded` crates, and the redaction of `code`
//! values in logs and recorded requests.

use percent_encoding::percent_decode_str;

/// Decodes the `%XX` escapes of a path segment. Malformed escapes stay as
/// they are; invalid UTF-8 becomes U+FFFD.
pub fn decode_segment(s: &str) -> String {
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// The first value of query parameter `name` (form-decoded: `+` is a space),
/// if present.
pub fn param(query: Option<&str>, name: &str) -> Option<String> {
    form_urlencoded::parse(query?.as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// The query string with every `code` value replaced by `***`.
pub fn redact(query: &str) -> String {
    query
        .split('&')
        .map(|pair| {
            let k = pair.split_once('=').map_or(pair, |(k, _)| k);
            if form_urlencoded::parse(k.as_bytes()).any(|(k, _)| k == "code") {
                format!("{k}=***")
            } else {
                pair.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// `path` plus `?query` with codes redacted: what the request log shows.
pub fn log_target(path: &str, query: Option<&str>) -> String {
    match query {
        Some(q) => format!("{path}?{}", redact(q)),
        None => path.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_segments() {
        assert_eq!(decode_segment("%2B65%20123"), "+65 123");
        assert_eq!(decode_segment("+65"), "+65");
        assert_eq!(decode_segment("100%"), "100%");
        assert_eq!(decode_segment("%zz%4"), "%zz%4");
        assert_eq!(decode_segment("%C3%A9"), "é");
        assert_eq!(decode_segment("%FF"), "\u{FFFD}");
        assert_eq!(decode_segment("a%26b"), "a&b");
    }

    #[test]
    fn finds_params() {
        assert_eq!(
            param(Some("a=1&code=12-34"), "code").as_deref(),
            Some("12-34")
        );
        assert_eq!(param(Some("code=&x"), "code").as_deref(), Some(""));
        assert_eq!(param(Some("code"), "code").as_deref(), Some(""));
        assert_eq!(
            param(Some("destination=%2B65"), "destination").as_deref(),
            Some("+65")
        );
        assert_eq!(
            param(Some("destination=+65"), "destination").as_deref(),
            Some(" 65")
        );
        assert_eq!(param(Some("codes=1"), "code"), None);
        assert_eq!(param(None, "code"), None);
        assert_eq!(param(Some("code=1&code=2"), "code").as_deref(), Some("1"));
    }

    #[test]
    fn redacts_codes_only() {
        assert_eq!(redact("code=1234"), "code=***");
        assert_eq!(redact("a=1&code=12-34&b=2"), "a=1&code=***&b=2");
        assert_eq!(redact("co%64e=1234"), "co%64e=***");
        assert_eq!(redact("code"), "code=***");
        assert_eq!(redact("destination=65"), "destination=65");
        assert_eq!(log_target("/p", Some("code=9")), "/p?code=***");
        assert_eq!(log_target("/p", None), "/p");
    }
}
