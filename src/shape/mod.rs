//! The shape of a serde type, read from its own `Deserialize` impl: its fields, which of
//! them are required, what kind of value each holds. serde-wasm-bindgen looks up only the
//! fields a type declares, so a misspelt option would silently vanish; [`Kind::check`]
//! rejects it by name instead, from this shape rather than from a list kept by hand, and
//! names the dotted path and the rule of a missing field or a value of the wrong kind —
//! before serde-wasm-bindgen converts it, whose own messages would quote the value.
//!
//! The shape is found by deserializing the type from [`Probe`], a deserializer with no
//! data that answers every request with a placeholder and records what was asked.
//!
//! # Adding a field to a checked type
//!
//! The checked types are those `bindings` and the proxy pass to [`Kind::of_cached`]:
//! `ClientOptions`, `StartVerificationRequest`, `ProxyStartRequest`, `SmaCoverageRequest`,
//! `CallOptions`, `ProxyOptions`. What the probe can and cannot see of a field:
//!
//! - **Required** is "not an `Option`": the probe learns that a field is optional only when
//!   its type asks for an `Option`. A non-`Option` field with `#[serde(default)]` is
//!   optional to serde but would be reported "is required" here: give it an `Option` type
//!   instead. (Test `required_means_what_serde_requires` deserializes every checked type
//!   with each field left out in turn and fails on any disagreement.)
//! - **`#[serde(flatten)]` switches checking off**: the derived impl then asks for a map,
//!   which has no field names to offer, so the type has no known fields and every key is
//!   refused. Do not flatten a checked type. (Test
//!   `every_field_of_every_checked_type_has_a_known_kind`.)
//! - **A field can stop the probe**: an `alias` (serde lists aliases among the field
//!   names; offering the second name of one field is a duplicate), or a `deserialize_with`
//!   that refuses the placeholder (a JavaScript value passed through as itself, such as a
//!   hook or an `AbortSignal`). The derived visitor then returns before the later fields
//!   were offered. [`Kind::of`] runs the probe again without every field that stopped a
//!   run, so the fields after it are still checked, whatever the order of declaration; the
//!   field that stopped is `Unknown` (any value reaches its own deserializer, which must
//!   check it and name it). (Test `stops::fields_after_a_stop_are_still_checked`.)
//! - **Every other field must have a known kind** (string, integer, number, boolean, enum,
//!   list, struct); a type the probe does not understand is `Unknown` and goes unchecked.
//!   The test above lists every field of every checked type that exists natively and fails
//!   on an `Unknown` one: add a new checked type to `checked_types` in
//!   `src/shape/tests/invariants.rs`.

mod kind;
mod probe;

pub(crate) use kind::Kind;
/// How a check treats unknown members (the proxy, the bindings, and the browser rules' generator use it).
#[cfg(any(test, target_arch = "wasm32", feature = "proxy"))]
pub(crate) use kind::Rules;
/// A JavaScript value as the check sees it (`bindings` implements it).
#[cfg(target_arch = "wasm32")]
pub(crate) use kind::Value;

use core::any::TypeId;
use core::cell::RefCell;
use probe::{Probe, Slot, Stops};
use serde::de::DeserializeOwned;

impl Kind {
    /// The kind of `T`, by deserializing it from the probe: again without each field that
    /// stopped a run (see the module's notes), until a run meets no new stop.
    pub(crate) fn of<T: DeserializeOwned>() -> Kind {
        let stops = Stops::default();
        loop {
            let known = stops.borrow().len();
            let mut slot = Slot::default();
            let _ = T::deserialize(Probe {
                slot: &mut slot,
                stops: &stops,
            });
            // Each run that stopped at a field adds it, and later runs leave it out, so
            // this ends after at most one run per field.
            if stops.borrow().len() == known {
                return slot.kind;
            }
        }
    }

    /// [`Kind::of`], probed once per type and thread and kept (a handful of types, each a
    /// few hundred bytes), so a call does not rebuild its argument's shape.
    pub(crate) fn of_cached<T: DeserializeOwned + 'static>() -> &'static Kind {
        thread_local! {
            static KINDS: RefCell<Vec<(TypeId, &'static Kind)>> = const { RefCell::new(Vec::new()) };
        }
        let id = TypeId::of::<T>();
        if let Some(kind) =
            KINDS.with_borrow(|kinds| kinds.iter().find(|(t, _)| *t == id).map(|(_, k)| *k))
        {
            return kind;
        }
        let kind: &'static Kind = Box::leak(Box::new(Kind::of::<T>()));
        KINDS.with_borrow_mut(|kinds| kinds.push((id, kind)));
        kind
    }
}

#[cfg(all(test, feature = "direct"))]
mod tests;
