//! Request bodies as the handlers see them: read by the front end with the
//! 64 KiB cap enforced while reading (also without `Content-Length`), so a
//! client can still read the 413 after a bounded drain.

/// Largest accepted request body.
pub const MAX_BODY: usize = 64 * 1024;
/// Bytes read and discarded past the cap before the front end gives up on the connection.
pub const DRAIN_LIMIT: u64 = 16 * 1024 * 1024;
/// Longest time (ms) a front end spends draining an oversized body.
pub const DRAIN_MS: u64 = 5_000;
/// Longest time (ms) a front end spends reading a body.
pub const READ_MS: u64 = 30_000;

/// The outcome of reading a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadBody {
    /// The whole body, within the cap.
    Complete(Vec<u8>),
    /// More than [`MAX_BODY`] bytes.
    TooLarge,
    /// The client went away or stalled.
    Failed,
}
