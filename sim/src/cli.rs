//! Command-line flags, parsed by `lexopt`: the native binary and the npm
//! package's `npx verify-8x8-sim` (through the wasm build) share this parser,
//! its usage text and its messages.

use std::net::SocketAddr;

use lexopt::prelude::*;

use crate::model::settings::{check_api_key, check_sub_account, Settings};

/// The usage text (`--help`, and on stderr after a bad flag).
pub const USAGE: &str = "\
verify-8x8-sim — a local simulator of the 8x8 Verification API v2

Usage:
  verify-8x8-sim [--listen 127.0.0.1:8480] [--api-key test-key]
                 [--sub-account test_hq] [--rate-limit 0] [--cors]

Options:
  --listen ADDR        address to listen on (default 127.0.0.1:8480; port 0 picks a free port)
  --api-key KEY        bearer token clients must send (default test-key)
  --sub-account ID     the only subaccount id accepted (default test_hq)
  --rate-limit N       requests per second per subaccount before 429 (default 0 = off)
  --cors               answer browsers from any origin (CORS headers and preflight)
  -h, --help           print this help

The first line on stdout is `listening on http://HOST:PORT`.
Control endpoints (no auth): GET /_sim/messages?destination=, POST /_sim/clock,
POST /_sim/faults, GET /_sim/requests, POST /_sim/reset. See sim/README.md.
";

/// What the command line configures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Address to listen on.
    pub listen: SocketAddr,
    /// Everything else.
    pub settings: Settings,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8480)),
            settings: Settings::default(),
        }
    }
}

/// The base URL clients use to reach a listener bound to `addr`
/// (an unspecified address is reached through loopback).
pub fn base_url(addr: SocketAddr) -> String {
    let mut a = addr;
    if a.ip().is_unspecified() {
        a.set_ip(match a {
            SocketAddr::V4(_) => [127, 0, 0, 1].into(),
            SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
        });
    }
    format!("http://{a}")
}

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Serve with these settings.
    Run(Config),
    /// Print the usage and exit 0.
    Help,
}

/// Parses the arguments (without the program name). `Err` holds a one-line
/// reason; the caller prints it with [`USAGE`] and exits 2.
pub fn parse<I>(args: I) -> Result<Command, String>
where
    I: IntoIterator,
    I::Item: Into<std::ffi::OsString>,
{
    parse_args(args).map_err(|e| e.to_string())
}

fn parse_args<I>(args: I) -> Result<Command, lexopt::Error>
where
    I: IntoIterator,
    I::Item: Into<std::ffi::OsString>,
{
    let mut cfg = Config::default();
    let s = &mut cfg.settings;
    let mut parser = lexopt::Parser::from_args(args);
    while let Some(arg) = parser.next()? {
        match arg {
            Short('h') | Long("help") => return Ok(Command::Help),
            Long("listen") => {
                let v = parser.value()?.string()?;
                cfg.listen = v
                    .parse()
                    .map_err(|_| format!("--listen: not an IP:PORT address: {v}"))?;
            }
            Long("api-key") => {
                s.api_key = parser.value()?.string()?;
                check_api_key(&s.api_key).map_err(|e| format!("--api-key: {e}"))?;
            }
            Long("sub-account") => {
                s.sub_account = parser.value()?.string()?;
                check_sub_account(&s.sub_account).map_err(|e| format!("--sub-account: {e}"))?;
            }
            Long("rate-limit") => {
                let v = parser.value()?.string()?;
                s.rate_limit = v
                    .parse()
                    .map_err(|_| format!("--rate-limit: not a non-negative integer: {v}"))?;
            }
            Long("cors") => s.cors = true,
            _ => return Err(arg.unexpected()),
        }
    }
    Ok(Command::Run(cfg))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Config {
        match parse(args.iter().copied()).unwrap() {
            Command::Run(c) => c,
            Command::Help => panic!("help"),
        }
    }

    #[test]
    fn defaults() {
        let c = run(&[]);
        assert_eq!(c, Config::default());
        assert_eq!(c.listen.to_string(), "127.0.0.1:8480");
        assert_eq!(c.settings.api_key, "test-key");
        assert_eq!(c.settings.sub_account, "test_hq");
        assert_eq!(c.settings.rate_limit, 0);
        assert!(!c.settings.cors);
    }

    #[test]
    fn every_flag_both_spellings() {
        let c = run(&[
            "--listen",
            "127.0.0.1:0",
            "--api-key=k1",
            "--sub-account",
            "acme_hq",
            "--rate-limit=5",
            "--cors",
        ]);
        assert_eq!(c.listen.port(), 0);
        assert_eq!(c.settings.api_key, "k1");
        assert_eq!(c.settings.sub_account, "acme_hq");
        assert_eq!(c.settings.rate_limit, 5);
        assert!(c.settings.cors);
        assert_eq!(parse(["--help"]).unwrap(), Command::Help);
        assert_eq!(parse(["-h"]).unwrap(), Command::Help);
        assert_eq!(run(&["--listen", "[::1]:0"]).listen.to_string(), "[::1]:0");
    }

    #[test]
    fn base_urls_reach_unspecified_addresses_through_loopback() {
        let url = |a: &str| base_url(a.parse().unwrap());
        assert_eq!(url("0.0.0.0:80"), "http://127.0.0.1:80");
        assert_eq!(url("[::]:80"), "http://[::1]:80");
        assert_eq!(url("127.0.0.2:9"), "http://127.0.0.2:9");
    }

    #[test]
    fn bad_flags() {
        for bad in [
            vec!["--nope"],
            vec!["--listen"],
            vec!["--listen", "localhost"],
            vec!["--rate-limit", "-1"],
            vec!["--rate-limit", "x"],
            vec!["--sub-account", "a b"],
            vec!["--api-key", ""],
            vec!["--cors=yes"],
            vec!["positional"],
        ] {
            assert!(parse(bad.clone()).is_err(), "{bad:?}");
        }
    }
}
