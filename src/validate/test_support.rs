//! What the rules' unit tests (`options_tests.rs`, `request_tests.rs`) share.

use crate::error::Error;
use std::fmt::Debug;

/// The field the `INVALID_REQUEST` in `result` names; panics, naming `input` (what `result`
/// was made from), on anything else.
pub(super) fn refused_field<T: Debug>(input: &str, result: Result<T, Error>) -> String {
    match result {
        Err(Error::InvalidRequest(d)) => d.field.unwrap_or_default(),
        other => panic!("{input}: expected INVALID_REQUEST, got {other:?}"),
    }
}
