//! URL pieces: percent-decoding, query parameters, and the redaction of
//! `code` values in logs and recorded requests.

/// Decodes `%XX` escapes (and `+` as a space when `form` is set). Malformed
/// escapes stay as they are; invalid UTF-8 becomes U+FFFD.
pub fn percent_decode(s: &str, form: bool) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' if i + 2 < b.len() => match (hex(b[i + 1]), hex(b[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' if form => out.push(b' '),
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// The first value of query parameter `name` (form-decoded), if present.
pub fn param(query: Option<&str>, name: &str) -> Option<String> {
    query?
        .split('&')
        .filter(|p| !p.is_empty())
        .find_map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(k, true) == name).then(|| percent_decode(v, true))
        })
}

/// The query string with every `code` value replaced by `***`.
pub fn redact(query: &str) -> String {
    query
        .split('&')
        .map(|pair| {
            let k = pair.split_once('=').map_or(pair, |(k, _)| k);
            if percent_decode(k, true) == "code" {
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
    fn decodes_escapes_and_plus() {
        assert_eq!(percent_decode("%2B65%20123", false), "+65 123");
        assert_eq!(percent_decode("+65", true), " 65");
        assert_eq!(percent_decode("+65", false), "+65");
        assert_eq!(percent_decode("100%", true), "100%");
        assert_eq!(percent_decode("%zz%4", true), "%zz%4");
        assert_eq!(percent_decode("%C3%A9", true), "é");
        assert_eq!(percent_decode("%FF", true), "\u{FFFD}");
        assert_eq!(percent_decode("", true), "");
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
