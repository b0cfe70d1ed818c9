//! The text of a delivered message: the request's `template` with `{code}` and
//! `{brand}` filled in, or the spec's default text.

/// Renders the message text. Placeholders are replaced in one pass, so a brand
/// containing `{code}` stays literal. A missing brand renders as empty.
/// Without a template the spec's default applies:
/// `{brand}: Your verification code is {code}` with a brand,
/// `Your verification code is {code}` without.
pub fn render(template: Option<&str>, brand: Option<&str>, code: &str) -> String {
    let brand = brand.filter(|b| !b.is_empty());
    let template = template.unwrap_or(match brand {
        Some(_) => "{brand}: Your verification code is {code}",
        None => "Your verification code is {code}",
    });
    let mut out = String::with_capacity(template.len() + code.len());
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if let Some(after) = tail.strip_prefix("{code}") {
            out.push_str(code);
            rest = after;
        } else if let Some(after) = tail.strip_prefix("{brand}") {
            out.push_str(brand.unwrap_or(""));
            rest = after;
        } else {
            out.push('{');
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_texts() {
        assert_eq!(render(None, None, "1234"), "Your verification code is 1234");
        assert_eq!(
            render(None, Some("ACME"), "1234"),
            "ACME: Your verification code is 1234"
        );
        assert_eq!(
            render(None, Some(""), "1234"),
            "Your verification code is 1234"
        );
    }

    #[test]
    fn templates_fill_every_placeholder() {
        assert_eq!(
            render(
                Some("{brand} code {code}, again {code}"),
                Some("B"),
                "42-42"
            ),
            "B code 42-42, again 42-42"
        );
        assert_eq!(render(Some("[{brand}] {code}"), None, "123"), "[] 123");
        assert_eq!(render(Some("no code here"), None, "123"), "no code here");
        assert_eq!(render(Some("{c}{ode} {{code}}"), None, "9"), "{c}{ode} {9}");
        assert_eq!(render(Some("{brand}"), Some("{code}"), "9"), "{code}");
        assert_eq!(render(Some("é {code} ü"), None, "9"), "é 9 ü");
        assert_eq!(render(Some(""), None, "9"), "");
    }
}
