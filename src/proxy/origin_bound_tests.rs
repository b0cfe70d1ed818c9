use super::*;
use crate::proxy::config::{ProxyConfig, Runtime};
use crate::proxy::options::ProxyOptions;

fn config(extra: &str) -> Result<ProxyConfig, Error> {
    let json = format!(
        r#"{{"apiKey":"k","subAccountId":"acme_hq","allowedCountries":["SG"],"clientIpHeader":"x-real-ip","channels":["sms","call"]{extra}}}"#
    );
    let options: ProxyOptions = serde_json::from_str(&json).unwrap();
    ProxyConfig::new(&options, Runtime::Node)
}

fn sent(extra: &str, channel: Channel, origin: Option<&str>) -> Result<Option<String>, TooLong> {
    let config = config(extra).unwrap();
    let mut request = config.defaults.request_for("+6591234567".into(), None);
    request.channel = Some(channel);
    bind(&mut request, origin, config.origin_bound_codes)?;
    Ok(request.template)
}

#[test]
fn the_line_ends_the_template_or_8x8s_default_text() {
    let with_template = r#","defaults":{"template":"Acme code: {code}"}"#;
    assert_eq!(
        sent(with_template, Channel::Sms, Some("https://app.example.com")).unwrap(),
        Some("Acme code: {code}\n\n@app.example.com #{code}".into())
    );
    assert_eq!(
        sent("", Channel::Sms, Some("https://app.example.com")).unwrap(),
        Some("Your verification code is {code}\n\n@app.example.com #{code}".into())
    );
    assert_eq!(
        sent(
            r#","defaults":{"brand":"Acme"}"#,
            Channel::Sms,
            Some("https://a.example")
        )
        .unwrap(),
        Some("{brand}: Your verification code is {code}\n\n@a.example #{code}".into())
    );
}

