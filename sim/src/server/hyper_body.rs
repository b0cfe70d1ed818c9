//! Reading a hyper request body with the 64 KiB cap enforced while reading
//! (also without `Content-Length`), draining a bounded amount past the cap so
//! the client can still read the 413.

use std::time::Duration;

use http_body_util::BodyExt;
use hyper::body::{Body, Buf};
use tokio::time::{timeout_at, Instant};

use crate::http::body_limits::{ReadBody, DRAIN_LIMIT, DRAIN_MS, MAX_BODY, READ_MS};

/// Longest time spent draining an oversized body.
const DRAIN_TIME: Duration = Duration::from_millis(DRAIN_MS);
/// Longest time spent reading a body.
const READ_TIME: Duration = Duration::from_millis(READ_MS);

/// Reads `body`, keeping at most [`MAX_BODY`] bytes.
pub async fn read<B>(mut body: B, content_length: Option<u64>) -> ReadBody
where
    B: Body + Unpin,
{
    if content_length.is_some_and(|n| n > DRAIN_LIMIT) {
        return ReadBody::TooLarge;
    }
    let mut buf: Vec<u8> = Vec::new();
    let mut seen: u64 = 0;
    let mut too_large = content_length.is_some_and(|n| n > MAX_BODY as u64);
    let mut deadline = Instant::now() + if too_large { DRAIN_TIME } else { READ_TIME };
    loop {
        let frame = match timeout_at(deadline, body.frame()).await {
            Ok(Some(Ok(frame))) => frame,
            Ok(None) => break,
            Ok(Some(Err(_))) | Err(_) => {
                return if too_large {
                    ReadBody::TooLarge
                } else {
                    ReadBody::Failed
                }
            }
        };
        let Ok(mut data) = frame.into_data() else {
            continue; // trailers
        };
        seen += data.remaining() as u64;
        if !too_large && buf.len() + data.remaining() > MAX_BODY {
            too_large = true;
            buf = Vec::new();
            deadline = deadline.min(Instant::now() + DRAIN_TIME);
        }
        if too_large {
            if seen > DRAIN_LIMIT {
                return ReadBody::TooLarge;
            }
            data.advance(data.remaining());
        } else {
            while data.has_remaining() {
                let chunk = data.chunk();
                let n = chunk.len();
                buf.extend_from_slice(chunk);
                data.advance(n);
            }
        }
    }
    if too_large {
        ReadBody::TooLarge
    } else {
        ReadBody::Complete(buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::Full;
    use hyper::body::Bytes;

    fn block_on<F: std::future::Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(f)
    }

    #[test]
    fn reads_within_the_cap() {
        let b = Full::new(Bytes::from(vec![b'x'; MAX_BODY]));
        assert_eq!(
            block_on(read(b, None)),
            ReadBody::Complete(vec![b'x'; MAX_BODY])
        );
        assert_eq!(
            block_on(read(Full::new(Bytes::new()), Some(0))),
            ReadBody::Complete(vec![])
        );
    }

    #[test]
    fn refuses_past_the_cap() {
        let b = Full::new(Bytes::from(vec![b'x'; MAX_BODY + 1]));
        assert_eq!(block_on(read(b, None)), ReadBody::TooLarge);
        let b = Full::new(Bytes::from_static(b"{}"));
        assert_eq!(block_on(read(b, Some(1 << 30))), ReadBody::TooLarge);
    }
}
