//! Idempotency keys (the `Idempotency-Key` header of the IETF httpapi draft): the client
//! sends one with every start and code check it makes to a proxy — a fresh random one per
//! call, or the caller's own — and the proxy answers a repeat of a key with its first
//! answer. The rules for a key are shared by both sides, so a key the client sends is one
//! the proxy takes.

use crate::error::Error;

/// The header's name.
pub const HEADER: &str = "idempotency-key";

/// The longest key accepted, in bytes.
pub const MAX_KEY_LENGTH: usize = 255;

/// The rule a key must follow, as messages state it.
const RULE: &str =
    "must be 1 to 255 printable ASCII characters without spaces, quotes, commas or backslashes";

/// Checks a key: 1 to [`MAX_KEY_LENGTH`] visible ASCII characters other than `"`, `,`
/// and `\` (so it is a header value as it stands, and a structured-field string once
/// quoted). The error names `field` and the rule, never the key.
pub fn validate_key(key: &str, field: &str) -> Result<(), Error> {
    let fits = (1..=MAX_KEY_LENGTH).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_graphic() && !matches!(b, b'"' | b',' | b'\\'));
    if fits {
        Ok(())
    } else {
        Err(Error::invalid(field, RULE))
    }
}

/// The key in an `Idempotency-Key` header: as sent, or as a structured-field string
/// (`"…"`, the draft's form); `None` when it breaks [`validate_key`].
pub fn key_from_header(value: &str) -> Option<&str> {
    let value = value.trim();
    let key = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or(value);
    validate_key(key, "Idempotency-Key").ok().map(|()| key)
}

/// A fresh key: 128 random bits from `crypto.getRandomValues` (present in every runtime
/// and in browsers on plain http, where `crypto.randomUUID` is not), as 32 hex digits.
#[cfg(target_arch = "wasm32")]
pub fn fresh_key() -> Option<String> {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut bytes = [0u8; 16];
    random::fill(&mut bytes).ok()?;
    let mut key = String::with_capacity(32);
    for byte in bytes {
        for nibble in [byte >> 4, byte & 0x0f] {
            key.push(char::from(
                HEX.get(usize::from(nibble)).copied().unwrap_or(b'0'),
            ));
        }
    }
    Some(key)
}

#[cfg(target_arch = "wasm32")]
mod random {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(catch, js_namespace = crypto, js_name = getRandomValues)]
        pub fn fill(bytes: &mut [u8]) -> Result<JsValue, JsValue>;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_bounded_and_header_safe() {
        assert!(validate_key("8e03978e-40d5-43e8-bc93-6894a57f9324", "k").is_ok());
        assert!(validate_key("a", "k").is_ok());
        assert!(validate_key(&"a".repeat(255), "k").is_ok());
        for bad in ["", "a b", "a\"b", "a,b", "a\\b", "é", "a\nb"] {
            let error = validate_key(bad, "idempotencyKey").unwrap_err();
            assert_eq!(error.field(), Some("idempotencyKey"));
        }
        assert!(validate_key(&"a".repeat(256), "k").is_err());
    }

    #[test]
    fn header_forms() {
        assert_eq!(key_from_header(" abc "), Some("abc"));
        assert_eq!(key_from_header("\"abc\""), Some("abc"));
        assert_eq!(key_from_header("\"\""), None);
        assert_eq!(key_from_header("a b"), None);
        assert_eq!(key_from_header(&"x".repeat(300)), None);
    }
}
