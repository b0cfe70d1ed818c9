//! Command-line flags.

use std::net::SocketAddr;

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

/// The simulator's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Address to listen on.
    pub listen: SocketAddr,
    /// The API key clients must present as `Authorization: Bearer <key>`.
    pub api_key: String,
    /// The one subaccount id this account owns.
    pub sub_account: String,
    /// Requests per second per subaccount before 429; 0 = unlimited.
    pub rate_limit: u64,
    /// Whether to answer browsers from any origin.
    pub cors: bool,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8480)),
            api_key: "test-key".into(),
            sub_account: "test_hq".into(),
            rate_limit: 0,
            cors: false,
        }
    }
}

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Serve with these settings.
    Run(Config),
    /// Print the usage and exit 0.
    Help,
}

/// Parses the arguments (without the program name). `Err` holds the reason,
/// to print with the usage before exiting with status 2.
pub fn parse<I, S>(args: I) -> Result<Command, String>
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
{
    let mut cfg = Config::default();
    let mut args = args.into_iter().map(Into::into);
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            match inline.clone().or_else(|| args.next()) {
                Some(v) => Ok(v),
                None => Err(format!("{name} needs a value")),
            }
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--listen" => {
                let v = value("--listen")?;
                cfg.listen = v
                    .parse()
                    .map_err(|_| format!("--listen: not an IP:PORT address: {v}"))?;
            }
            "--api-key" => {
                cfg.api_key = value("--api-key")?;
                if cfg.api_key.is_empty() || cfg.api_key.chars().any(char::is_whitespace) {
                    return Err("--api-key must be non-empty, without spaces".into());
                }
            }
            "--sub-account" => {
                cfg.sub_account = value("--sub-account")?;
                let ok = (3..=50).contains(&cfg.sub_account.len())
                    && cfg
                        .sub_account
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"-._&".contains(&b));
                if !ok {
                    return Err("--sub-account must match ^[A-Za-z0-9\\-._&]{3,50}$".into());
                }
            }
            "--rate-limit" => {
                let v = value("--rate-limit")?;
                cfg.rate_limit = v
                    .parse()
                    .map_err(|_| format!("--rate-limit: not a non-negative integer: {v}"))?;
            }
            "--cors" if inline.is_none() => cfg.cors = true,
            _ => return Err(format!("unknown argument: {arg}")),
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
        assert_eq!(c.api_key, "test-key");
        assert_eq!(c.sub_account, "test_hq");
        assert_eq!(c.rate_limit, 0);
        assert!(!c.cors);
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
        assert_eq!(c.api_key, "k1");
        assert_eq!(c.sub_account, "acme_hq");
        assert_eq!(c.rate_limit, 5);
        assert!(c.cors);
        assert_eq!(parse(["--help"]).unwrap(), Command::Help);
        assert_eq!(parse(["-h"]).unwrap(), Command::Help);
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
