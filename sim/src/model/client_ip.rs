//! Client IP addresses: parsing (`clientIp`, 400/1012) and the simulated SMA
//! coverage rule (a public address is "covered").

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Parses an IPv4 or IPv6 address in its usual textual form.
pub fn parse(s: &str) -> Option<IpAddr> {
    s.parse().ok()
}

/// The simulator's SMA coverage rule: `true` for a public address; `false` for
/// unspecified, loopback, private (RFC 1918, IPv6 unique-local), shared
/// carrier-grade NAT (100.64.0.0/10), link-local, multicast, broadcast and
/// reserved (240.0.0.0/4) addresses. Documentation ranges (192.0.2.0/24,
/// 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32) count as public, so tests
/// can use them as stand-ins for real device addresses.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, _, _] = ip.octets();
    !(ip.is_unspecified()
        || a == 0
        || ip.is_loopback()
        || ip.is_private()
        || (a == 100 && (64..128).contains(&b))
        || ip.is_link_local()
        || ip.is_multicast()
        || ip.is_broadcast()
        || a >= 240)
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_public_v4(v4);
    }
    let first = ip.segments()[0];
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_multicast()
        || (first & 0xfe00) == 0xfc00 // unique local fc00::/7
        || (first & 0xffc0) == 0xfe80 // link-local fe80::/10
        || (first & 0xffc0) == 0xfec0) // deprecated site-local fec0::/10
}

#[cfg(test)]
mod tests {
    use super::*;

    fn public(s: &str) -> bool {
        is_public(parse(s).unwrap())
    }

    #[test]
    fn parses_both_families() {
        assert!(parse("123.123.123.123").is_some());
        assert!(parse("2001:db8::1").is_some());
        assert!(parse("::ffff:10.0.0.1").is_some());
        for bad in [
            "",
            "1.2.3",
            "256.1.1.1",
            "1.2.3.4.5",
            "abc",
            "1.2.3.4 ",
            "[::1]",
        ] {
            assert!(parse(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn public_addresses() {
        for ip in [
            "123.123.123.123",
            "8.8.8.8",
            "203.0.113.7",
            "100.63.255.255",
            "100.128.0.1",
            "172.32.0.1",
            "2001:db8::1",
            "2404:6800:4003::200e",
            "::ffff:8.8.8.8",
        ] {
            assert!(public(ip), "{ip}");
        }
    }

    #[test]
    fn non_public_addresses() {
        for ip in [
            "0.0.0.0",
            "0.1.2.3",
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "100.64.0.1",
            "100.127.255.255",
            "169.254.10.10",
            "224.0.0.1",
            "255.255.255.255",
            "240.0.0.1",
            "::",
            "::1",
            "fe80::1",
            "fd12:3456::1",
            "fc00::1",
            "ff02::1",
            "fec0::1",
            "::ffff:192.168.0.1",
        ] {
            assert!(!public(ip), "{ip}");
        }
    }
}
