//! The spec's `channel` enum: how a code is delivered.

use serde::Serialize;

/// The spec's `channel` enum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// SMS (the default).
    Sms,
    /// Voice call.
    Call,
    /// WhatsApp authentication template.
    Whatsapp,
    /// Viber.
    Viber,
    /// Silent mobile authentication: no message, a verification URL instead.
    Sma,
}

impl Channel {
    /// Every channel by the spec's lower-case name, in the spec's order.
    pub const NAMES: [(&'static str, Self); 5] = [
        ("sms", Self::Sms),
        ("call", Self::Call),
        ("whatsapp", Self::Whatsapp),
        ("viber", Self::Viber),
        ("sma", Self::Sma),
    ];
}
