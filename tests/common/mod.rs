//! Tests of the Rust `Client` compiled to wasm, shared by `node.rs` (Node) and `browser.rs`
//! (headless Chromium), over real HTTP: the response cases of `tests/cases/responses.json`
//! replayed by `tests/support/cases-server.mjs`, and flows against the simulator. Both
//! servers are started by `tests/run.mjs` at the URLs below.

use js_sys::{Array, Object, Reflect, JSON};
use verify_8x8::{
    Client, ClientOptions, Error, Outcome, StartVerificationRequest, Verification, VerifyErrorCode,
};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::AbortController;

const SIM: &str = match option_env!("VERIFY_8X8_SIM_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:47480",
};
const CASES: &str = match option_env!("VERIFY_8X8_CASES_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:47481",
};
/// Nothing listens here (and it is not on Chromium's list of blocked ports).
const CLOSED: &str = "http://127.0.0.1:47489";

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    fn fetch_with_init(url: &str, init: &JsValue) -> js_sys::Promise;
}

async fn control(path: &str, body: Option<&str>) -> JsValue {
    let init = Object::new();
    if let Some(body) = body {
        Reflect::set(&init, &"method".into(), &"POST".into()).unwrap();
        Reflect::set(&init, &"body".into(), &body.into()).unwrap();
    }
    let response: web_sys::Response =
        JsFuture::from(fetch_with_init(&format!("{SIM}{path}"), &init))
            .await
            .unwrap()
            .unchecked_into();
    JsFuture::from(response.json().unwrap()).await.unwrap()
}

fn simulator() -> Client {
    Client::new(&ClientOptions::direct("test-key", "test_hq").base_url(SIM)).unwrap()
}

fn fresh_destination() -> String {
    format!("+659{:07}", (js_sys::Math::random() * 9_999_999.0) as u32)
}

/// A session the simulator started for a fresh number.
async fn started_session() -> Verification {
    simulator()
        .start_verification(&StartVerificationRequest::new(fresh_destination()), None)
        .await
        .unwrap()
}

/// Reads `started` again on the simulator and asserts it comes back: the module still works
/// after the failure `after` describes.
async fn assert_still_reads(started: &Verification, after: &str) {
    let read = simulator()
        .get_verification(&started.session_id, None)
        .await
        .unwrap();
    assert_eq!(read.session_id, started.session_id, "{after}");
}

/// The verification in the JavaScript field names the cases use, as serde-wasm-bindgen
/// gives it to JavaScript.
fn js_field(v: &Verification, key: &str) -> JsValue {
    let object = serde_wasm_bindgen::to_value(v).unwrap();
    let value = Reflect::get(&object, &key.into()).unwrap();
    if value.is_undefined() {
        JsValue::NULL
    } else {
        value
    }
}

fn error_field(e: &Error, key: &str) -> JsValue {
    let d = e.details();
    let number = |n: Option<f64>| n.map_or(JsValue::NULL, JsValue::from);
    match key {
        "code" => serde_wasm_bindgen::to_value(&e.code()).unwrap_or(JsValue::NULL),
        "status" => number(d.status.map(f64::from)),
        "apiCode" => number(d.api_code.map(|c| c as f64)),
        "field" => d.field.as_deref().map_or(JsValue::NULL, JsValue::from),
        "errorId" => d.error_id.as_deref().map_or(JsValue::NULL, JsValue::from),
        "retryAfterSeconds" => number(d.retry_after_seconds.map(|s| s as f64)),
        other => panic!("unknown expectation {other}"),
    }
}

fn entries(object: &JsValue) -> Vec<(String, JsValue)> {
    Object::entries(object.unchecked_ref())
        .iter()
        .map(|pair| {
            let pair: Array = pair.unchecked_into();
            (pair.get(0).as_string().unwrap(), pair.get(1))
        })
        .collect()
}

/// Asserts that each field of the `expected` object is `actual(key)` (by `Object.is`), for
/// the case `name`.
fn assert_fields(name: &str, expected: &JsValue, actual: impl Fn(&str) -> JsValue) {
    for (key, expected) in entries(expected) {
        let actual = actual(&key);
        assert!(
            Object::is(&actual, &expected),
            "{name}: {key} is {actual:?}, expected {expected:?}"
        );
    }
}

#[wasm_bindgen_test]
async fn response_cases_replayed_over_http() {
    let cases: Array = JSON::parse(include_str!("../cases/responses.json"))
        .unwrap()
        .unchecked_into();
    assert!(cases.length() > 10);
    for case in cases.iter() {
        let name = Reflect::get(&case, &"name".into())
            .unwrap()
            .as_string()
            .unwrap();
        let client = Client::new(
            &ClientOptions::direct("test-key", "test_hq").base_url(format!("{CASES}/{name}")),
        )
        .unwrap();
        let result = client.get_verification("s1", None).await;
        let expect = Reflect::get(&case, &"expect".into()).unwrap();
        match result {
            Ok(v) => {
                assert!(expect.is_object(), "{name}: unexpected success {v:?}");
                assert_fields(&name, &expect, |key| js_field(&v, key));
            }
            Err(e) => {
                let expected_error = Reflect::get(&case, &"error".into()).unwrap();
                assert!(expected_error.is_object(), "{name}: unexpected {e:?}");
                assert_fields(&name, &expected_error, |key| error_field(&e, key));
            }
        }
    }
}

