//! [`Client`]: the four operations for Rust code compiled to wasm, over gloo-net.

use crate::error::Error;
use crate::operations::{plan, read, HttpRequest, HttpResponse};
use crate::transport;
use crate::types::{ClientOptions, CodeCheck, ProxyStartRequest, Verification};
use crate::validate::Endpoint;
use web_sys::AbortSignal;

#[cfg(feature = "direct")]
use crate::types::{SmaCoverage, SmaCoverageRequest, StartVerificationRequest};

/// A checked configuration that sends verifications. Cheap to clone; holds no
/// connection. Every method's optional `signal` aborts the call (`Error::Aborted`).
///
/// # Example
/// ```no_run
/// # async fn demo() -> Result<(), verify_8x8::Error> {
/// use verify_8x8::{Client, ClientOptions, Outcome, StartVerificationRequest};
///
/// let client = Client::new(&ClientOptions::direct("api-key", "acme_hq"))?;
/// let started = client
///     .start_verification(&StartVerificationRequest::new("+6587654321"), None)
///     .await?;
/// // ... the user types the code they received ...
/// let check = client.check_code(&started.session_id, "1234", None).await?;
/// if check.outcome == Outcome::Verified {
///     // the phone number is verified
/// }
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct Client {
    endpoint: Endpoint,
}

impl Client {
    /// Checks `options` and builds a client (`Error::InvalidRequest` names the bad option).
    pub fn new(options: &ClientOptions) -> Result<Client, Error> {
        Ok(Client {
            endpoint: options.validate()?,
        })
    }

    /// Sends a code (or starts SMA) in direct mode. Validated before anything is sent;
    /// never retried. In proxy mode, use [`start_through_proxy`](Self::start_through_proxy).
    #[cfg(feature = "direct")]
    pub async fn start_verification(
        &self,
        request: &StartVerificationRequest,
        signal: Option<&AbortSignal>,
    ) -> Result<Verification, Error> {
        let http = plan::start(&self.endpoint, request)?;
        self.call(http, signal, read::verification).await
    }

    /// Sends a code through a `createVerifyProxy` endpoint (proxy mode): only the number,
    /// its country, the channel and the language; the proxy decides the rest.
    pub async fn start_through_proxy(
        &self,
        request: &ProxyStartRequest,
        signal: Option<&AbortSignal>,
    ) -> Result<Verification, Error> {
        let http = plan::start_through_proxy(&self.endpoint, request)?;
        self.call(http, signal, read::verification).await
    }

    /// Checks a code the user typed. A wrong code is `Outcome::WrongCode`, not an error.
    /// Consumes an attempt; never retried.
    pub async fn check_code(
        &self,
        session_id: &str,
        code: &str,
        signal: Option<&AbortSignal>,
    ) -> Result<CodeCheck, Error> {
        let http = plan::check(&self.endpoint, session_id, code)?;
        self.call(http, signal, read::code_check).await
    }

    /// Reads a verification's status without consuming an attempt.
    pub async fn get_verification(
        &self,
        session_id: &str,
        signal: Option<&AbortSignal>,
    ) -> Result<Verification, Error> {
        let http = plan::get(&self.endpoint, session_id)?;
        self.call(http, signal, read::verification).await
    }

    /// Asks whether silent mobile authentication can reach a device (direct mode only).
    #[cfg(feature = "direct")]
    pub async fn check_sma_coverage(
        &self,
        request: &SmaCoverageRequest,
        signal: Option<&AbortSignal>,
    ) -> Result<SmaCoverage, Error> {
        let http = plan::sma_coverage(&self.endpoint, request)?;
        self.call(http, signal, read::sma_coverage).await
    }

    /// Sends `http` and reads its answer with `read`. When the request acts (a start or a
    /// check), an error that leaves the outcome unknown is marked [`Error::maybe_sent`].
    async fn call<T>(
        &self,
        http: HttpRequest,
        signal: Option<&AbortSignal>,
        read: fn(&HttpResponse, i64) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let answer = read(&self.exchange(&http, signal).await?, transport::now_ms());
        if http.acts {
            answer.map_err(Error::maybe_sent)
        } else {
            answer
        }
    }

    /// Sends `http`: through a proxy, a start or check carries a fresh `Idempotency-Key`.
    /// A status that leaves an acting request's outcome unknown (5xx, an unreadable 2xx) is
    /// reported by the caller's `read` step; transport failures after sending are marked
    /// here ([`Error::is_maybe_sent`]).
    async fn exchange(
        &self,
        http: &HttpRequest,
        signal: Option<&AbortSignal>,
    ) -> Result<HttpResponse, Error> {
        if http.acts && !self.endpoint.is_direct() {
            let mut keyed = http.clone();
            keyed.idempotency_key = crate::idempotency::fresh_key();
            return transport::send(&keyed, signal).await;
        }
        transport::send(http, signal).await
    }
}
