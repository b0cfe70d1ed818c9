//! [`Client`]: the four operations for Rust code compiled to wasm, over the runtime's
//! `fetch`.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::api;
use crate::error::Error;
use crate::options::{ClientOptions, Endpoint};
use crate::request::{SmaCoverageRequest, StartVerificationRequest};
use crate::response::{CodeCheck, SmaCoverage, Verification};
use crate::transport;
use web_sys::AbortSignal;

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

    /// Sends a code (or starts SMA). Validated before anything is sent; never retried.
    pub async fn start_verification(
        &self,
        request: &StartVerificationRequest,
        signal: Option<&AbortSignal>,
    ) -> Result<Verification, Error> {
        let http = api::start(&self.endpoint, request)?;
        let response = self.exchange(&http, signal).await?;
        api::read(&response, transport::now_ms(), api::verification)
    }

    /// Checks a code the user typed. A wrong code is `Outcome::WrongCode`, not an error.
    /// Consumes an attempt; never retried.
    pub async fn check_code(
        &self,
        session_id: &str,
        code: &str,
        signal: Option<&AbortSignal>,
    ) -> Result<CodeCheck, Error> {
        let http = api::check(&self.endpoint, session_id, code)?;
        let response = self.exchange(&http, signal).await?;
        api::read(&response, transport::now_ms(), api::code_check)
    }

    /// Reads a verification's status without consuming an attempt.
    pub async fn get_verification(
        &self,
        session_id: &str,
        signal: Option<&AbortSignal>,
    ) -> Result<Verification, Error> {
        let http = api::get(&self.endpoint, session_id)?;
        let response = self.exchange(&http, signal).await?;
        api::read(&response, transport::now_ms(), api::verification)
    }

    /// Asks whether silent mobile authentication can reach a device (direct mode only).
    pub async fn check_sma_coverage(
        &self,
        request: &SmaCoverageRequest,
        signal: Option<&AbortSignal>,
    ) -> Result<SmaCoverage, Error> {
        let http = api::sma_coverage(&self.endpoint, request)?;
        let response = self.exchange(&http, signal).await?;
        api::read(&response, transport::now_ms(), api::sma)
    }

    async fn exchange(
        &self,
        http: &api::HttpRequest,
        signal: Option<&AbortSignal>,
    ) -> Result<api::HttpResponse, Error> {
        transport::send(http, self.endpoint.timeout_ms(), signal).await
    }
}