#[wasm_bindgen_test]
async fn whole_flow_against_the_simulator() {
    let client = simulator();
    let destination = fresh_destination();
    let mut request = StartVerificationRequest::new(destination.as_str());
    request.brand = Some("Wasm".into());
    let started = client.start_verification(&request, None).await.unwrap();
    assert_eq!(
        (started.attempts_left, started.expires_in_seconds),
        (5, 300)
    );

    let inbox = control(
        &format!(
            "/_sim/messages?destination={}",
            destination.replace('+', "%2B")
        ),
        None,
    )
    .await;
    let last: Array = inbox.unchecked_into();
    let code = Reflect::get(&last.get(last.length() - 1), &"code".into())
        .unwrap()
        .as_string()
        .unwrap();
    let wrong = if code == "0000" { "1111" } else { "0000" };

    let check = client
        .check_code(&started.session_id, wrong, None)
        .await
        .unwrap();
    assert_eq!(
        (check.outcome, check.verification.attempts_left),
        (Outcome::WrongCode, 4)
    );
    let check = client
        .check_code(&started.session_id, &code, None)
        .await
        .unwrap();
    assert_eq!(check.outcome, Outcome::Verified);
    assert!(check.verification.verified);
    let read = client
        .get_verification(&started.session_id, None)
        .await
        .unwrap();
    assert!(read.verified);
}

#[wasm_bindgen_test]
async fn transport_failures_are_typed_and_leave_the_module_usable() {
    let closed =
        Client::new(&ClientOptions::direct("test-key", "test_hq").base_url(CLOSED)).unwrap();
    let e = closed.get_verification("s1", None).await.unwrap_err();
    assert_eq!(e.code(), VerifyErrorCode::Network);

    control("/_sim/faults", Some(r#"{"count":1,"delayMs":2000}"#)).await;
    let hasty = Client::new(
        &ClientOptions::direct("test-key", "test_hq")
            .base_url(SIM)
            .timeout_ms(250),
    )
    .unwrap();
    let e = hasty.get_verification("s1", None).await.unwrap_err();
    assert_eq!(e.code(), VerifyErrorCode::Timeout);

    let started = started_session().await;
    control("/_sim/faults", Some(r#"{"count":1,"body":"non-json"}"#)).await;
    let e = simulator()
        .get_verification(&started.session_id, None)
        .await
        .unwrap_err();
    assert_eq!(
        (e.code(), e.details().status),
        (VerifyErrorCode::BadResponse, Some(200))
    );

    let controller = web_sys::AbortController::new().unwrap();
    controller.abort();
    let e = simulator()
        .get_verification("s1", Some(&controller.signal()))
        .await
        .unwrap_err();
    assert_eq!(e.code(), VerifyErrorCode::Aborted);

    let e = simulator()
        .get_verification("no-such-session", None)
        .await
        .unwrap_err();
    assert_eq!(e.code(), VerifyErrorCode::NotFound);
    assert_still_reads(&started, "the module still works after every failure").await;
}

/// Aborts `controller` with `reason` (or none) 50 ms from now.
fn abort_soon(controller: &AbortController, reason: Option<JsValue>) {
    let controller = controller.clone();
    let abort = Closure::once_into_js(move || match reason {
        Some(reason) => controller.abort_with_reason(&reason),
        None => controller.abort(),
    });
    let global = js_sys::global();
    let set_timeout: js_sys::Function = Reflect::get(&global, &"setTimeout".into())
        .unwrap()
        .unchecked_into();
    set_timeout.call2(&global, &abort, &50.into()).unwrap();
}

#[wasm_bindgen_test]
async fn aborting_mid_request_with_any_reason_is_aborted_and_the_next_call_works() {
    let started = started_session().await;
    let dom_exception_class: js_sys::Function =
        Reflect::get(&js_sys::global(), &"DOMException".into())
            .unwrap()
            .unchecked_into();
    let dom_exception = Reflect::construct(
        &dom_exception_class,
        &Array::of2(&"user left".into(), &"AbortError".into()),
    )
    .unwrap();
    let reasons = [
        None,
        Some(JsValue::from_str("user cancelled")),
        Some(JsValue::from_f64(42.0)),
        Some(dom_exception),
        Some(JsValue::NULL),
        Some(js_sys::Object::new().into()),
    ];
    for reason in reasons {
        control("/_sim/faults", Some(r#"{"count":1,"delayMs":1500}"#)).await;
        let controller = AbortController::new().unwrap();
        let label = format!("{reason:?}");
        abort_soon(&controller, reason);
        let e = simulator()
            .get_verification(&started.session_id, Some(&controller.signal()))
            .await
            .unwrap_err();
        assert_eq!(e.code(), VerifyErrorCode::Aborted, "{label}");
        assert_still_reads(&started, &format!("{label}: the next call works")).await;
    }
}
