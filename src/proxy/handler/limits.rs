//! The limits: the client's network, and a hit counted in the user's store or in memory.

use super::incoming::Incoming;
use super::upstream::log;
use super::State;
use crate::proxy::options::Limit;
use crate::proxy::reply::Reject;

/// Counts the request against its client's network while the per-IP limit is on; a
/// request with no client address is refused then (fails closed).
pub async fn count_client(state: &State, incoming: &Incoming) -> Result<(), Reject> {
    let Some(limit) = state.config.limits.per_client_ip else {
        return Ok(());
    };
    let Some(ip) = &incoming.client else {
        return Err(Reject::no_client_ip());
    };
    hit(state, &format!("ip:{}", ip.network), limit, "ip_limit").await
}

/// Counts a hit on `key`; refuses with `reason` past the limit.
pub async fn hit(
    state: &State,
    key: &str,
    limit: Limit,
    reason: &'static str,
) -> Result<(), Reject> {
    let decision = if state.hooks.has_store() {
        state
            .hooks
            .store_hit(key, limit.max, limit.window_seconds)
            .await
            .map_err(|_| {
                log("the limit store failed or answered something else than { allowed, retryAfterSeconds }");
                Reject::bad_gateway("limit_store")
            })?
    } else {
        let now = state.hooks.now_ms();
        state
            .limiter
            .borrow_mut()
            .hit(key, limit.max, limit.window_seconds, now)
    };
    if decision.allowed {
        Ok(())
    } else {
        Err(Reject::limited(reason, decision.retry_after_seconds))
    }
}
