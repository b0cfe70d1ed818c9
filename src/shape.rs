//! The shape of a serde type, read from its own `Deserialize` impl: its fields, which of
//! them are required, what kind of value each holds. serde-wasm-bindgen looks up only the
//! fields a type declares, so a misspelt option would silently vanish; [`Kind::check`]
//! rejects it by name instead, from this shape rather than from a list kept by hand, and
//! names the dotted path and the rule of a missing field or a value of the wrong kind —
//! before serde-wasm-bindgen converts it, whose own messages would quote the value.
//!
//! The shape is found by deserializing the type from [`Probe`], a deserializer with no
//! data that answers every request with a placeholder and records what was asked.

use crate::error::Error;
use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, Visitor};
use serde::forward_to_deserialize_any;

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

/// The rule an undeclared field breaks.
pub(crate) const UNKNOWN_FIELD: &str = "is not a known field";

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
    /// The object's own keys, or `None` when it is not an object (arrays are not).
    fn keys(&self) -> Option<Vec<String>>;
    /// The member `key` of an object, unless it is unset.
    fn member(&self, key: &str) -> Option<Self>;
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
    /// The kind of `T`, by deserializing it from the probe.
    pub(crate) fn of<T: DeserializeOwned>() -> Kind {
        let mut slot = Slot::default();
        let _ = T::deserialize(Probe { slot: &mut slot });
        slot.kind
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
        unknown: &str,
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
                    .all(|i| item.check(i, label, prefix, unknown).is_ok()),
                None => false,
            },
            Kind::Object(shape) => match value.keys() {
                Some(keys) => return shape.check(value, &keys, prefix, unknown),
                None => false,
            },
        };
        if fits {
            Ok(())
        } else {
            Err(Error::invalid(label, &self.rule()))
        }
    }
}

impl Shape {
    fn check<V: Value>(
        &self,
        value: &V,
        keys: &[String],
        prefix: &str,
        unknown: &str,
    ) -> Result<(), Error> {
        let path = |field: &str| match prefix {
            "" => field.to_owned(),
            _ => format!("{prefix}.{field}"),
        };
        for key in keys {
            if !self.fields.iter().any(|f| f.name == key) && value.member(key).is_some() {
                return Err(Error::invalid(path(key), unknown));
            }
        }
        for field in &self.fields {
            let name = path(field.name);
            match value.member(field.name) {
                Some(member) => field.kind.check(&member, &name, &name, unknown)?,
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
    fn keys(&self) -> Option<Vec<String>> {
        self.as_object().map(|o| o.keys().cloned().collect())
    }

    fn member(&self, key: &str) -> Option<Self> {
        self.get(key).filter(|v| !v.is_null()).cloned()
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

/// Where the probe records what one value was asked to be.
#[derive(Default)]
struct Slot {
    kind: Kind,
    optional: bool,
}

/// A deserializer without data: every value it is asked for is a placeholder, and what
/// was asked for is recorded in its slot.
struct Probe<'a> {
    slot: &'a mut Slot,
}

/// The largest integer a JavaScript number holds exactly.
const MAX_SAFE_INTEGER: i64 = (1 << 53) - 1;

impl<'a> Probe<'a> {
    fn integer<'de, V: Visitor<'de>>(
        self,
        min: i64,
        max: i64,
        visitor: V,
    ) -> Result<V::Value, Stopped> {
        self.slot.kind = Kind::Integer { min, max };
        visitor.visit_u64(0)
    }
}

/// Why the probe stopped (only a type with its own checks can make it stop).
#[derive(Debug)]
struct Stopped;

impl core::fmt::Display for Stopped {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("stopped")
    }
}

impl std::error::Error for Stopped {}

impl de::Error for Stopped {
    fn custom<T: core::fmt::Display>(_: T) -> Self {
        Stopped
    }
}

impl<'de> de::Deserializer<'de> for Probe<'_> {
    type Error = Stopped;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stopped> {
        visitor.visit_unit()
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stopped> {
        self.slot.kind = Kind::Boolean;
        visitor.visit_bool(false)
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stopped> {
        self.integer(0, MAX_SAFE_INTEGER, visitor)
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stopped> {
        self.integer(-MAX_SAFE_INTEGER, MAX_SAFE_INTEGER, visitor)
    }

    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stopped> {
        self.integer(0, u8::MAX.into(), visitor)
    }

    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stopped> {
        self.integer(0, u16::MAX.into(), visitor)
    }

    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stopped> {
        self.integer(0, u32::MAX.into(), visitor)
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stopped> {
        self.integer(i8::MIN.into(), i8::MAX.into(), visitor)
    }

    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stopped> {
        self.integer(i16::MIN.into(), i16::MAX.into(), visitor)
    }

    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stopped> {
        self.integer(i32::MIN.into(), i32::MAX.into(), visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stopped> {
        self.slot.kind = Kind::Number;
        visitor.visit_f64(0.0)
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stopped> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stopped> {
        self.slot.kind = Kind::Text;
        visitor.visit_str("")
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stopped> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stopped> {
        self.slot.optional = true;
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Stopped> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stopped> {
        let mut item = Slot::default();
        let result = visitor.visit_seq(OneItem {
            slot: Some(&mut item),
        });
        self.slot.kind = Kind::List(Box::new(item.kind));
        result
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Stopped> {
        // Every declared name is known up front; a field the type's own deserializer
        // stops at (a JavaScript value passed through as itself) keeps `Unknown`.
        let mut members = EveryField {
            names: fields.iter(),
            current: None,
            found: fields
                .iter()
                .map(|name| Field {
                    name,
                    required: false,
                    kind: Kind::Unknown,
                })
                .collect(),
        };
        let result = visitor.visit_map(&mut members);
        self.slot.kind = Kind::Object(Shape {
            fields: members.found,
        });
        result
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Stopped> {
        self.slot.kind = Kind::Choice(variants);
        let first = variants.first().copied().ok_or(Stopped)?;
        visitor.visit_enum(first.into_deserializer())
    }

    forward_to_deserialize_any! {
        i128 u128 char bytes byte_buf unit unit_struct tuple tuple_struct map identifier ignored_any
    }
}

/// A sequence of one placeholder item, whose kind is recorded.
struct OneItem<'a> {
    slot: Option<&'a mut Slot>,
}

impl<'de> de::SeqAccess<'de> for OneItem<'_> {
    type Error = Stopped;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Stopped> {
        match self.slot.take() {
            Some(slot) => seed.deserialize(Probe { slot }).map(Some),
            None => Ok(None),
        }
    }
}

/// Every declared field, each with a placeholder value whose kind is recorded.
struct EveryField {
    names: core::slice::Iter<'static, &'static str>,
    current: Option<&'static str>,
    found: Vec<Field>,
}

impl<'de> de::MapAccess<'de> for &mut EveryField {
    type Error = Stopped;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Stopped> {
        let Some(name) = self.names.next() else {
            return Ok(None);
        };
        self.current = Some(name);
        seed.deserialize(name.into_deserializer()).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Stopped> {
        let mut slot = Slot::default();
        let value = seed.deserialize(Probe { slot: &mut slot });
        let name = self.current.take();
        if let Some(field) = self.found.iter_mut().find(|f| Some(f.name) == name) {
            field.required = !slot.optional;
            field.kind = slot.kind;
        }
        value
    }
}

#[cfg(test)]
#[path = "shape_tests.rs"]
mod tests;
