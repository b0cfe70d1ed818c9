//! The JavaScript surface of the wasm module: every value that crosses is converted by
//! serde-wasm-bindgen ([`convert`]), every failure crosses as a plain descriptor the
//! npm package's shim turns into a `VerifyError` ([`descriptor`]). The shim adds the
//! `VerifyClient` class and the per-runtime loading.

pub(crate) mod client;
pub(crate) mod convert;
pub(crate) mod descriptor;
