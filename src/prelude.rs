//! What `std`'s prelude would give: the crate is `no_std` (so the npm wasm carries no
//! standard-library panic machinery), with `alloc` for strings and vectors.

pub(crate) use alloc::borrow::ToOwned;
// Only the server's proxy formats; the client code builds strings with `crate::text`.
#[allow(unused_imports)]
pub(crate) use alloc::format;
#[allow(unused_imports)]
pub(crate) use alloc::string::{String, ToString};
pub(crate) use alloc::vec::Vec;
