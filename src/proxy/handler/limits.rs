//! The limits: the client's networks, and a hit counted in the user's store or in memory.

use super::incoming::Incoming;
use super::state::State;
use crate::proxy::limiter::Decision;
use crate::proxy::options::Limit;
use crate::proxy::reply::Reject;

/// Counts the request against its client's networks while the per-IP limit is on: an
/// IPv6 client's /48, then its /56 (so one network's many prefixes share a budget), then
/// its own address or prefix. The first refusal stops the count, so a refused request
/// touches no narrower counter. A request with no client address is refused then (fails
/// closed).
pub async fn count_client(state: &State, incoming: &Incoming) -> Result<(), Reject> {
    let limits = state.config.limits;
    let Some(limit) = limits.per_client_ip else {
        return Ok(());
    };
    let Some(ip) = &incoming.client else {
        return Err(Reject::no_client_ip());
    };
    for (bits, network_limit) in [(48, limits.per_network48), (56, limits.per_network56)] {
        if let (Some(network), Some(network_limit)) = (ip.wider_network(bits), network_limit) {
            hit(
                state,
                &format!("ip:{network}"),
                network_limit,
                "network_limit",
            )
            .await?;
        }
    }
    hit(state, &format!("ip:{}", ip.network), limit, "ip_limit").await
}

/// Counts a hit on `key`; refuses with `reason` past the limit (or `store_full` when the
/// in-memory store had no room for a new key).
pub async fn hit(
    state: &State,
    key: &str,
    limit: Limit,
    reason: &'static str,
) -> Result<(), Reject> {
    let decision = decide(state, key, limit.max, limit.window_seconds).await?;
    if decision.allowed {
        Ok(())
    } else if decision.store_full {
        Err(Reject::limited("store_full", decision.retry_after_seconds))
    } else {
        Err(Reject::limited(reason, decision.retry_after_seconds))
    }
}

/// One hit on `key`, in the user's store when there is one, else in memory.
pub async fn decide(
    state: &State,
    key: &str,
    max: u32,
    window_seconds: u32,
) -> Result<Decision, Reject> {
    if !state.hooks.has_store() {
        let now = state.hooks.now_ms();
        return Ok(state
            .limiter
            .borrow_mut()
            .hit(key, max, window_seconds, now));
    }
    state
        .hooks
        .store_hit(key, max, window_seconds)
        .await
        .map_err(|failed| failed.reject("a limit's hit"))
}
