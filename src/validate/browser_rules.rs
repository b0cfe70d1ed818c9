//! `pkg/browser-rules.js`, the option rules of the browser entry, generated from their one
//! source here: the rule texts of [`super::options`] and the shape of `ClientOptions`
//! (its fields, the names of `credentials`). The browser entry checks its options in
//! JavaScript, synchronously, before its lazily loaded wasm exists (`new VerifyClient`
//! throws at once); it takes every word and number of those checks from that file.
//!
//! The test fails when the file differs from what these rules make; `BLESS=1 cargo test
//! -p verify-8x8 --lib browser_rules` writes it anew.

use super::options::{
    BASE_URL_REQUIRED_RULE, BASE_URL_RULE, KEY_IN_BROWSER_RULE, KEY_REQUIRED_RULE, MAX_TIMEOUT_MS,
    TIMEOUT_RULE,
};
use crate::shape::{Kind, Rules};
use crate::types::ClientOptions;

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/pkg/browser-rules.js");

/// The JavaScript module, as these rules make it.
fn module() -> String {
    let Kind::Object(shape) = Kind::of::<ClientOptions>() else {
        panic!("ClientOptions is a struct");
    };
    let fields: Vec<&str> = shape.named_kinds().map(|(name, _)| name).collect();
    let credentials = shape
        .named_kinds()
        .find(|(name, _)| *name == "credentials")
        .map(|(_, kind)| kind.clone())
        .expect("ClientOptions has credentials");
    let Kind::Choice(names) = credentials else {
        panic!("credentials is one of some names");
    };
    let rules = serde_json::json!({
        "object": Kind::Object(Default::default()).rule(),
        "unknown": Rules::DEFAULT.unknown,
        "text": Kind::Text.rule(),
        "keyInBrowser": KEY_IN_BROWSER_RULE,
        "keyRequired": KEY_REQUIRED_RULE,
        "baseUrlRequired": BASE_URL_REQUIRED_RULE,
        "baseUrl": BASE_URL_RULE,
        "timeoutMs": TIMEOUT_RULE,
        "credentials": credentials_rule(names),
    });
    let json = |v: &serde_json::Value| serde_json::to_string_pretty(v).expect("JSON");
    format!(
        "// GENERATED from src/validate/options.rs and the shape of ClientOptions by\n\
         // src/validate/browser_rules.rs: do not edit. After changing a rule there, run\n\
         // BLESS=1 cargo test -p verify-8x8 --lib browser_rules\n\
         // The words and numbers of the browser entry's option checks (browser-options.js).\n\
         \n\
         /** Every field of ClientOptions. */\n\
         export const FIELDS = {};\n\
         \n\
         /** The values of `credentials`. */\n\
         export const CREDENTIALS = {};\n\
         \n\
         /** The largest `timeoutMs`. */\n\
         export const MAX_TIMEOUT_MS = {MAX_TIMEOUT_MS};\n\
         \n\
         /** Each rule, as the wasm words it. */\n\
         export const RULES = {};\n",
        json(&serde_json::json!(fields)),
        json(&serde_json::json!(names)),
        json(&rules),
    )
}

fn credentials_rule(names: &'static [&'static str]) -> String {
    Kind::Choice(names).rule()
}

#[test]
fn the_browser_entry_has_these_rules() {
    let fresh = module();
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(PATH, &fresh).expect("write pkg/browser-rules.js");
    }
    let shipped = std::fs::read_to_string(PATH).unwrap_or_default();
    assert!(
        shipped == fresh,
        "pkg/browser-rules.js differs from the rules in src/validate/options.rs: run\n  \
         BLESS=1 cargo test -p verify-8x8 --lib browser_rules\n--- expected ---\n{fresh}"
    );
}
