//! IP address syntax, small: the standard library's parser costs the browser wasm about
//! 3 KB, and only a yes/no (plus "is it loopback") is needed here.

#[allow(unused_imports)]
use crate::prelude::*;

/// Whether `s` is a dotted-quad IPv4 address (no leading zeros, each part ≤ 255).
pub fn is_ipv4(s: &str) -> bool {
    ipv4_octets(s).is_some()
}

fn ipv4_octets(s: &str) -> Option<[u8; 4]> {
    let mut octets = [0u8; 4];
    let mut parts = s.split('.');
    for octet in &mut octets {
        let part = parts.next()?;
        let valid = !part.is_empty()
            && part.len() <= 3
            && part.bytes().all(|b| b.is_ascii_digit())
            && !(part.len() > 1 && part.starts_with('0'));
        *octet = if valid {
            part.parse().ok()?
        } else {
            return None;
        };
    }
    parts.next().is_none().then_some(octets)
}

/// The eight 16-bit groups of an IPv6 address (with `::` and an IPv4 tail), or `None`.
fn ipv6_groups(s: &str) -> Option<[u16; 8]> {
    let (head, tail) = match crate::text::split_once(s, "::") {
        Some((head, tail)) if crate::text::split_once(tail, "::").is_none() => (head, Some(tail)),
        Some(_) => return None,
        None => (s, None),
    };
    let mut groups = Vec::with_capacity(8);
    read_groups(head, tail.is_none(), &mut groups)?;
    let head_len = groups.len();
    if let Some(tail) = tail {
        read_groups(tail, true, &mut groups)?;
    }
    let mut out = [0u16; 8];
    match tail {
        None if groups.len() == 8 => out.copy_from_slice(&groups),
        Some(_) if groups.len() < 8 => {
            let (front, back) = groups.split_at(head_len);
            out.get_mut(..head_len)?.copy_from_slice(front);
            out.get_mut(8 - back.len()..)?.copy_from_slice(back);
        }
        _ => return None,
    }
    Some(out)
}

/// Appends the colon-separated groups of `part`; the last may be an IPv4 tail when `last`.
fn read_groups(part: &str, last: bool, groups: &mut Vec<u16>) -> Option<()> {
    if part.is_empty() {
        return Some(());
    }
    let count = part.split(':').count();
    for (i, piece) in part.split(':').enumerate() {
        if last && i + 1 == count && piece.contains('.') {
            let [a, b, c, d] = ipv4_octets(piece)?;
            groups.push(u16::from_be_bytes([a, b]));
            groups.push(u16::from_be_bytes([c, d]));
        } else if (1..=4).contains(&piece.len()) && piece.bytes().all(|b| b.is_ascii_hexdigit()) {
            groups.push(u16::from_str_radix(piece, 16).ok()?);
        } else {
            return None;
        }
    }
    Some(())
}

/// Whether `s` is an IPv4 or IPv6 address.
pub fn is_ip(s: &str) -> bool {
    is_ipv4(s) || ipv6_groups(s).is_some()
}

/// Whether `s` is an IPv6 address.
pub fn is_ipv6(s: &str) -> bool {
    ipv6_groups(s).is_some()
}

/// Whether `s` is a loopback address (`127.0.0.0/8` or `::1`).
pub fn is_loopback(s: &str) -> bool {
    ipv4_octets(s).is_some_and(|[a, ..]| a == 127)
        || ipv6_groups(s) == Some([0, 0, 0, 0, 0, 0, 0, 1])
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn agrees_with_the_standard_library() {
        for s in [
            "1.2.3.4",
            "0.0.0.0",
            "255.255.255.255",
            "256.1.1.1",
            "01.2.3.4",
            "1.2.3",
            "1.2.3.4.5",
            "1..2.3",
            "",
            "::",
            "::1",
            "1::",
            "2001:db8::1",
            "2001:db8:0:0:0:0:2:1",
            "2001:db8::2:1::",
            "::ffff:192.0.2.1",
            "1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6:7:8:9",
            "1:2:3:4:5:6:7::",
            "::2:3:4:5:6:7:8",
            "12345::",
            "g::1",
            ":1",
            "1:",
            "1:2:3:4:5:6:1.2.3.4",
            "::1.2.3.4",
            "1.2.3.4::",
            "fe80::1%eth0",
            " 1.2.3.4",
            "1:2:3:4:5:6:7:8:1.2.3.4",
            "::1.2.3",
        ] {
            assert_eq!(is_ip(s), s.parse::<std::net::IpAddr>().is_ok(), "{s}");
        }
        assert!(
            is_loopback("127.0.0.1")
                && is_loopback("127.255.0.9")
                && is_loopback("::1")
                && is_loopback("0:0::1")
        );
        assert!(!is_loopback("128.0.0.1") && !is_loopback("::2") && !is_loopback("localhost"));
    }

    proptest! {
        #[test]
        fn agrees_on_arbitrary_input(s in "[0-9a-fA-F:.]{0,40}") {
            prop_assert_eq!(is_ip(&s), s.parse::<std::net::IpAddr>().is_ok(), "{}", s);
            prop_assert_eq!(is_loopback(&s), s.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback()), "{}", s);
        }
    }
}
