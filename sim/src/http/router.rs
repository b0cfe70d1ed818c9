//! Which endpoint a method and path address.

use crate::http::url::decode_segment;

/// An endpoint, with its path parameters (percent-decoded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// `POST /api/v2/subaccounts/{sub}/sessions`
    StartSession {
        /// Subaccount id from the path.
        sub: String,
    },
    /// `GET /api/v2/subaccounts/{sub}/sessions/{id}`
    GetSession {
        /// Subaccount id from the path.
        sub: String,
        /// Session id from the path.
        id: String,
    },
    /// `POST /api/v2/subaccounts/{sub}/sma/coverage`
    Coverage {
        /// Subaccount id from the path.
        sub: String,
    },
    /// `GET /sma/{id}`: the device's background hit on an SMA verification URL.
    SmaHit {
        /// Session id from the path.
        id: String,
    },
    /// `GET /_sim/messages`
    SimMessages,
    /// `GET|POST /_sim/clock`
    SimClock,
    /// `POST /_sim/faults`
    SimFaults,
    /// `GET /_sim/requests`
    SimRequests,
    /// `POST /_sim/reset`
    SimReset,
}

/// The result of routing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Match {
    /// A known endpoint with an allowed method.
    Found(Route),
    /// A known path, but not this method; the value is the `Allow` header.
    WrongMethod(&'static str),
    /// No such path.
    NotFound,
}

/// Whether `path` belongs to the control surface (`/_sim/…`) rather than the
/// 8x8 surface.
pub fn is_control(path: &str) -> bool {
    path == "/_sim" || path.starts_with("/_sim/")
}

/// Routes a request.
pub fn route(method: &str, path: &str) -> Match {
    let segs: Vec<String> = match path.strip_prefix('/') {
        Some(p) => p.split('/').map(decode_segment).collect(),
        None => return Match::NotFound,
    };
    if segs.iter().any(String::is_empty) {
        return Match::NotFound;
    }
    let s: Vec<&str> = segs.iter().map(String::as_str).collect();
    let (route, allow): (Route, &'static str) = match s.as_slice() {
        ["api", "v2", "subaccounts", sub, "sessions"] => (
            Route::StartSession {
                sub: (*sub).to_string(),
            },
            "POST",
        ),
        ["api", "v2", "subaccounts", sub, "sessions", id] => (
            Route::GetSession {
                sub: (*sub).to_string(),
                id: (*id).to_string(),
            },
            "GET",
        ),
        ["api", "v2", "subaccounts", sub, "sma", "coverage"] => (
            Route::Coverage {
                sub: (*sub).to_string(),
            },
            "POST",
        ),
        ["sma", id] => (
            Route::SmaHit {
                id: (*id).to_string(),
            },
            "GET",
        ),
        ["_sim", "messages"] => (Route::SimMessages, "GET"),
        ["_sim", "clock"] => (Route::SimClock, "GET, POST"),
        ["_sim", "faults"] => (Route::SimFaults, "POST"),
        ["_sim", "requests"] => (Route::SimRequests, "GET"),
        ["_sim", "reset"] => (Route::SimReset, "POST"),
        _ => return Match::NotFound,
    };
    if allow.split(", ").any(|m| m == method) {
        Match::Found(route)
    } else {
        Match::WrongMethod(allow)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_the_three_operations() {
        assert_eq!(
            route("POST", "/api/v2/subaccounts/test_hq/sessions"),
            Match::Found(Route::StartSession {
                sub: "test_hq".into()
            })
        );
        assert_eq!(
            route("GET", "/api/v2/subaccounts/test_hq/sessions/abc"),
            Match::Found(Route::GetSession {
                sub: "test_hq".into(),
                id: "abc".into()
            })
        );
        assert_eq!(
            route("POST", "/api/v2/subaccounts/a%26b/sma/coverage"),
            Match::Found(Route::Coverage { sub: "a&b".into() })
        );
        assert_eq!(
            route("GET", "/sma/abc"),
            Match::Found(Route::SmaHit { id: "abc".into() })
        );
    }

    #[test]
    fn wrong_methods_and_unknown_paths() {
        assert_eq!(
            route("GET", "/api/v2/subaccounts/x/sessions"),
            Match::WrongMethod("POST")
        );
        assert_eq!(
            route("DELETE", "/api/v2/subaccounts/x/sessions/1"),
            Match::WrongMethod("GET")
        );
        assert_eq!(route("PUT", "/_sim/clock"), Match::WrongMethod("GET, POST"));
        for p in [
            "/",
            "",
            "/api/v2/subaccounts/x/sessions/",
            "/api/v2/subaccounts//sessions",
            "/api/v1/subaccounts/x/sessions",
            "/api/v2/subaccounts/x/sessions/1/2",
            "/_sim/nope",
            "/sma/",
        ] {
            assert_eq!(route("GET", p), Match::NotFound, "{p}");
        }
        assert!(is_control("/_sim/reset"));
        assert!(!is_control("/_simx"));
        assert!(!is_control("/api/_sim/"));
    }
}
