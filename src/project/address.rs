//! Web addresses in data files, parsed with a real URL parser: only public `https://`
//! pages.
//!
//! An address ends up in a QR code that a victim may scan: it must open the page it
//! says, over an encrypted connection. The WHATWG parser forgives a lot that a person
//! reading the printed address would not (`https:example.com`, backslashes, a user name
//! before the host that makes `https://hotline.org@evil.example/` go elsewhere), so
//! the raw text is checked before it is parsed.

use url::{Host, Url};

use super::text::forbidden_char;

/// A public `https://` address, parsed.
///
/// Refused: any scheme but `https`; a missing or empty host; user info
/// (`https://user@host/`); backslashes; whitespace, control and invisible characters.
/// IP literals parse: the caller warns about them with [`reserved`].
pub(crate) fn parse_https(s: &str) -> Result<Url, String> {
    if let Some((at, c)) = s
        .char_indices()
        .find(|&(_, c)| c.is_whitespace() || c.is_control())
    {
        return Err(format!(
            "the address has {c:?} at byte {at}: an address has no spaces or control characters"
        ));
    }
    if let Some((at, c)) = forbidden_char(s) {
        return Err(format!(
            "the address has the invisible character U+{:04X} at byte {at}: retype it",
            u32::from(c)
        ));
    }
    // Parsers read a backslash as a slash, people and some phones do not.
    if s.contains('\\') {
        return Err("the address has a backslash: write `/` instead".to_string());
    }
    let Some(rest) = s
        .get(..8)
        .filter(|scheme| scheme.eq_ignore_ascii_case("https://"))
        .map(|_| &s[8..])
    else {
        let plain = s
            .get(..7)
            .is_some_and(|scheme| scheme.eq_ignore_ascii_case("http://"));
        return Err(if plain {
            "the address starts with http://: use https://, which is encrypted".to_string()
        } else {
            "the address must start with https://".to_string()
        });
    };
    // The parser would find a host in `https:///example.com`; a reader sees none.
    if rest.is_empty() || rest.starts_with(['/', '?', '#']) {
        return Err("the address has no host after https://".to_string());
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return Err(
            "the address has a user name before the host (`…@`): remove it, it can hide where the link goes"
                .to_string(),
        );
    }
    let url = Url::parse(s).map_err(|e| format!("not a valid address: {e}"))?;
    if url.scheme() != "https" {
        return Err("the address must start with https://".to_string());
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("the address has a user name or password: remove it".to_string());
    }
    match url.host_str() {
        Some(host) if !host.is_empty() => Ok(url),
        _ => Err("the address has no host after https://".to_string()),
    }
}

/// Names reserved with all their subdomains: those kept for documentation (RFC 2606
/// § 3), the loopback name (RFC 6761 § 6.3), and home networks' `home.arpa` (RFC 8375).
const RESERVED_NAMES: [&str; 5] = [
    "example.com",
    "example.net",
    "example.org",
    "localhost",
    "home.arpa",
];

/// Top-level domains that are never public: RFC 2606 § 2 (`test`, `example`,
/// `invalid`, `localhost`), RFC 6762 (`local`, multicast DNS), and ICANN's private-use
/// `internal` (2024).
const RESERVED_TLDS: [&str; 6] = [
    "test",
    "example",
    "invalid",
    "localhost",
    "local",
    "internal",
];

