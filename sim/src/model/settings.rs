//! What a simulator is configured with (the binary's flags, the npm package's
//! `createSimulator` options), and the rules their values follow.

/// The simulator's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The API key clients must present as `Authorization: Bearer <key>`.
    pub api_key: String,
    /// The one subaccount id this account owns.
    pub sub_account: String,
    /// Requests per second per subaccount before 429; 0 = unlimited.
    pub rate_limit: u64,
    /// Whether to answer browsers from any origin.
    pub cors: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            api_key: "test-key".into(),
            sub_account: "test_hq".into(),
            rate_limit: 0,
            cors: false,
        }
    }
}

/// An API key: non-empty, without whitespace (it travels in a header).
pub fn check_api_key(key: &str) -> Result<(), String> {
    if key.is_empty() || key.chars().any(char::is_whitespace) {
        return Err("the API key must be non-empty, without spaces".into());
    }
    Ok(())
}

/// A subaccount id: the spec's pattern `^[A-Za-z0-9\-._&]{3,50}$`.
pub fn check_sub_account(id: &str) -> Result<(), String> {
    let ok = (3..=50).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._&".contains(&b));
    if !ok {
        return Err("the subaccount id must match ^[A-Za-z0-9\\-._&]{3,50}$".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules() {
        assert!(check_api_key("k-1").is_ok());
        assert!(check_api_key("").is_err());
        assert!(check_api_key("a b").is_err());
        assert!(check_sub_account("test_hq").is_ok());
        assert!(check_sub_account("a&b.c-d").is_ok());
        for bad in ["ab", "a b c", &"x".repeat(51), "é_hq"] {
            assert!(check_sub_account(bad).is_err(), "{bad}");
        }
    }
}
