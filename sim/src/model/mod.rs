//! The bottom layer: the simulator's facts and data, with no behaviour that
//! depends on a request or on state. Nothing here imports from `validate`,
//! `state`, `http` or a front end.
//!
//! | module | what |
//! |---|---|
//! | [`clock`] | `Millis`, the simulator's clock (real time plus an offset), 8x8's and HTTP's timestamp formats |
//! | [`randomness`] | session ids, error ids, uniformly chosen code characters (the platform's CSPRNG) |
//! | [`calling_codes`] | ISO 3166-1 alpha-2 country → E.164 calling code |
//! | [`phone_number`] | destination normalisation and the E.164 check |
//! | [`one_time_code`] | the five `codeType`s: generation and comparison |
//! | [`channel`] | the spec's `channel` enum |
//! | [`client_ip`] | `clientIp` parsing and the SMA coverage rule |
//! | [`message_text`] | the text of a delivered message |
//! | [`checked_request`] | the two request bodies once validated |
//! | [`session`] | a session as data: status, code, times |
//! | [`response_bodies`] | every JSON body the simulator sends, as serde structs |
//! | [`api_error`] | 8x8's error envelope and the errors the simulator answers with |
//! | [`reply`] | what a handler answers: status, headers, body |
//! | [`settings`] | what a simulator is configured with, and its rules |

pub mod api_error;
pub mod calling_codes;
pub mod channel;
pub mod checked_request;
pub mod client_ip;
pub mod clock;
pub mod message_text;
pub mod one_time_code;
pub mod phone_number;
pub mod randomness;
pub mod reply;
pub mod response_bodies;
pub mod session;
pub mod settings;
