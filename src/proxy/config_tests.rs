use super::*;

const BASE: &str = r#""apiKey":"k","subAccountId":"acme_hq","allowedCountries":["SG","us"],"clientIpHeader":"X-Real-IP""#;

/// The options of a JSON object (a repeated key: the last wins, as in JavaScript).
fn parse(json: &str) -> ProxyOptions {
    let value: serde_json::Value = serde_json::from_str(json).unwrap();
    serde_json::from_value(value).unwrap_or_else(|e| panic!("{json}: {e}"))
}

fn config(extra: &str) -> Result<ProxyConfig, Error> {
    ProxyConfig::new(&parse(&format!("{{{BASE}{extra}}}")), Runtime::Node)
}

fn field_of(json: &str, runtime: Runtime) -> String {
    match ProxyConfig::new(&parse(json), runtime) {
        Err(Error::InvalidRequest(d)) => d.field.unwrap_or_default(),
        other => panic!("{json}: expected INVALID_REQUEST, got {other:?}"),
    }
}

#[test]
fn defaults_of_a_minimal_config() {
    let c = config("").unwrap();
    assert_eq!(c.base_path, "/api/verify");
    assert_eq!(
        c.allowed_countries,
        Countries::Only(vec!["SG".into(), "US".into()])
    );
    assert_eq!(c.channels, [Channel::Sms]);
    assert_eq!(
        c.limits,
        Limits {
            per_destination: Some(Limit {
                max: 3,
                window_seconds: 600
            }),
            per_client_ip: Some(Limit {
                max: 10,
                window_seconds: 3600
            }),
            per_network56: Some(Limit {
                max: 40,
                window_seconds: 3600
            }),
            per_network48: Some(Limit {
                max: 100,
                window_seconds: 3600
            }),
            per_country: None,
            ipv6_prefix_length: 64,
        }
    );
    assert_eq!(
        c.defaults.code_length,
        Some(6),
        "6 digits unless the server chose"
    );
    assert_eq!(c.client_ip, Some(IpSource::Header("x-real-ip".into())));
    assert!(c.upstream.is_direct());
    assert!(
        !format!("{c:?}").contains("\"k\""),
        "Debug never shows the key"
    );
}

