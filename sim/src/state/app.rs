//! The simulator's shared state: settings, clock, and everything behind one
//! mutex (never held across an await).

use std::sync::{Mutex, MutexGuard};

use crate::model::clock::{Clock, Millis};
use crate::model::settings::Settings;
use crate::state::faults::Faults;
use crate::state::inbox::Inbox;
use crate::state::rate_limiter::RateLimiter;
use crate::state::recorder::Recorder;
use crate::state::sessions::Sessions;

/// Mutable state.
#[derive(Debug, Default)]
pub struct State {
    /// Verification sessions.
    pub sessions: Sessions,
    /// Delivered messages.
    pub inbox: Inbox,
    /// Pending faults.
    pub faults: Faults,
    /// Last requests on the 8x8 surface.
    pub recorder: Recorder,
    /// `--rate-limit` counters.
    pub limiter: RateLimiter,
}

/// When and where one request is answered.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The front end's real time (ms since the epoch): rate-limit windows.
    pub real: Millis,
    /// The simulator's time (real time plus the clock's offset): sessions,
    /// timestamps and the `Date` header.
    pub now: Millis,
    /// How clients reach this simulator (`http://127.0.0.1:PORT`), for SMA
    /// verification URLs.
    pub base_url: &'a str,
}

/// Everything a request handler needs.
#[derive(Debug)]
pub struct App {
    /// Settings (flags or `createSimulator` options).
    pub settings: Settings,
    /// The simulator's clock.
    pub clock: Clock,
    state: Mutex<State>,
}

impl App {
    /// A fresh simulator.
    pub fn new(settings: Settings) -> Self {
        Self {
            settings,
            clock: Clock::new(),
            state: Mutex::new(State::default()),
        }
    }

    /// Locks the state. A panic while it was held does not poison it for
    /// later requests (each operation leaves it consistent).
    pub fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// `POST /_sim/reset`: forget sessions, messages, faults, recorded
    /// requests, rate-limit counters and the clock offset.
    pub fn reset(&self) {
        let mut st = self.state();
        *st = State::default();
        self.clock.reset();
    }
}
