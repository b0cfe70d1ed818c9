//! [`Probe`]: a deserializer with no data. Asked for any value, it answers with a
//! placeholder and records what kind of value was asked for; asked for a struct, it
//! offers every declared field in turn. Deserializing a type from it yields the type's
//! [`Kind`].
//!
//! A field can stop a run: its own `deserialize_with` rejects the placeholder (a
//! JavaScript value passed through as itself), or it is an `alias` (serde lists aliases
//! among the field names, and the second name of one field is a duplicate). The derived
//! visitor then returns at once, before the fields after it were offered. So a stop is
//! recorded in [`Stops`] and [`super::Kind::of`] runs the probe again, leaving out every
//! field that stopped a run: no field's place in the struct decides whether the fields
//! after it are checked.

use super::kind::{Field, Kind, Shape};
use core::cell::RefCell;
use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};
use serde::forward_to_deserialize_any;

/// A field that stopped a run, and what was learnt of it before it did.
pub(super) struct Stop {
    /// The struct's name and declared field names (together they tell the type).
    owner: (&'static str, &'static [&'static str]),
    field: Field,
}

/// The fields that stopped a run so far; later runs leave them out.
pub(super) type Stops = RefCell<Vec<Stop>>;

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
    pub(super) stops: &'a Stops,
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
            stops: self.stops,
        });
        self.slot.kind = Kind::List(Box::new(item.kind));
        result
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Stopped> {
        // Every declared name is known up front; a field that stopped an earlier run is
        // not offered again and keeps what that run learnt of it (a JavaScript value
        // passed through as itself: `Unknown`, so any value is let through to it).
        let owner = (name, fields);
        let stopped = |field: &str| {
            self.stops
                .borrow()
                .iter()
                .find(|s| s.owner == owner && s.field.name == field)
                .map(|s| s.field.clone())
        };
        let mut members = EveryField {
            names: fields.iter(),
            current: None,
            found: fields
                .iter()
                .map(|name| stopped(name).unwrap_or(Field::unknown(name)))
                .collect(),
            owner,
            stops: self.stops,
        };
        let result = visitor.visit_map(&mut members);
        // A name offered whose value was never asked for: the visitor refused the name
        // itself (the second name of an aliased field).
        if let Some(field) = members.current.take() {
            self.stops.borrow_mut().push(Stop {
                owner,
                field: Field::unknown(field),
            });
        }
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
        // The first variant, by its index: the derived visitor then picks it from a table
        // rather than comparing its name with every variant's (48 for `Language`).
        if variants.is_empty() {
            return Err(Stopped);
        }
        visitor.visit_enum(0u32.into_deserializer())
    }

    forward_to_deserialize_any! {
        i128 u128 char bytes byte_buf unit unit_struct tuple tuple_struct map identifier ignored_any
    }
}

/// A sequence of one placeholder item, whose kind is recorded.
struct OneItem<'a> {
    slot: Option<&'a mut Slot>,
    stops: &'a Stops,
}

impl<'de> de::SeqAccess<'de> for OneItem<'_> {
    type Error = Stopped;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Stopped> {
        match self.slot.take() {
            Some(slot) => seed
                .deserialize(Probe {
                    slot,
                    stops: self.stops,
                })
                .map(Some),
            None => Ok(None),
        }
    }
}

/// Every declared field that has not stopped a run, each with a placeholder value whose
/// kind is recorded.
struct EveryField<'a> {
    names: core::slice::Iter<'static, &'static str>,
    current: Option<&'static str>,
    found: Vec<Field>,
    owner: (&'static str, &'static [&'static str]),
    stops: &'a Stops,
}

impl EveryField<'_> {
    fn has_stopped(&self, name: &str) -> bool {
        let stops = self.stops.borrow();
        stops
            .iter()
            .any(|s| s.owner == self.owner && s.field.name == name)
    }
}

impl<'de> de::MapAccess<'de> for &mut EveryField<'_> {
    type Error = Stopped;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Stopped> {
        let name = loop {
            match self.names.next() {
                None => return Ok(None),
                Some(name) if self.has_stopped(name) => continue,
                Some(name) => break name,
            }
        };
        self.current = Some(name);
        seed.deserialize(name.into_deserializer()).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Stopped> {
        let mut slot = Slot::default();
        let known = self.stops.borrow().len();
        let value = seed.deserialize(Probe {
            slot: &mut slot,
            stops: self.stops,
        });
        // A stop inside the value (a field of a nested struct) is that field's, not this
        // one's: the next run probes this value again without it.
        let stopped_inside = self.stops.borrow().len() > known;
        let Some(name) = self.current.take() else {
            return value;
        };
        let stopped_here = value.is_err() && !stopped_inside;
        let field = Field {
            name,
            required: !slot.optional,
            // A value whose own deserializer refused the placeholder follows rules the
            // probe cannot see: any value is let through to it, to be checked there.
            kind: if stopped_here {
                Kind::Unknown
            } else {
                slot.kind
            },
        };
        if stopped_here {
            self.stops.borrow_mut().push(Stop {
                owner: self.owner,
                field: field.clone(),
            });
        }
        if let Some(found) = self.found.iter_mut().find(|f| f.name == name) {
            *found = field;
        }
        value
    }
}
