//! Values between JavaScript and wasm, both ways through serde-wasm-bindgen. Inputs are
//! first checked against their type's [shape](crate::shape) — an unknown field, a
//! missing one, a value of the wrong kind is named by its dotted path — then converted.
//! Messages come from the shape and the rules, never from the value (serde's own
//! messages quote it).

use crate::error::Error;
use crate::shape::{Kind, Rules, Value};
use js_sys::Array;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_wasm_bindgen::Serializer;
use wasm_bindgen::{JsCast, JsValue};

/// Objects as JavaScript builds them: `CodeCheck`'s flattened fields become an object,
/// not a `Map`.
const SERIALIZER: Serializer = Serializer::new().serialize_maps_as_objects(true);

impl Value for JsValue {
    fn members(&self) -> Option<Vec<(String, JsValue)>> {
        if !self.is_object() || Array::is_array(self) {
            return None;
        }
        // One crossing for every own member: `Object.entries`.
        let entries = js_sys::Object::entries(self.unchecked_ref::<js_sys::Object>());
        let set = entries.iter().filter_map(|entry| {
            let pair: &Array = entry.unchecked_ref();
            let value = pair.get(1);
            let key = pair.get(0).as_string()?;
            (!value.is_undefined() && !value.is_null()).then_some((key, value))
        });
        Some(set.collect())
    }

    fn items(&self) -> Option<Vec<JsValue>> {
        Array::is_array(self).then(|| self.unchecked_ref::<Array>().iter().collect())
    }

    fn text(&self) -> Option<String> {
        self.as_string()
    }

    fn number(&self) -> Option<f64> {
        self.as_f64()
    }

    fn is_boolean(&self) -> bool {
        self.as_bool().is_some()
    }
}

/// The `T` JavaScript passed as `name`, or an `INVALID_REQUEST` naming the field and the
/// rule (checked against `T`'s shape first, so serde-wasm-bindgen only converts values of
/// the right kind).
pub(crate) fn from_js<T: DeserializeOwned + 'static>(
    value: JsValue,
    name: &str,
) -> Result<T, Error> {
    from_js_with(value, name, Rules::DEFAULT.unknown)
}

/// [`from_js`], with `unknown` as the rule an undeclared field breaks.
pub(crate) fn from_js_with<T: DeserializeOwned + 'static>(
    value: JsValue,
    name: &str,
    unknown: &str,
) -> Result<T, Error> {
    from_js_checked_as::<T, T>(value, name, unknown)
}

/// The value checked against `Shape`'s shape, converted to `T` (the same fields, held
/// more plainly): [`from_js_with`] for a type whose conversion the caller does not need.
pub(crate) fn from_js_checked_as<Shape: DeserializeOwned + 'static, T: DeserializeOwned>(
    value: JsValue,
    name: &str,
    unknown: &str,
) -> Result<T, Error> {
    let rules = Rules {
        unknown,
        ..Rules::DEFAULT
    };
    Kind::of_cached::<Shape>().check(&value, name, "", rules)?;
    serde_wasm_bindgen::from_value(value)
        .map_err(|_| Error::invalid(name, "has a value serde-wasm-bindgen cannot convert"))
}

/// A string argument, or an `INVALID_REQUEST` naming it.
pub(crate) fn string_from_js(value: &JsValue, name: &str) -> Result<String, Error> {
    value
        .as_string()
        .ok_or_else(|| Error::invalid(name, "must be a string"))
}

/// The JavaScript object for `value`.
pub(crate) fn to_js<T: Serialize>(value: &T) -> JsValue {
    // Our result types hold strings, safe integers and booleans: nothing to refuse.
    value.serialize(&SERIALIZER).unwrap_or(JsValue::UNDEFINED)
}
