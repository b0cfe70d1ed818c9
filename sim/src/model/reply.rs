//! What a handler answers, before the pipeline adds `Date` and CORS.

use serde::Serialize;

/// `application/json`, the content type of every JSON body.
pub const JSON: &str = "application/json";

/// An HTTP response as the handlers build it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// HTTP status code.
    pub status: u16,
    /// `Content-Type` of the body, when there is one.
    pub content_type: Option<&'static str>,
    /// Extra headers (`Retry-After`, `Allow`, ...).
    pub headers: Vec<(&'static str, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
    /// Ask the server to close the connection after this response.
    pub close: bool,
}

impl Reply {
    /// A JSON response: `body` printed by serde_json.
    pub fn json(status: u16, body: &impl Serialize) -> Self {
        Self {
            status,
            content_type: Some(JSON),
            headers: Vec::new(),
            // Our response types are plain structs with string keys: printing them
            // cannot fail, so the empty fallback is never taken.
            body: serde_json::to_vec(body).unwrap_or_default(),
            close: false,
        }
    }

    /// A response without a body.
    pub fn empty(status: u16) -> Self {
        Self {
            status,
            content_type: None,
            headers: Vec::new(),
            body: Vec::new(),
            close: false,
        }
    }

    /// Adds a header.
    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    /// The first value of extra header `name` (lower case), if any.
    pub fn header_value(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }
}
