//! Small task helpers: racing two futures (what `tokio::select!` would do,
//! without the macro crate and its build time) and isolating a handler so a
//! panic in it cannot take the server down.

use std::future::{poll_fn, Future};
use std::pin::pin;
use std::task::Poll;

/// Which of two futures finished first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Either<A, B> {
    /// The first one.
    Left(A),
    /// The second one.
    Right(B),
}

/// Polls both futures until one completes (the first is polled first); the
/// other is dropped.
pub async fn race<A: Future, B: Future>(a: A, b: B) -> Either<A::Output, B::Output> {
    let mut a = pin!(a);
    let mut b = pin!(b);
    poll_fn(|cx| {
        if let Poll::Ready(v) = a.as_mut().poll(cx) {
            return Poll::Ready(Either::Left(v));
        }
        if let Poll::Ready(v) = b.as_mut().poll(cx) {
            return Poll::Ready(Either::Right(v));
        }
        Poll::Pending
    })
    .await
}

/// Runs `fut` as its own task. `None` when it panicked: the panic unwinds
/// that task only, never the connection or the process.
pub async fn isolate<F>(fut: F) -> Option<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    tokio::spawn(fut).await.ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn the_faster_future_wins() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let slow = tokio::time::sleep(Duration::from_secs(5));
            assert_eq!(race(slow, async { 7 }).await, Either::Right(7));
            assert_eq!(race(async { 1 }, async { 2 }).await, Either::Left(1));
        });
    }

    #[test]
    fn a_panicking_task_is_contained() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let boom = isolate(async {
                if std::hint::black_box(true) {
                    panic!("handler bug");
                }
                1
            })
            .await;
            assert_eq!(boom, None);
            assert_eq!(isolate(async { 2 }).await, Some(2));
        });
    }
}
