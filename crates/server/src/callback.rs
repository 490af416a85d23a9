//! A request's own `callback_url` (seed 001): where this estimate's
//! `estimate.completed` / `estimate.failed` events go besides the partner's
//! endpoint, signed with the partner's webhook secret for the key's mode.
//!
//! Checked before anything is saved or charged: an `http`/`https` URL of at
//! most [`MAX_CALLBACK_URL`] characters, with a host and no user name or
//! password; a host written as a loopback, private, link-local or otherwise
//! non-public IP address (or `localhost`) is refused unless the operator runs
//! `serve --allow-private-callbacks`, so a partner cannot point the server at
//! its own network. Host names are not resolved here (a name that resolves
//! to a private address is the operator's firewall's to stop).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::db::sql::Sql;
use crate::db::tenants::{self, Tenant};
use crate::problem::ApiError;

/// Longest accepted `callback_url`, in characters.
pub(crate) const MAX_CALLBACK_URL: usize = 2048;

/// The checked URL, or a `400` naming what is wrong.
pub(crate) fn check(url: &str, allow_private: bool) -> Result<String, ApiError> {
    let bad = |why: String| ApiError::InvalidRequest(format!("callback_url {why}"));
    let url = url.trim();
    if url.is_empty() || url.chars().count() > MAX_CALLBACK_URL {
        return Err(bad(format!(
            "must be 1 to {MAX_CALLBACK_URL} characters (got {})",
            url.chars().count()
        )));
    }
    let parsed = reqwest::Url::parse(url)
        .map_err(|e| bad(format!("'{url}' is not a URL ({e}); send https://…")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(bad(format!(
            "must be http:// or https:// (got {}:)",
            parsed.scheme()
        )));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(bad(
            "must not carry a user name or password: webhooks are signed (Shopbench-Signature)"
                .into(),
        ));
    }
    let private = match parsed.host() {
        None => return Err(bad(format!("'{url}' has no host"))),
        Some(url::Host::Domain(d)) => {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            d == "localhost" || d.ends_with(".localhost")
        }
        Some(url::Host::Ipv4(ip)) => !public(IpAddr::V4(ip)),
        Some(url::Host::Ipv6(ip)) => !public(IpAddr::V6(ip)),
    };
    if private && !allow_private {
        return Err(bad(format!(
            "'{url}' points at a loopback or private address, which this server does not call (the operator allows it with `shopbench serve --allow-private-callbacks`)"
        )));
    }
    Ok(parsed.to_string())
}

/// Whether `ip` is a public unicast address.
fn public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => public_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => public_v4(v4),
            None => public_v6(v6),
        },
    }
}

fn public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    let shared = a == 100 && (64..128).contains(&b); // 100.64.0.0/10, carrier-grade NAT
    !(ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || shared
        || a == 0)
}

fn public_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    let unique_local = first & 0xfe00 == 0xfc00; // fc00::/7
    let link_local = first & 0xffc0 == 0xfe80; // fe80::/10
    !(ip.is_loopback() || ip.is_unspecified() || ip.is_multicast() || unique_local || link_local)
}

/// Refuses a callback when the partner has no webhook secret for the key's
/// mode (the events could not be signed): a `422` naming the operator's command.
pub(crate) fn require_secret(db: &mut dyn Sql, t: &Tenant) -> Result<(), ApiError> {
    if tenants::webhook(db, &t.partner_id, t.mode)?.is_some() {
        return Ok(());
    }
    Err(ApiError::Unprocessable(format!(
        "callback_url needs a webhook signing secret for {mode} mode to sign the events with, and this partner has none — the operator sets one with `shopbench admin webhook set PARTNER URL --mode {mode}`; nothing was saved or charged",
        mode = t.mode
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_http_and_https_urls_pass_and_come_back_normalised() {
        assert_eq!(
            check("https://Partner.example/hooks?x=1", false).unwrap(),
            "https://partner.example/hooks?x=1"
        );
        assert!(check("http://203.0.114.7:8080/h", false).is_ok());
        assert!(check("http://[2a00:1450::1]/h", false).is_ok());
    }

    #[test]
    fn other_schemes_credentials_and_overlong_urls_are_refused() {
        for bad in [
            "",
            "x",
            "ftp://partner.example/h",
            "file:///etc/passwd",
            "https://user:pw@partner.example/h",
            "https://",
        ] {
            let e = check(bad, true).unwrap_err();
            assert!(matches!(e, ApiError::InvalidRequest(_)), "{bad}: {e:?}");
        }
        let long = format!("https://partner.example/{}", "a".repeat(MAX_CALLBACK_URL));
        assert!(check(&long, true).is_err());
    }

    #[test]
    fn loopback_and_private_literals_need_the_operators_leave() {
        for private in [
            "http://127.0.0.1:9/h",
            "http://10.1.2.3/h",
            "http://172.16.0.1/h",
            "http://192.168.1.10/h",
            "http://169.254.169.254/latest/meta-data",
            "http://100.64.0.1/h",
            "http://0.0.0.0/h",
            "http://[::1]/h",
            "http://[fd00::1]/h",
            "http://[fe80::1]/h",
            "http://[::ffff:127.0.0.1]/h",
            "http://localhost:8080/h",
            "http://api.localhost/h",
        ] {
            let e = check(private, false).unwrap_err();
            let ApiError::InvalidRequest(d) = &e else {
                panic!("{private}: {e:?}")
            };
            assert!(d.contains("--allow-private-callbacks"), "{d}");
            assert!(check(private, true).is_ok(), "{private}");
        }
    }
}
