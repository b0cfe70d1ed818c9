//! [`Probe`]: a deserializer with no data. Asked for any value, it answers with a
//! placeholder and records what kind of value was asked for; asked for a struct, it
//! offers every declared field in turn. Deserializing a type from it yields the type's
//! [`Kind`].

use super::{Field, Kind, Shape};
use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};
use serde::forward_to_deserialize_any;

/// Where the probe records what one value was asked to be.
#[derive(Default)]
pub(super) struct Slot {
    pub(super) kind: Kind,
    pub(super) optional: bool,
}

/// A deserializer without data: every value it is asked for is a placeholder, and what
/// was asked for is recorded in its slot.
pub(super) struct Probe<'a> {
    pub(super) slot: &'a mut Slot,
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
pub(super) struct Stopped;

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
