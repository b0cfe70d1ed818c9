//! [`Kind`]: what a value must be, as the probe found it — and the check of a JavaScript or
//! JSON value against it, naming the dotted path and the rule of the first thing wrong.

use crate::error::Error;

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
    pub(super) fields: Vec<Field>,
}

/// One field of a struct: its name, whether it must be set, its kind.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Field {
    pub(super) name: &'static str,
    pub(super) required: bool,
    pub(super) kind: Kind,
}

impl Field {
    /// A field named but not learnt: optional, any value let through (a JavaScript value
    /// passed through as itself, or a name the probe could not follow).
    pub(super) fn unknown(name: &'static str) -> Self {
        Self {
            name,
            required: false,
            kind: Kind::Unknown,
        }
    }
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
    /// Each field's name and kind, in declaration order.
    #[cfg(test)]
    pub(crate) fn named_kinds(&self) -> impl Iterator<Item = (&'static str, &Kind)> {
        self.fields.iter().map(|f| (f.name, &f.kind))
    }

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

/// JSON bodies (the proxy's browser input, in native builds) are checked like JavaScript
/// values.
#[cfg(all(not(target_arch = "wasm32"), any(feature = "proxy", test)))]
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

/// `"a", "b", "c"`.
fn quoted(names: &[&str]) -> String {
    let mut out = String::new();
    for name in names {
        if !out.is_empty() {
            out.push_str(", ");
        }
        out.push('"');
        out.push_str(name);
        out.push('"');
    }
    out
}
