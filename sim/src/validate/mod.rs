//! Over [`crate::model`]: the spec's rules for the two request bodies, each
//! broken rule an [`ApiError`](crate::model::api_error::ApiError) with the
//! code of 8x8's table.
//!
//! | module | what |
//! |---|---|
//! | [`request_bodies`] | `VerifyRequestV2` and `VerifySmaCoverageCheckRequest` → [`checked_request`](crate::model::checked_request) |
//! | [`nested_objects`] | the nested `sms`, `call`, `whatsapp` objects, `callbackUrl`, `sms.source` |
//! | [`json_fields`] | typed access to a JSON object's members (`null` is absent, wrong type 1000) |

pub mod json_fields;
pub mod nested_objects;
pub mod request_bodies;
