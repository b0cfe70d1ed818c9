//! `onVerified`, run at most once per 8x8 session ([`crate::proxy::claim`]): the check
//! that claims the session first runs the hook; any other check of it — a replay from
//! another isolate, a second tab, one that arrives while the hook still runs — is told
//! the verification is closed, never `VERIFIED`. A hook that fails keeps its claim (the
//! check answers 500 and the user starts a new verification): releasing it would let the
//! next check — anyone's — run the hook.

use super::hooks::Verdict;
use super::limits::decide;
use super::state::State;
use super::upstream::log;
use crate::operations::read;
use crate::proxy::claim::{self, CLAIM_WINDOW_SECONDS};
use crate::proxy::reply::Reject;
use crate::transport;
use crate::types::upstream::SessionBody;
use wasm_bindgen::JsValue;
use web_sys::Request;

/// Runs `onVerified` for a session 8x8 reported `VERIFIED` to this check, if this check
/// wins the session's claim; its `Response`, if it answered one.
pub async fn run_once(
    state: &State,
    session: &SessionBody,
    date: &Option<String>,
    request: &Request,
) -> Result<Option<JsValue>, Reject> {
    let clock = read::Clock::from_date_header(date.as_deref(), transport::now_ms());
    if claim::too_old(&session.expires_at, clock.now_ms) {
        log("a check of a verification older than any claim: closed, onVerified not run");
        return Err(Reject::session_closed("verification_too_old"));
    }
    if !won(state, &claim::key(&session.session_id)).await? {
        return Err(Reject::session_closed("already_verified"));
    }
    let verdict = match read::session_to_verification(session.clone(), clock) {
        Ok(verification) => state.hooks.on_verified(&verification, request).await,
        Err(_) => Verdict::Threw,
    };
    verdict.answer("onVerified", "on_verified_timeout")
}

/// Claims `key`: through the user's store when there is one (deployment-wide), else in
/// this isolate's memory. True for the first claim only.
async fn won(state: &State, key: &str) -> Result<bool, Reject> {
    if state.hooks.has_store() {
        Ok(decide(state, key, 1, CLAIM_WINDOW_SECONDS).await?.allowed)
    } else {
        Ok(state.verified.borrow_mut().insert(key))
    }
}
