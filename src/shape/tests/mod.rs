//! The shape check's tests, by topic: what a check says about a value ([`checks`]), the
//! invariants the shape relies on for every type `bindings` and the proxy check
//! ([`invariants`]), and fields that stop the probe ([`stops`]).

mod checks;
mod invariants;
mod stops;
