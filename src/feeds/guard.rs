//! Which URLs gazette will request: one check for feed URLs wherever they
//! come from (`feeds add`, OPML import), and the address rule for full-text
//! pages, so a feed cannot make gazette call services on the user's own
//! machine or network.

use std::fmt;
use std::io;
use std::net::{IpAddr, SocketAddr, ToSocketAddrs};

use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::NextTimeout;
use url::Url;

/// Longest URL accepted, in bytes.
pub const MAX_URL_BYTES: usize = 8 * 1024;

/// Why a URL is not one gazette will subscribe to or fetch.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlError {
    #[error("the URL is empty")]
    Empty,
    #[error("the URL is over {MAX_URL_BYTES} bytes")]
    TooLong,
    #[error("the URL holds a space or control character")]
    Control,
    #[error("a feed URL must start with http:// or https://")]
    Scheme,
    #[error("the URL is malformed: {0}")]
    Malformed(String),
    #[error("the URL names no host")]
    NoHost,
}

/// Checks a feed or page URL: http or https, a host, no whitespace or
/// control characters, at most [`MAX_URL_BYTES`]. Every place a URL enters
/// the subscriptions goes through here, so they all refuse the same ones.
pub fn check_url(url: &str) -> Result<Url, UrlError> {
    if url.is_empty() {
        return Err(UrlError::Empty);
    }
    if url.len() > MAX_URL_BYTES {
        return Err(UrlError::TooLong);
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(UrlError::Control);
    }
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        return Err(UrlError::Scheme);
    }
    let parsed = Url::parse(url).map_err(|e| UrlError::Malformed(e.to_string()))?;
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(UrlError::NoHost);
    }
    Ok(parsed)
}

/// The URL without any `user:password@`, and whether it had one: credentials
/// written into a feed's links are never sent.
pub fn without_credentials(mut url: Url) -> (Url, bool) {
    let had = !url.username().is_empty() || url.password().is_some();
    if had {
        // Cannot fail for http(s) URLs with a host, which check_url ensures.
        let _ = url.set_username("");
        let _ = url.set_password(None);
    }
    (url, had)
}

/// True for addresses on the user's own machine or network: loopback,
/// private, link-local, multicast, unspecified, shared (CGNAT) and
/// broadcast, in IPv4 or IPv6 (an IPv4-mapped IPv6 address counts as its
/// IPv4 address).
pub fn is_local(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_multicast()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_local(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
        }
    }
}

/// True when `url`'s host is, or resolves to, a local address (see
/// [`is_local`]). A host that does not resolve counts as not local.
pub fn host_is_local(url: &Url) -> bool {
    let Some(port) = url.port_or_known_default() else {
        return false;
    };
    match url.host() {
        Some(url::Host::Ipv4(ip)) => is_local(IpAddr::V4(ip)),
        Some(url::Host::Ipv6(ip)) => is_local(IpAddr::V6(ip)),
        Some(url::Host::Domain(d)) => (d, port)
            .to_socket_addrs()
            .is_ok_and(|mut addrs| addrs.any(|a| is_local(a.ip()))),
        None => false,
    }
}

/// The marker of a refused address in the I/O error the resolver returns,
/// so the fetcher can tell a refusal from a network failure.
pub(super) const REFUSED: &str = "refused: ";

/// Resolves as usual, then refuses the host when any of its addresses is
/// local, so a page link (or a redirect of it) cannot reach the user's own
/// machine or network. Every address is checked, not just the first, since
/// the connection may use any of them.
pub(super) struct PublicOnly(DefaultResolver);

impl PublicOnly {
    pub(super) fn new() -> Self {
        PublicOnly(DefaultResolver::default())
    }
}

impl fmt::Debug for PublicOnly {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PublicOnly")
    }
}

impl Resolver for PublicOnly {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        config: &ureq::config::Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let addrs = self.0.resolve(uri, config, timeout)?;
        if let Some(local) = addrs.iter().map(SocketAddr::ip).find(|ip| is_local(*ip)) {
            return Err(ureq::Error::Io(io::Error::new(
                io::ErrorKind::PermissionDenied,
                format!(
                    "{REFUSED}{} is a local address ({local})",
                    uri.host().unwrap_or_default()
                ),
            )));
        }
        Ok(addrs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_check_refuses_what_is_not_a_web_url() {
        for bad in [
            "",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "data:text/html,x",
            "ftp://example.com/feed",
            "http://example.com/a\nb",
            "http://exa mple.com/",
            "http://",
        ] {
            assert!(check_url(bad).is_err(), "{bad:?} accepted");
        }
        for good in ["https://example.com/feed.xml", "HTTP://127.0.0.1:8080/rss"] {
            assert!(check_url(good).is_ok(), "{good:?} refused");
        }
        assert_eq!(
            check_url(&format!("http://e.com/{}", "a".repeat(MAX_URL_BYTES))),
            Err(UrlError::TooLong)
        );
    }

    #[test]
    fn credentials_are_taken_out() {
        let (url, had) = without_credentials(check_url("http://u:p@example.com/x").unwrap());
        assert!(had);
        assert_eq!(url.as_str(), "http://example.com/x");
        let (_, had) = without_credentials(check_url("http://example.com/x").unwrap());
        assert!(!had);
    }

    #[test]
    fn local_addresses_are_told_from_public_ones() {
        for local in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "224.0.0.1",
            "0.0.0.0",
            "100.64.0.1",
            "255.255.255.255",
            "::1",
            "::",
            "fc00::1",
            "fe80::1",
            "ff02::1",
            "::ffff:127.0.0.1",
        ] {
            assert!(is_local(local.parse().unwrap()), "{local}");
        }
        for public in ["93.184.216.34", "8.8.8.8", "2606:4700::1111"] {
            assert!(!is_local(public.parse().unwrap()), "{public}");
        }
        assert!(host_is_local(&check_url("http://127.0.0.1:9/").unwrap()));
        assert!(host_is_local(&check_url("http://localhost/").unwrap()));
        assert!(host_is_local(&check_url("http://[::1]/").unwrap()));
    }
}
