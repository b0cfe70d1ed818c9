//! No runtime re-sends: some runtimes send a request again on their own when the pooled,
//! kept-alive connection it went out on drops after the server read it — Deno's `fetch`
//! for any method, Bun's for a `GET` (8x8's code check is a `GET` that spends an attempt).
//! A request that acts (a start, a check) must reach 8x8 at most once, so in those runtimes
//! it never goes out on a pooled connection:
//!
//! - Deno: the request carries `client`, a `Deno.createHttpClient({ poolMaxIdlePerHost: 0 })`
//!   made once per isolate (Deno's own option; a `Request` keeps it), so it opens a new
//!   connection. Without `Deno.createHttpClient` (a Deno-like host that lacks it) nothing
//!   changes.
//! - Bun: `fetch(request)` keeps no option that avoids the pool, and a check sent on a
//!   pooled connection is re-sent whatever it carries; so every request to 8x8 carries
//!   `Connection: close`, and no connection of ours is ever pooled.
//!
//! Elsewhere (Node, workerd, edge-runtime, browsers) nothing is added: they send once.
//! The cost is a new connection per request in Deno (acting requests) and Bun (every
//! request to 8x8); BENCHMARKS.md has the numbers.

use core::cell::OnceCell;
use js_sys::{Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::RequestInit;

/// What this runtime needs.
enum Runtime {
    /// Deno, with the client acting requests use.
    Deno(JsValue),
    /// Bun.
    Bun,
    /// A runtime that never re-sends.
    Other,
}

thread_local! {
    static RUNTIME: OnceCell<Runtime> = const { OnceCell::new() };
}

fn detect() -> Runtime {
    let global = js_sys::global();
    let member = |object: &JsValue, name: &str| Reflect::get(object, &JsValue::from_str(name)).ok();
    if let Some(deno) = member(&global, "Deno").filter(JsValue::is_object) {
        let create = member(&deno, "createHttpClient").and_then(|f| f.dyn_into::<Function>().ok());
        let options = Object::new();
        let _ = Reflect::set(&options, &"poolMaxIdlePerHost".into(), &0.into());
        return match create.and_then(|create| create.call1(&deno, &options).ok()) {
            Some(client) => Runtime::Deno(client),
            None => Runtime::Other,
        };
    }
    if member(&global, "Bun").is_some_and(|bun| bun.is_object()) {
        return Runtime::Bun;
    }
    Runtime::Other
}

/// Adds to `init` what keeps a request to 8x8 off a pooled connection in this runtime:
/// `acts` says whether it sends a code or spends an attempt. Returns the `Connection`
/// header value to send, if any.
pub fn apply(init: &RequestInit, acts: bool) -> Option<&'static str> {
    RUNTIME.with(|cell| match cell.get_or_init(detect) {
        Runtime::Deno(client) if acts => {
            let _ = Reflect::set(init, &JsValue::from_str("client"), client);
            None
        }
        Runtime::Bun => Some("close"),
        _ => None,
    })
}