#[test]
fn everything_configured() {
    let c = config(r#","basePath":"/v/","channels":["sms","call"],"allowedOrigins":["https://App.example.com/"],
        "defaults":{"brand":"Acme","codeLength":6,"template":"{brand}: {code}","channel":"call"},
        "limits":{"perDestination":null,"perClientIp":{"max":5,"windowSeconds":60},"perNetwork56":null,"perCountry":{"max":100,"windowSeconds":3600},"ipv6PrefixLength":48},
        "upstreamUrl":"http://127.0.0.1:8480","timeoutMs":2000"#)
    .unwrap();
    assert_eq!(c.base_path, "/v");
    assert_eq!(c.allowed_origins, ["https://app.example.com"]);
    assert_eq!(c.defaults.brand.as_deref(), Some("Acme"));
    assert_eq!(
        c.limits,
        Limits {
            per_destination: None,
            per_client_ip: Some(Limit {
                max: 5,
                window_seconds: 60
            }),
            per_network56: None,
            per_network48: Some(Limit {
                max: 50,
                window_seconds: 60
            }),
            per_country: Some(Limit {
                max: 100,
                window_seconds: 3600
            }),
            ipv6_prefix_length: 48,
        }
    );
    assert_eq!(c.upstream.timeout_ms(), 2000);
    assert!(config(r#","allowedCountries":["*"]"#)
        .unwrap()
        .allowed_countries
        .allows("NG"));
}

#[test]
fn client_ip_sources_per_runtime() {
    let json = r#"{"apiKey":"k","subAccountId":"acme_hq","allowedCountries":["SG"]}"#;
    assert_eq!(field_of(json, Runtime::Node), "limits.perClientIp");
    assert_eq!(
        field_of(json, Runtime::EdgeLight),
        "limits.perClientIp",
        "self-hosted edge: x-real-ip is the client's to set"
    );
    let c = ProxyConfig::new(&parse(json), Runtime::Deno).unwrap();
    assert_eq!(c.client_ip, Some(IpSource::RemoteAddr));
    let c = ProxyConfig::new(&parse(json), Runtime::Workerd).unwrap();
    assert_eq!(c.client_ip, Some(IpSource::Cloudflare));
    let c = ProxyConfig::new(&parse(json), Runtime::Vercel).unwrap();
    assert_eq!(c.client_ip, Some(IpSource::Header("x-real-ip".into())));
    let named = r#"{"apiKey":"k","subAccountId":"acme_hq","allowedCountries":["SG"],"clientIpHeader":"X-Forwarded-For"}"#;
    let c = ProxyConfig::new(&parse(named), Runtime::Workerd).unwrap();
    assert_eq!(
        c.client_ip,
        Some(IpSource::Header("x-forwarded-for".into())),
        "a named header wins everywhere"
    );
    let off = r#"{"apiKey":"k","subAccountId":"acme_hq","allowedCountries":["SG"],"limits":{"perClientIp":null}}"#;
    assert!(ProxyConfig::new(&parse(off), Runtime::Node)
        .unwrap()
        .limits
        .per_client_ip
        .is_none());
}

#[test]
fn rules_name_their_field() {
    let cases = [
        (
            r#"{"apiKey":"k","subAccountId":"a","allowedCountries":["SG"],"clientIpHeader":"x"}"#,
            "subAccountId",
        ),
        (
            r#"{"apiKey":"","subAccountId":"acme_hq","allowedCountries":["SG"],"clientIpHeader":"x"}"#,
            "apiKey",
        ),
    ];
    for (json, field) in cases {
        assert_eq!(field_of(json, Runtime::Node), field, "{json}");
    }
    for (extra, field) in [
        (r#","allowedCountries":[]"#, "allowedCountries"),
        (r#","allowedCountries":["Singapore"]"#, "allowedCountries"),
        (r#","upstreamUrl":"http://example.com""#, "upstreamUrl"),
        (r#","basePath":"api""#, "basePath"),
        (r#","basePath":"/a/../b""#, "basePath"),
        (r#","channels":[]"#, "channels"),
        (
            r#","channels":["whatsapp"]"#,
            "defaults.whatsapp.templateName",
        ),
        (r#","allowedOrigins":["*"]"#, "allowedOrigins"),
        (
            r#","allowedOrigins":["https://a.example.com/path"]"#,
            "allowedOrigins",
        ),
        (r#","defaults":{"codeLength":11}"#, "defaults.codeLength"),
        (
            r#","defaults":{"sms":{"source":"way too long sender"}}"#,
            "defaults.sms.source",
        ),
        (r#","defaults":{"channel":"call"}"#, "defaults.channel"),
        (
            r#","limits":{"perDestination":{"max":0,"windowSeconds":60}}"#,
            "limits.perDestination.max",
        ),
        (
            r#","limits":{"perCountry":{"max":5,"windowSeconds":0}}"#,
            "limits.perCountry.windowSeconds",
        ),
        (
            r#","limits":{"ipv6PrefixLength":129}"#,
            "limits.ipv6PrefixLength",
        ),
        (r#","clientIpHeader":"bad header""#, "clientIpHeader"),
        (r#","timeoutMs":0"#, "timeoutMs"),
    ] {
        let json = format!("{{{BASE}{extra}}}");
        assert_eq!(field_of(&json, Runtime::Node), field, "{extra}");
    }
}

#[test]
fn defaults_errors_keep_the_rule() {
    let e = config(r#","defaults":{"codeLength":11}"#).unwrap_err();
    assert_eq!(
        e.to_string(),
        "defaults.codeLength must be an integer from 3 to 10"
    );
    let e = config(r#","upstreamUrl":"ftp://x""#).unwrap_err();
    assert!(e.to_string().starts_with("upstreamUrl must be"), "{e}");
}
