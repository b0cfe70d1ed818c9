//! What a caller asks for. [`StartVerificationRequest`] is the spec's `VerifyRequestV2` in
//! camelCase; [`VerificationDefaults`] is the part of it a proxy's server fixes for every
//! send; [`ProxyStartRequest`] is what a browser may send through a proxy;
//! [`SmaCoverageRequest`] asks whether silent mobile authentication can reach a device.

use super::Language;
use serde::{Deserialize, Serialize};

/// How the code reaches the user.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Channel {
    /// A text message (the default).
    Sms,
    /// A voice call reading the code.
    Call,
    /// A WhatsApp authentication template (needs `whatsapp.templateName`).
    Whatsapp,
    /// A Viber message.
    Viber,
    /// Silent mobile authentication: no code; the device opens `smaVerificationUrl`.
    Sma,
}

/// What a browser may send to `createVerifyProxy`, and all a proxy-mode client sends:
/// the number, and optionally its country, the channel and the language. Everything
/// else (template, brand, sender, callback) is the server's to decide.
///
/// # Example
/// ```
/// use verify_8x8::ProxyStartRequest;
///
/// let request = ProxyStartRequest::new("+65 8765 4321");
/// assert!(request.validate().is_ok());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ProxyStartRequest {
    /// The phone number: international (`+6587654321`) or national with `country`.
    pub destination: String,
    /// ISO 3166 alpha-2 country of a national `destination`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Delivery channel, among those the proxy offers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
    /// Voice or WhatsApp template language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
}

/// A [`ProxyStartRequest`] as a proxy-mode client forwards it, once the value has been
/// checked against `ProxyStartRequest`'s shape (so `channel` and `language`, when set, are
/// among their enums' names): the four fields as the strings they are. The client has
/// nothing to decide by them (the proxy checks them again and reads them as enums), and
/// holding them as strings keeps the 48-way `Language` and the `Channel` conversions out
/// of the browser's wasm. `shape::tests` fails if the fields ever differ from
/// `ProxyStartRequest`'s.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ProxyStartFields {
    pub(crate) destination: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) channel: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) language: Option<String>,
}

/// The rule a field outside [`ProxyStartRequest`]'s four breaks.
pub(crate) const PROXY_FIELDS_RULE: &str =
    "is not allowed: a browser may send only destination, country, channel and language (the proxy's server sets the rest)";

impl ProxyStartRequest {
    /// A request for `destination`.
    pub fn new(destination: impl Into<String>) -> Self {
        ProxyStartRequest {
            destination: destination.into(),
            ..Self::default()
        }
    }
}

#[cfg(feature = "direct")]
pub use direct::*;

#[cfg(feature = "direct")]
mod direct {
    use super::{Channel, Language};
    use serde::{Deserialize, Serialize};

    /// The alphabet of generated codes.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    #[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
    #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
    #[non_exhaustive]
    pub enum CodeType {
        /// Digits (`123456`).
        Numeric,
        /// Digits split by one dash (`231-461`).
        NumericWithDash,
        /// Letters of both cases and digits.
        Alphanumeric,
        /// Capital letters and digits.
        AlphanumericCapitals,
        /// Capitals and digits without the look-alikes I, O, Q, S, Z.
        AlphanumericEasy,
    }

    /// SMS character set.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    #[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
    #[serde(rename_all = "UPPERCASE")]
    #[non_exhaustive]
    pub enum SmsEncoding {
        /// Chosen from the text (the default).
        Auto,
        /// GSM 7-bit.
        Gsm7,
        /// UCS-2 (Unicode).
        Ucs2,
    }

    /// SMS options: the spec's `VerifySmsChannel`.
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
    #[serde(rename_all = "camelCase")]
    #[non_exhaustive]
    pub struct SmsOptions {
        /// Sender id: up to 11 letters, digits and spaces, or up to 16 digits with an optional `+`.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub source: Option<String>,
        /// Character set (default `AUTO`).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub encoding: Option<SmsEncoding>,
    }

    /// Voice options: the spec's `VerifyCallChannel`.
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
    #[serde(rename_all = "camelCase")]
    #[non_exhaustive]
    pub struct VoiceCallOptions {
        /// Caller id.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub source: Option<String>,
        /// Speech speed, 0.5–2 (default 0.8).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub speed: Option<f64>,
        /// Times the text is read, 1–3 (default 2).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub repetition: Option<u32>,
        /// Voice, e.g. `en-US-Kimberly`; at most 50 characters.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub voice_profile: Option<String>,
    }

    /// WhatsApp options: the spec's `VerifyWhatsAppChannel`.
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
    #[serde(rename_all = "camelCase")]
    #[non_exhaustive]
    pub struct WhatsAppOptions {
        /// Name of the WhatsApp authentication template.
        pub template_name: String,
    }

    impl WhatsAppOptions {
        /// Options naming `template_name`.
        pub fn new(template_name: impl Into<String>) -> Self {
            WhatsAppOptions {
                template_name: template_name.into(),
            }
        }
    }

