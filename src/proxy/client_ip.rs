//! The client's address as the limits see it. The text is parsed (`core::net`) and
//! canonicalised, so one client cannot look like many: `::ffff:1.2.3.4` is `1.2.3.4`,
//! `2001:DB8::1` is `2001:db8::1`, and every IPv6 address in one prefix (a /64 by
//! default, what one subscriber or server gets) is one client. Anything that does not
//! parse is no address at all, which the proxy refuses while the per-IP limit is on.

use core::net::{IpAddr, Ipv6Addr};

/// A parsed client address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientIp {
    /// The address, canonical: what 8x8 receives as `clientIp`.
    pub address: IpAddr,
    /// The network the limits count: the IPv4 address, or the IPv6 prefix.
    pub network: String,
    /// The length of that IPv6 prefix (128 for IPv4: it has no wider network here).
    prefix_length: u8,
}

impl ClientIp {
    /// Parses `text` (surrounding spaces allowed), limiting IPv6 clients by their first
    /// `prefix_length` bits.
    pub fn parse(text: &str, prefix_length: u8) -> Option<ClientIp> {
        let address = match text.trim().parse::<IpAddr>().ok()? {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
            v4 => v4,
        };
        let (network, prefix_length) = match address {
            IpAddr::V4(v4) => (v4.to_string(), 128),
            IpAddr::V6(v6) => (prefix(v6, prefix_length), prefix_length.min(128)),
        };
        Some(ClientIp {
            address,
            network,
            prefix_length,
        })
    }

    /// The IPv6 network of `bits` this client is in, when that is wider than the prefix
    /// it is limited by (`2001:db8:1::/48`); `None` for IPv4.
    pub fn wider_network(&self, bits: u8) -> Option<String> {
        match self.address {
            IpAddr::V6(v6) if bits < self.prefix_length => Some(prefix(v6, bits)),
            _ => None,
        }
    }

    /// The right-most entry of an `X-Forwarded-For` list: the one the nearest (trusted)
    /// proxy appended; entries to its left are whatever the client claimed.
    pub fn from_forwarded_for(list: &str, prefix_length: u8) -> Option<ClientIp> {
        ClientIp::parse(list.rsplit(',').next()?, prefix_length)
    }
}

/// The first `bits` of `address`, written `prefix/bits`.
fn prefix(address: Ipv6Addr, bits: u8) -> String {
    let bits = u32::from(bits.min(128));
    let mask = u128::MAX.checked_shl(128 - bits).unwrap_or(0);
    format!("{}/{bits}", Ipv6Addr::from(u128::from(address) & mask))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn network(text: &str) -> Option<String> {
        ClientIp::parse(text, 64).map(|ip| ip.network)
    }

    #[test]
    fn one_client_one_key() {
        assert_eq!(network("1.2.3.4").as_deref(), Some("1.2.3.4"));
        assert_eq!(network("::ffff:1.2.3.4").as_deref(), Some("1.2.3.4"));
        assert_eq!(network(" 203.0.113.5 ").as_deref(), Some("203.0.113.5"));
        let a = network("2001:db8:1:2::1");
        for same in [
            "2001:DB8:1:2::ffff",
            "2001:db8:1:2:aaaa:bbbb:cccc:dddd",
            "2001:0db8:0001:0002:0:0:0:7",
        ] {
            assert_eq!(network(same), a, "{same}");
        }
        assert_eq!(a.as_deref(), Some("2001:db8:1:2::/64"));
        assert_ne!(
            network("2001:db8:1:3::1"),
            a,
            "the next /64 is another client"
        );
        assert_eq!(
            ClientIp::parse("2001:db8:1:2::1", 48)
                .map(|ip| ip.network)
                .as_deref(),
            Some("2001:db8:1::/48")
        );
        assert_eq!(
            ClientIp::parse("2001:db8::1", 128)
                .map(|ip| ip.network)
                .as_deref(),
            Some("2001:db8::1/128")
        );
    }

    #[test]
    fn wider_networks_of_ipv6_clients() {
        let ip = ClientIp::parse("2001:db8:1:2::1", 64).unwrap();
        assert_eq!(ip.wider_network(48).as_deref(), Some("2001:db8:1::/48"));
        assert_eq!(ip.wider_network(56).as_deref(), Some("2001:db8:1::/56"));
        assert_eq!(
            ClientIp::parse("2001:db8:1:2ff::1", 64)
                .unwrap()
                .wider_network(56)
                .as_deref(),
            Some("2001:db8:1:200::/56")
        );
        assert_eq!(
            ip.wider_network(64),
            None,
            "not wider than the client's own"
        );
        assert_eq!(
            ClientIp::parse("1.2.3.4", 64).unwrap().wider_network(48),
            None
        );
        let coarse = ClientIp::parse("2001:db8:1:2::1", 48).unwrap();
        assert_eq!(coarse.wider_network(56), None);
    }

    #[test]
    fn the_address_forwarded_is_canonical() {
        let ip = ClientIp::parse("::ffff:1.2.3.4", 64).unwrap();
        assert_eq!(ip.address.to_string(), "1.2.3.4");
        let ip = ClientIp::parse("2001:DB8:0:0::1", 64).unwrap();
        assert_eq!(ip.address.to_string(), "2001:db8::1");
    }

    #[test]
    fn what_does_not_parse_is_no_address() {
        for bad in [
            "",
            "1.2.3",
            "1.2.3.4.5",
            "01.2.3.4",
            "1.2.3.4:80",
            "[::1]",
            "fe80::1%eth0",
            "unknown",
            "1.2.3.4, 5.6.7.8",
        ] {
            assert_eq!(ClientIp::parse(bad, 64), None, "{bad}");
        }
    }

    #[test]
    fn forwarded_for_takes_the_right_most_entry() {
        let ip = ClientIp::from_forwarded_for("6.6.6.6, 203.0.113.5", 64).unwrap();
        assert_eq!(ip.network, "203.0.113.5");
        assert_eq!(
            ClientIp::from_forwarded_for("203.0.113.5, garbage", 64),
            None
        );
    }
}
