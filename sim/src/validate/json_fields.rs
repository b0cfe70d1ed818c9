//! Typed access to the members of a JSON request body, with 8x8's error codes:
//! `null` counts as absent, a wrong JSON type is 1000, an integer out of range 1010.

use serde_json::{Map, Value};

use crate::model::api_error::ApiError;

/// A present, non-null member.
pub(crate) fn get<'a>(obj: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    obj.get(key).filter(|v| !v.is_null())
}

/// A 400/1000 naming `field` and the JSON type it must have.
pub(crate) fn type_error(field: &str, what: &str) -> ApiError {
    ApiError::field(1000, field, &format!("must be {what}"))
}

/// An optional string member (`field` is its dotted name in messages).
pub(crate) fn opt_str<'a>(
    obj: &'a Map<String, Value>,
    key: &str,
    field: &str,
) -> Result<Option<&'a str>, ApiError> {
    match get(obj, key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(type_error(field, "a string")),
    }
}

/// An optional string member naming one value of an enum (`names`: each value by its
/// name); any other name is 400/1000, listing the names.
pub(crate) fn opt_choice<T: Copy>(
    obj: &Map<String, Value>,
    key: &str,
    names: &[(&str, T)],
) -> Result<Option<T>, ApiError> {
    let Some(given) = opt_str(obj, key, key)? else {
        return Ok(None);
    };
    match names.iter().find(|(name, _)| *name == given) {
        Some(&(_, value)) => Ok(Some(value)),
        None => {
            let all: Vec<&str> = names.iter().map(|(name, _)| *name).collect();
            let rule = format!("must be one of {}", all.join(", "));
            Err(ApiError::field(1000, key, &rule))
        }
    }
}

/// An optional object member.
pub(crate) fn opt_object<'a>(
    obj: &'a Map<String, Value>,
    key: &str,
) -> Result<Option<&'a Map<String, Value>>, ApiError> {
    match get(obj, key) {
        None => Ok(None),
        Some(Value::Object(o)) => Ok(Some(o)),
        Some(_) => Err(type_error(key, "an object")),
    }
}

/// An integer in `min..=max`: a non-integer is 1000, out of range 1010.
pub(crate) fn opt_int(
    obj: &Map<String, Value>,
    key: &str,
    field: &str,
    min: i64,
    max: i64,
) -> Result<Option<i64>, ApiError> {
    let Some(v) = get(obj, key) else {
        return Ok(None);
    };
    let range = || ApiError::field(1010, field, &format!("must be between {min} and {max}"));
    let n = match v {
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i
            } else if n.is_u64() {
                return Err(range());
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                if f.fract() != 0.0 || !f.is_finite() {
                    return Err(type_error(field, "an integer"));
                }
                if f < min as f64 || f > max as f64 {
                    return Err(range());
                }
                f as i64
            }
        }
        _ => return Err(type_error(field, "an integer")),
    };
    if n < min || n > max {
        return Err(range());
    }
    Ok(Some(n))
}

/// An optional boolean member.
pub(crate) fn opt_bool(obj: &Map<String, Value>, key: &str) -> Result<Option<bool>, ApiError> {
    match get(obj, key) {
        None => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(type_error(key, "a boolean")),
    }
}

/// The body as a JSON object, else 400/1000.
pub(crate) fn as_object(body: &Value) -> Result<&Map<String, Value>, ApiError> {
    body.as_object()
        .ok_or_else(|| ApiError::new(400, 1000, "Invalid parameter: body must be a JSON object"))
}