#[test]
fn never_for_call_a_template_key_an_unverified_origin_or_the_option_off() {
    let t = r#","defaults":{"template":"T {code}"}"#;
    let origin = Some("https://app.example.com");
    assert_eq!(
        sent(t, Channel::Call, origin).unwrap(),
        Some("T {code}".into())
    );
    assert_eq!(
        sent(t, Channel::Sms, None).unwrap(),
        Some("T {code}".into())
    );
    assert_eq!(
        sent(r#","defaults":{"templateKey":"otp"}"#, Channel::Sms, origin).unwrap(),
        None
    );
    let off = r#","defaults":{"template":"T {code}"},"originBoundCodes":false"#;
    assert_eq!(
        sent(off, Channel::Sms, origin).unwrap(),
        Some("T {code}".into())
    );
    assert_eq!(
        sent(",\"originBoundCodes\":false", Channel::Sms, origin).unwrap(),
        None
    );
}

#[test]
fn only_https_domains_on_the_default_port_can_be_written() {
    assert_eq!(
        bindable_host("https://app.example.com"),
        Some("app.example.com")
    );
    assert_eq!(
        bindable_host("HTTPS://xn--bcher-kva.example"),
        Some("xn--bcher-kva.example")
    );
    for origin in [
        "http://app.example.com",
        "https://app.example.com:8443",
        "https://127.0.0.1",
        "https://[::1]",
        "https://",
        "https://a..b",
        "https://.a.b",
        "https://a.b/x",
        "https://a b",
        "null",
        "",
    ] {
        assert_eq!(bindable_host(origin), None, "{origin}");
    }
    let t = r#","defaults":{"template":"T {code}"}"#;
    assert_eq!(
        sent(t, Channel::Sms, Some("http://127.0.0.1:8080")).unwrap(),
        Some("T {code}".into())
    );
}

#[test]
fn an_origin_is_verified_by_the_config_or_the_requests_own_host() {
    let allowed = ["https://app.example.com".to_owned()];
    let verified = |origin, own| verified_origin(origin, own, &allowed);
    assert_eq!(
        verified(Some("https://App.Example.com"), "proxy.example"),
        Some("https://app.example.com".into())
    );
    assert_eq!(
        verified(Some("https://shop.example"), "shop.example"),
        Some("https://shop.example".into()),
        "the same host as the request's URL (TLS ended in front of the server)"
    );
    assert_eq!(verified(Some("https://evil.example"), "shop.example"), None);
    assert_eq!(
        verified(Some("https://shop.example:8443"), "shop.example"),
        None
    );
    assert_eq!(verified(None, "shop.example"), None);
    assert_eq!(verified(Some("https://x.example"), ""), None);
}

#[test]
fn one_sms_counts_gsm7_extensions_twice_and_ucs2_in_utf16_units() {
    assert_eq!(units("abc", None), (3, 160));
    assert_eq!(units("a€[", None), (5, 160));
    assert_eq!(units("é ü Ñ", None), (5, 160));
    assert_eq!(units("ç", None), (1, 70), "ç is not GSM-7 (only Ç is)");
    assert_eq!(units("a😀", None), (3, 70));
    assert_eq!(units("abc", Some(SmsEncoding::Ucs2)), (3, 70));
    assert_eq!(render("{brand}: {code} {x}", "B", "12"), "B: 12 {x}");
}

#[test]
fn a_bound_message_over_one_sms_is_refused_where_the_template_alone_fit() {
    let host = "a".repeat(40) + ".example";
    let origin = format!("https://{host}");
    // 100 + 8 digits = 108 alone; + "\n\n@" 3 + 48 + " #" 2 + 8 = 169 > 160.
    let long = format!(
        r#","defaults":{{"template":"{}{{code}}","codeLength":8}}"#,
        "x".repeat(100)
    );
    assert_eq!(
        sent(&long, Channel::Sms, Some(&origin)),
        Err(TooLong {
            length: 169,
            limit: 160
        })
    );
    // 91 characters of template: 160 exactly.
    let fits = format!(
        r#","defaults":{{"template":"{}{{code}}","codeLength":8}}"#,
        "x".repeat(91)
    );
    assert!(sent(&fits, Channel::Sms, Some(&origin)).unwrap().is_some());
    // Already two SMS alone: the line is added (the operator chose a long text).
    let already = format!(
        r#","defaults":{{"template":"{}{{code}}"}}"#,
        "x".repeat(170)
    );
    assert!(sent(&already, Channel::Sms, Some(&origin))
        .unwrap()
        .is_some());
    // UCS-2: 70.
    let ucs2 = format!(r#","defaults":{{"template":"{}{{code}}"}}"#, "ж".repeat(40));
    assert_eq!(
        sent(&ucs2, Channel::Sms, Some("https://app.example.com")).map_err(|e| e.limit),
        Err(70)
    );
    // A dashed code is one character longer than codeLength.
    let dashed = format!(
        r#","defaults":{{"template":"{}{{code}}","codeLength":8,"codeType":"NUMERIC_WITH_DASH"}}"#,
        "x".repeat(91)
    );
    assert_eq!(
        sent(&dashed, Channel::Sms, Some(&origin)).map_err(|e| e.length),
        Err(162)
    );
}

#[test]
fn create_verify_proxy_refuses_an_allowed_origin_whose_sms_would_not_fit() {
    let template = format!(r#""template":"{}{{code}}","codeLength":8"#, "x".repeat(100));
    let origin = format!("https://{}.example", "a".repeat(40));
    let refused = config(&format!(
        r#","defaults":{{{template}}},"allowedOrigins":["{origin}"]"#
    ));
    match refused {
        Err(Error::InvalidRequest(d)) => {
            assert_eq!(d.field.as_deref(), Some("originBoundCodes"));
            assert!(d.message.contains(&origin), "{}", d.message);
            assert!(
                d.message.contains("169") && d.message.contains("160"),
                "{}",
                d.message
            );
        }
        other => panic!("expected INVALID_REQUEST, got {other:?}"),
    }
    // Off, a templateKey, or no sms channel: nothing to check.
    assert!(config(&format!(
        r#","defaults":{{{template}}},"allowedOrigins":["{origin}"],"originBoundCodes":false"#
    ))
    .is_ok());
    assert!(config(&format!(
        r#","defaults":{{{template}}},"allowedOrigins":["http://{}.example:8080"]"#,
        "a".repeat(40)
    ))
    .is_ok());
    let call_only = format!(
        r#"{{"apiKey":"k","subAccountId":"acme_hq","allowedCountries":["SG"],"clientIpHeader":"x","channels":["call"],"defaults":{{{template}}},"allowedOrigins":["{origin}"]}}"#
    );
    let options: ProxyOptions = serde_json::from_str(&call_only).unwrap();
    assert!(ProxyConfig::new(&options, Runtime::Node).is_ok());
}