    /// Declares a struct with the given fields followed by every `VerifyRequestV2` field
    /// that says how a code is sent (one list for the request and a proxy's defaults).
    macro_rules! with_delivery_fields {
        ($(#[$meta:meta])* pub struct $name:ident { $($(#[$field_meta:meta])* pub $field:ident: $type:ty,)* }) => {
            $(#[$meta])*
            #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
            #[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
            #[serde(rename_all = "camelCase")]
            #[non_exhaustive]
            pub struct $name {
                $($(#[$field_meta])* pub $field: $type,)*
                /// Delivery channel (default `sms`).
                #[serde(skip_serializing_if = "Option::is_none")]
                pub channel: Option<Channel>,
                /// Fills `{brand}` in the template; at most 30 characters.
                #[serde(skip_serializing_if = "Option::is_none")]
                pub brand: Option<String>,
                /// Code length, 3–10 (default 4).
                #[serde(skip_serializing_if = "Option::is_none")]
                pub code_length: Option<u32>,
                /// Seconds the code stays valid, 30–7200 (default 300).
                #[serde(skip_serializing_if = "Option::is_none")]
                pub code_validity: Option<u32>,
                /// Code alphabet (default `NUMERIC`).
                #[serde(skip_serializing_if = "Option::is_none")]
                pub code_type: Option<CodeType>,
                /// Message text with `{code}` and `{brand}` (sms and call only).
                #[serde(skip_serializing_if = "Option::is_none")]
                pub template: Option<String>,
                /// Name of a template saved in 8x8 Connect.
                #[serde(skip_serializing_if = "Option::is_none")]
                pub template_key: Option<String>,
                /// Voice or WhatsApp template language.
                #[serde(skip_serializing_if = "Option::is_none")]
                pub language: Option<Language>,
                /// `true`: a new code even while the previous one is pending.
                #[serde(skip_serializing_if = "Option::is_none")]
                pub reset_session: Option<bool>,
                /// Minimum seconds between two sends to the destination, 10–7200 (default 10).
                #[serde(skip_serializing_if = "Option::is_none")]
                pub resending_interval: Option<u32>,
                /// Absolute http(s) URL where 8x8 posts status updates.
                #[serde(skip_serializing_if = "Option::is_none")]
                pub callback_url: Option<String>,
                /// SMS options (used with channel `sms`).
                #[serde(skip_serializing_if = "Option::is_none")]
                pub sms: Option<SmsOptions>,
                /// Voice options (used with channel `call`).
                #[serde(skip_serializing_if = "Option::is_none")]
                pub call: Option<VoiceCallOptions>,
                /// WhatsApp options; required with channel `whatsapp`.
                #[serde(skip_serializing_if = "Option::is_none")]
                pub whatsapp: Option<WhatsAppOptions>,
            }
        };
    }

    with_delivery_fields! {
        /// Starts a verification: the spec's `VerifyRequestV2`. Only `destination` is
        /// required; [`validate`](Self::validate) checks the spec's constraints.
        ///
        /// # Example
        /// ```
        /// use verify_8x8::{Channel, StartVerificationRequest};
        ///
        /// let mut request = StartVerificationRequest::new("+65 8765 4321");
        /// request.brand = Some("Acme".into());
        /// request.code_length = Some(6);
        /// request.channel = Some(Channel::Sms);
        /// assert!(request.validate().is_ok());
        /// ```
        pub struct StartVerificationRequest {
            /// The phone number: international (`+6587654321`, `006587654321`) or national
            /// with `country`. Spaces, dots, brackets and dashes are ignored; 6–15 digits.
            pub destination: String,
            /// ISO 3166 alpha-2 country of a national `destination`.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub country: Option<String>,
            /// The end user's IP address, for 8x8's per-IP limits and SMA.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub client_ip: Option<String>,
        }
    }

    with_delivery_fields! {
        /// What a proxy's server decides for every code it sends (`createVerifyProxy`'s
        /// `defaults`): a [`StartVerificationRequest`] without the destination, its country
        /// and the client IP, which come from each browser request.
        pub struct VerificationDefaults {}
    }

    impl StartVerificationRequest {
        /// A request for `destination` with every option at 8x8's default.
        pub fn new(destination: impl Into<String>) -> Self {
            StartVerificationRequest {
                destination: destination.into(),
                ..Self::default()
            }
        }
    }

    impl VerificationDefaults {
        /// The request these defaults make for `destination` (international form) and
        /// the client IP, with `channel` and `language` when the browser chose them.
        pub fn request_for(
            &self,
            destination: String,
            client_ip: Option<String>,
        ) -> StartVerificationRequest {
            let d = self.clone();
            StartVerificationRequest {
                destination,
                country: None,
                client_ip,
                channel: d.channel,
                brand: d.brand,
                code_length: d.code_length,
                code_validity: d.code_validity,
                code_type: d.code_type,
                template: d.template,
                template_key: d.template_key,
                language: d.language,
                reset_session: d.reset_session,
                resending_interval: d.resending_interval,
                callback_url: d.callback_url,
                sms: d.sms,
                call: d.call,
                whatsapp: d.whatsapp,
            }
        }
    }

    /// Asks whether silent mobile authentication can reach a device: the spec's
    /// `VerifySmaCoverageCheckRequest`.
    ///
    /// # Example
    /// ```
    /// use verify_8x8::SmaCoverageRequest;
    ///
    /// let request = SmaCoverageRequest::new("203.0.113.7");
    /// assert!(request.validate().is_ok());
    /// ```
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
    #[serde(rename_all = "camelCase")]
    #[non_exhaustive]
    pub struct SmaCoverageRequest {
        /// The IP address of the device's mobile-data session (required).
        pub client_ip: String,
        /// The number to check, international or national with `country`.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub destination: Option<String>,
        /// ISO 3166 alpha-2 country of a national `destination`.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub country: Option<String>,
    }

    impl SmaCoverageRequest {
        /// A coverage check for the device at `client_ip`.
        pub fn new(client_ip: impl Into<String>) -> Self {
            SmaCoverageRequest {
                client_ip: client_ip.into(),
                ..Self::default()
            }
        }
    }
}
