//! Crate-internal macros.

/// Defines a closed set of wire names as an enum with `ALL`, `as_str`, `from_name`
/// and a `read` that rejects anything else as `INVALID_REQUEST` for the given field.
macro_rules! string_enum {
    ($(#[$doc:meta])* $name:ident, $what:literal { $($(#[$vdoc:meta])* $variant:ident = $text:literal,)+ }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vdoc])* $variant,)+
        }

        impl $name {
            /// Every value, in the spec's order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The name on the wire.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }

            /// Parses the name on the wire (case-sensitive).
            pub fn from_name(name: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == name)
            }

            #[allow(dead_code)]
            fn read(value: &$crate::json::Value, field: &str) -> Result<Self, $crate::error::Error> {
                value
                    .as_str()
                    .and_then(Self::from_name)
                    .ok_or_else(|| $crate::error::Error::invalid(field, concat!("must be one of ", $what)))
            }
        }
    };
}
