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
//!   on an `Unknown` one: add a new checked type to `checked_types` in `tests.rs`.

mod probe;

use crate::error::Error;
use core::any::TypeId;
use core::cell::RefCell;
use probe::{Probe, Slot, Stops};
use serde::de::DeserializeOwned;

/// What kind of value a field holds.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) enum Kind {
    /// Not asked for anything the probe understands.
    #[default]
    Unknown,
    /// A string.
    Text,
    /// An integer in this range.
    Integer { min: i64, max: i64 },
    /// A number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// One of these strings.
    Choice(&'static [&'static str]),
    /// An array of values of one kind.
    List(Box<Kind>),
    /// An object with these fields.
    Object(Shape),
}

/// The words of the rules a check names.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Rules<'a> {
    /// The rule an undeclared field breaks.
    pub unknown: &'a str,
    /// Fields whose rule says more than their kind does (`codeLength` must be an integer
    /// *from 3 to 10*): a value of the wrong kind is told that rule.
    pub by_field: &'a [(&'a str, &'a str)],
}

impl Rules<'static> {
    /// The usual words.
    pub(crate) const DEFAULT: Rules<'static> = Rules {
        unknown: "is not a known field",
        by_field: crate::validate::RULES_BY_FIELD,
    };
}

/// The fields of a struct, in declaration order.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Shape {
    fields: Vec<Field>,
}

#[derive(Clone, Debug, PartialEq)]
struct Field {
    name: &'static str,
    required: bool,
    kind: Kind,
}

/// A value as the check sees it. In an object, `undefined` and `null` members count as
/// unset, as they do when the value is deserialized.
pub(crate) trait Value: Sized {
    /// The object's own members that are set, in order, or `None` when it is not an
    /// object (arrays are not).
    fn members(&self) -> Option<Vec<(String, Self)>>;
    /// The items, when this is an array.
    fn items(&self) -> Option<Vec<Self>>;
    /// The string, when this is one.
    fn text(&self) -> Option<String>;
    /// The number, when this is one.
    fn number(&self) -> Option<f64>;
    /// Whether this is `true` or `false`.
    fn is_boolean(&self) -> bool;
}

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

    /// The rule a value of this kind follows, in words: `must be a string`.
    pub(crate) fn rule(&self) -> String {
        match self {
            Kind::Unknown => "has the wrong type".into(),
            Kind::Text => "must be a string".into(),
            Kind::Integer { .. } => "must be an integer".into(),
            Kind::Number => "must be a number".into(),
            Kind::Boolean => "must be a boolean".into(),
            Kind::Choice(names) => format!("must be one of {}", quoted(names)),
            Kind::List(item) => match item.as_ref() {
                Kind::Choice(names) => format!("must be an array of {}", quoted(names)),
                Kind::Text => "must be an array of strings".into(),
                _ => "must be an array".into(),
            },
            Kind::Object(_) => "must be an object".into(),
        }
    }

    /// Checks `value` against this kind: for an object, the first key it does not declare
    /// (with `unknown` as the rule), then each declared field in order — unset while
    /// required, or holding a value of the wrong kind. `label` names `value` itself (an
    /// argument's name at the top); `prefix` is the dotted path its fields sit under.
    pub(crate) fn check<V: Value>(
        &self,
        value: &V,
        label: &str,
        prefix: &str,
        rules: Rules<'_>,
    ) -> Result<(), Error> {
        let fits = match self {
            Kind::Unknown => true,
            Kind::Text => value.text().is_some(),
            Kind::Integer { min, max } => value
                .number()
                .is_some_and(|n| n.fract() == 0.0 && n >= *min as f64 && n <= *max as f64),
            Kind::Number => value.number().is_some(),
            Kind::Boolean => value.is_boolean(),
            Kind::Choice(names) => value.text().is_some_and(|t| names.contains(&t.as_str())),
            Kind::List(item) => match value.items() {
                Some(items) => items
                    .iter()
                    .all(|i| item.check(i, label, prefix, rules).is_ok()),
                None => false,
            },
            Kind::Object(shape) => match value.members() {
                Some(members) => return shape.check(&members, prefix, rules),
                None => false,
            },
        };
        if fits {
            return Ok(());
        }
        match rules.by_field.iter().find(|(field, _)| *field == label) {
            Some((_, rule)) => Err(Error::invalid(label, rule)),
            None => Err(Error::invalid(label, &self.rule())),
        }
    }
}

impl Shape {
    fn check<V: Value>(
        &self,
        members: &[(String, V)],
        prefix: &str,
        rules: Rules<'_>,
    ) -> Result<(), Error> {
        let path = |field: &str| match prefix {
            "" => field.to_owned(),
            _ => format!("{prefix}.{field}"),
        };
        for (key, _) in members {
            if !self.fields.iter().any(|f| f.name == key) {
                return Err(Error::invalid(path(key), rules.unknown));
            }
        }
        for field in &self.fields {
            let name = path(field.name);
            match members.iter().find(|(key, _)| key == field.name) {
                Some((_, member)) => field.kind.check(member, &name, &name, rules)?,
                None if field.required => return Err(Error::invalid(name, "is required")),
                None => {}
            }
        }
        Ok(())
    }
}

/// JSON bodies (the proxy's browser input) are checked like JavaScript values.
#[cfg(any(feature = "proxy", test))]
impl Value for serde_json::Value {
    fn members(&self) -> Option<Vec<(String, Self)>> {
        let object = self.as_object()?;
        let set = object.iter().filter(|(_, v)| !v.is_null());
        Some(set.map(|(k, v)| (k.clone(), v.clone())).collect())
    }

    fn items(&self) -> Option<Vec<Self>> {
        self.as_array().cloned()
    }

    fn text(&self) -> Option<String> {
        self.as_str().map(str::to_owned)
    }

    fn number(&self) -> Option<f64> {
        self.as_f64()
    }

    fn is_boolean(&self) -> bool {
        self.is_boolean()
    }
}

fn quoted(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    quoted.join(", ")
}

#[cfg(all(test, feature = "direct"))]
mod tests;
