//! The two request bodies once they passed validation (`crate::validate`):
//! what the simulator acts on, with defaults applied and the destination
//! normalised.

use std::net::IpAddr;

use crate::model::channel::Channel;
use crate::model::one_time_code::CodeType;

/// A validated `POST …/sessions` body: what the simulator acts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartRequest {
    /// Normalised international digits, without `+`.
    pub destination: String,
    /// Delivery channel.
    pub channel: Channel,
    /// `{brand}` value.
    pub brand: Option<String>,
    /// Number of code characters (digits for `NUMERIC_WITH_DASH`).
    pub code_length: usize,
    /// Seconds the code stays valid.
    pub code_validity_s: i64,
    /// Kind of code.
    pub code_type: CodeType,
    /// Message template.
    pub template: Option<String>,
    /// New code and attempt counter on a repeat request.
    pub reset_session: bool,
    /// Seconds before the destination may be sent to again.
    pub resending_interval_s: i64,
}

/// A validated `POST …/sma/coverage` body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverageRequest {
    /// The device's IP address.
    pub client_ip: IpAddr,
    /// Normalised destination digits, when given.
    pub destination: Option<String>,
}
