//! No runtime re-sends: some runtimes send a request again on their own when the pooled,
//! kept-alive connection it went out on drops after the server read it — Deno's `fetch`
//! for any method, Bun's for a `GET` (8x8's code check is a `GET` that spends an attempt).
//! A request that acts (a start, a check) must reach 8x8 at most once, so in those runtimes
//! it never goes out on a pooled connection:
//!
//! - Deno: the request carries `client`, a `Deno.createHttpClient({ poolMaxIdlePerHost: 0 })`
//!   of its own (Deno's option; a `Request` keeps it), so it opens a new connection; the
//!   client is closed when the exchange ends, so nothing is left open (`deno test`'s resource
//!   sanitizer sees no leak). Without `Deno.createHttpClient` (a Deno-like host that lacks
//!   it) nothing changes.
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
    /// Deno, with its `Deno` namespace and `createHttpClient`.
    Deno(JsValue, Function),
    /// Bun.
    Bun,
    /// A runtime that never re-sends.
    Other,
}

thread_local! {
    static RUNTIME: OnceCell<Runtime> = const { OnceCell::new() };
}

fn member(object: &JsValue, name: &str) -> Option<JsValue> {
    Reflect::get(object, &JsValue::from_str(name)).ok()
}

fn detect() -> Runtime {
    let global = js_sys::global();
    if let Some(deno) = member(&global, "Deno").filter(JsValue::is_object) {
        return match member(&deno, "createHttpClient").and_then(|f| f.dyn_into::<Function>().ok()) {
            Some(create) => Runtime::Deno(deno, create),
            None => Runtime::Other,
        };
    }
    if member(&global, "Bun").is_some_and(|bun| bun.is_object()) {
        return Runtime::Bun;
    }
    Runtime::Other
}

/// What one request to 8x8 was given to stay off pooled connections; dropping it (when
/// the exchange is over) closes a client made for it.
#[derive(Default)]
pub struct Fresh {
    client: Option<JsValue>,
}

impl Drop for Fresh {
    fn drop(&mut self) {
        let close = self.client.as_ref().and_then(|client| {
            Some((
                client,
                member(client, "close")?.dyn_into::<Function>().ok()?,
            ))
        });
        if let Some((client, close)) = close {
            let _ = close.call0(client);
        }
    }
}

/// Adds to `init` what keeps a request to 8x8 off a pooled connection in this runtime
/// (`acts`: it sends a code or spends an attempt), and the `Connection` header value to
/// send, if any. Keep the [`Fresh`] until the response's body is read.
pub fn apply(init: &RequestInit, acts: bool) -> (Fresh, Option<&'static str>) {
    RUNTIME.with(|cell| match cell.get_or_init(detect) {
        Runtime::Deno(deno, create) if acts => {
            let options = Object::new();
            let _ = Reflect::set(&options, &"poolMaxIdlePerHost".into(), &0.into());
            let client = create.call1(deno, &options).ok();
            if let Some(client) = &client {
                let _ = Reflect::set(init, &JsValue::from_str("client"), client);
            }
            (Fresh { client }, None)
        }
        Runtime::Bun => (Fresh::default(), Some("close")),
        _ => (Fresh::default(), None),
    })
}