/// Why an address's host is not a real public one, if it is not: reserved names
/// (example.com/.net/.org and their subdomains, localhost), reserved top-level domains
/// (.test, .example, .invalid, .localhost, .local, .internal, home.arpa), single-label
/// names, and IP literals in every form (IPv4, IPv6, and the decimal, hex and octal forms
/// that the parser turns into IPv4, such as `https://3232235777/` or
/// `https://0xC0A80101/`).
pub fn reserved(url: &Url) -> Option<String> {
    let domain = match url.host()? {
        Host::Ipv4(ip) => {
            return Some(format!(
                "the host is the IP address {ip}, not a name: a QR code needs the site's domain"
            ));
        }
        Host::Ipv6(ip) => {
            return Some(format!(
                "the host is the IP address [{ip}], not a name: a QR code needs the site's domain"
            ));
        }
        Host::Domain(domain) => domain,
    };
    // The parser lowercases the host; one trailing dot names the same host.
    let host = domain
        .strip_suffix('.')
        .unwrap_or(domain)
        .to_ascii_lowercase();
    if host.split('.').any(str::is_empty) {
        return Some(format!("{domain} has an empty part between dots"));
    }
    let under = |name: &str| host == name || host.ends_with(&format!(".{name}"));
    if let Some(name) = RESERVED_NAMES.iter().find(|n| under(n)) {
        return Some(format!("{name} is reserved and belongs to no one's site"));
    }
    let tld = host.rsplit('.').next().unwrap_or_default();
    if RESERVED_TLDS.contains(&tld) {
        return Some(format!(".{tld} is a reserved top-level domain"));
    }
    if !host.contains('.') {
        return Some(format!("{host} is a single name, not a public domain"));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        parse_https(s).unwrap()
    }

    #[test]
    fn public_https_addresses_parse() {
        assert_eq!(
            url("https://humantraffickinghotline.org/chat").as_str(),
            "https://humantraffickinghotline.org/chat"
        );
        assert_eq!(
            url("HTTPS://Example.ORG/Contact").as_str(),
            "https://example.org/Contact"
        );
        assert!(parse_https("https://siskiyou-coalition.example.org/contact").is_ok());
        assert!(parse_https("https://host.org:8443/x?y=1#z").is_ok());
    }

    #[test]
    fn other_schemes_are_refused() {
        let plain = parse_https("http://humantraffickinghotline.org/").unwrap_err();
        assert!(plain.contains("use https://"), "{plain}");
        for s in [
            "ftp://host.org/",
            "humantraffickinghotline.org",
            "mailto:a@b.org",
            "",
        ] {
            assert!(parse_https(s).is_err(), "{s}");
        }
    }

    #[test]
    fn a_missing_host_is_refused() {
        for s in [
            "https:///",
            "https://",
            "https://#",
            "https://?x",
            "https:/x",
            "https:x",
            "https:///example.com",
            "https:example.com",
        ] {
            assert!(parse_https(s).is_err(), "{s}");
        }
    }

    #[test]
    fn user_info_is_refused() {
        for s in [
            "https://user@host.org/",
            "https://user:pw@host.org/",
            "https://@host.org/",
            "https://humantraffickinghotline.org@evil.test/",
        ] {
            let error = parse_https(s).unwrap_err();
            assert!(error.contains("user name"), "{s}: {error}");
        }
        // An @ after the host is part of the path, and harmless.
        assert!(parse_https("https://host.org/a@b").is_ok());
    }

    #[test]
    fn backslashes_whitespace_and_controls_are_refused() {
        for s in [
            "https://host.org\\path",
            "https:\\\\host.org/",
            "https://host.org/a b",
            " https://host.org/",
            "https://host.org/\n",
            "https://host.org/\t",
            "https://host.org/\u{7}",
            "https://host\u{a0}.org/",
            "https://host\u{200B}.org/",
            "https://host.org/\u{202E}",
        ] {
            assert!(parse_https(s).is_err(), "{s:?}");
        }
    }

    #[test]
    fn ip_literals_parse_but_are_reserved() {
        for s in [
            "https://192.168.1.1/",
            "https://3232235777/",
            "https://0xC0A80101/",
            "https://0300.0250.1.1/",
            "https://192.168.257/",
            "https://[::1]/form",
            "https://[2001:db8::1]/",
        ] {
            let parsed = url(s);
            let why = reserved(&parsed).unwrap_or_default();
            assert!(why.contains("IP address"), "{s}: {why:?}");
        }
        assert!(
            reserved(&url("https://3232235777/"))
                .unwrap_or_default()
                .contains("192.168.1.1")
        );
    }

    #[test]
    fn reserved_names_and_tlds_are_found() {
        for s in [
            "https://siskiyou-coalition.example.org/contact",
            "https://example.com",
            "https://EXAMPLE.NET./",
            "https://shop.test/x",
            "https://a.invalid",
            "https://localhost:8080/",
            "https://printer.local/",
            "https://wiki.internal/",
            "https://router.home.arpa/",
            "https://site.example/",
            "https://intranet/",
            "https://ｅｘａｍｐｌｅ.com/",
        ] {
            assert!(reserved(&url(s)).is_some(), "{s}");
        }
        let why = reserved(&url("https://siskiyou-coalition.example.org/contact"));
        assert!(why.unwrap_or_default().contains("example.org"));
    }

    #[test]
    fn public_names_are_not_reserved() {
        for s in [
            "https://humantraffickinghotline.org/chat",
            "https://notexample.org/",
            "https://example.org.ca/",
            "https://testing.org/",
            "https://humantraffickinghotline.org./",
        ] {
            assert_eq!(reserved(&url(s)), None, "{s}");
        }
    }
}
