//! Which names a request may address the preview by: the guard against DNS rebinding.
//!
//! A web page on a name its author controls can point that name at 127.0.0.1 once the page
//! has loaded, then read the preview from the visitor's browser as if it were its own
//! site. The browser still sends the author's name in `Host`, so answering only to names
//! that cannot be re-pointed (this machine's loopback names and the address the connection
//! reached, by number) shuts that door. Names the user vouches for are added with
//! `--allow-host`.

use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;

use axum::http::uri::Authority;

/// The names the user allowed on top of the local ones.
#[derive(Debug, Clone, Default)]
pub(super) struct Hosts {
    allowed: Vec<Allowed>,
}

/// A name given with `--allow-host`: any port unless one was given.
#[derive(Debug, Clone)]
struct Allowed {
    host: String,
    port: Option<u16>,
}

/// Why a request is refused.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Refusal {
    /// HTTP/1.1 requires a `Host`; a request without one cannot be told apart.
    Missing,
    /// A name this server does not answer to, as the request gave it.
    Foreign(String),
}

impl Hosts {
    /// The local names plus `names` (`NAME` or `NAME:PORT`, as given to `--allow-host`).
    pub(super) fn new(names: &[String]) -> Hosts {
        let allowed = names
            .iter()
            .map(|name| match Authority::from_str(name.trim()) {
                Ok(authority) => Allowed {
                    host: normalized(authority.host()),
                    port: authority.port_u16(),
                },
                Err(_) => Allowed {
                    host: normalized(name),
                    port: None,
                },
            })
            .collect();
        Hosts { allowed }
    }

    /// Whether a request naming `authority` (the `Host` header, or the authority of an
    /// absolute request target) may be answered on a connection that reached `local`.
    /// `required` says whether a missing name is an error (HTTP/1.1) or not (HTTP/1.0,
    /// which predates `Host`; a browser always sends one).
    pub(super) fn check(
        &self,
        authority: Option<&str>,
        required: bool,
        local: SocketAddr,
    ) -> Result<(), Refusal> {
        let Some(given) = authority else {
            return if required {
                Err(Refusal::Missing)
            } else {
                Ok(())
            };
        };
        let foreign = || Refusal::Foreign(given.to_string());
        // `user@host` is no `Host`; `Authority` would accept it.
        if given.contains('@') {
            return Err(foreign());
        }
        let authority = Authority::from_str(given).map_err(|_| foreign())?;
        let host = normalized(authority.host());
        let port = authority.port_u16();
        let user_allowed = self
            .allowed
            .iter()
            .any(|a| a.host == host && (a.port.is_none() || a.port == port));
        // No port is the scheme's default: tolerated, as only the name matters against
        // rebinding; a wrong port is a request meant for another server.
        let local_name = is_local_name(&host, local) && port.is_none_or(|p| p == local.port());
        if user_allowed || local_name {
            Ok(())
        } else {
            Err(foreign())
        }
    }

    /// The refusal as a short plain-text explanation for the client.
    pub(super) fn explain(refusal: &Refusal, local: SocketAddr) -> String {
        let port = local.port();
        let usual = format!("http://localhost:{port}/ or http://{}/", visible(local));
        match refusal {
            Refusal::Missing => format!(
                "This preview answers only requests that name it in a Host header, such as {usual}.\n"
            ),
            Refusal::Foreign(given) => {
                let name = Authority::from_str(given)
                    .map(|a| a.host().to_string())
                    .unwrap_or_else(|_| given.clone());
                format!(
                    "This preview does not answer to the host {given:?} (a guard against DNS rebinding). \
                     Open {usual}, or restart `rapport serve` with --allow-host {name} to allow that name.\n"
                )
            }
        }
    }
}

/// Lower case without a final dot: `LocalHost.` names the same machine as `localhost`.
fn normalized(host: &str) -> String {
    host.trim_end_matches('.').to_ascii_lowercase()
}

/// `localhost`, the address the connection reached, by number, or any loopback address
/// when it reached one.
fn is_local_name(host: &str, local: SocketAddr) -> bool {
    if host == "localhost" {
        return true;
    }
    let literal = host.trim_start_matches('[').trim_end_matches(']');
    let Ok(ip) = literal.parse::<IpAddr>() else {
        return false;
    };
    let (ip, reached) = (ip.to_canonical(), local.ip().to_canonical());
    ip == reached || (ip.is_loopback() && reached.is_loopback())
}

/// The address as a browser writes it: IPv6 in brackets.
fn visible(local: SocketAddr) -> String {
    match local.ip().to_canonical() {
        IpAddr::V4(ip) => format!("{ip}:{}", local.port()),
        IpAddr::V6(ip) => format!("[{ip}]:{}", local.port()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loopback() -> SocketAddr {
        "127.0.0.1:1111".parse().unwrap()
    }

    fn check(hosts: &Hosts, host: &str, local: SocketAddr) -> bool {
        hosts.check(Some(host), true, local).is_ok()
    }

    #[test]
    fn local_names_on_the_right_port_are_answered() {
        let hosts = Hosts::new(&[]);
        for host in [
            "localhost:1111",
            "LOCALHOST:1111",
            "localhost.:1111",
            "127.0.0.1:1111",
            "[::1]:1111",
            "127.0.0.1",
            "localhost",
        ] {
            assert!(check(&hosts, host, loopback()), "{host}");
        }
    }

    #[test]
    fn other_names_ports_and_forms_are_refused() {
        let hosts = Hosts::new(&[]);
        for host in [
            "evil.example:1111",
            "evil.example",
            "localhost:2222",
            "127.0.0.1:80",
            "localhost.evil.example:1111",
            "user@localhost:1111",
            "192.168.1.5:1111",
            "",
            "local host:1111",
        ] {
            assert!(!check(&hosts, host, loopback()), "{host}");
        }
    }

    #[test]
    fn a_missing_host_is_refused_on_http_1_1_only() {
        let hosts = Hosts::new(&[]);
        assert_eq!(hosts.check(None, true, loopback()), Err(Refusal::Missing));
        assert_eq!(hosts.check(None, false, loopback()), Ok(()));
    }

    #[test]
    fn on_every_address_the_address_reached_is_answered_by_number() {
        let hosts = Hosts::new(&[]);
        let lan: SocketAddr = "192.168.1.5:1111".parse().unwrap();
        assert!(check(&hosts, "192.168.1.5:1111", lan));
        assert!(!check(&hosts, "127.0.0.1:1111", lan));
        assert!(!check(&hosts, "my-laptop.local:1111", lan));
        let mapped: SocketAddr = "[::ffff:127.0.0.1]:1111".parse().unwrap();
        assert!(check(&hosts, "127.0.0.1:1111", mapped));
    }

    #[test]
    fn allowed_names_are_answered_on_any_port_unless_one_is_given() {
        let hosts = Hosts::new(&["Preview.Example".into(), "proxy.example:8443".into()]);
        assert!(check(&hosts, "preview.example", loopback()));
        assert!(check(&hosts, "preview.example:8080", loopback()));
        assert!(check(&hosts, "proxy.example:8443", loopback()));
        assert!(!check(&hosts, "proxy.example:8444", loopback()));
        assert!(!check(&hosts, "evil.example:1111", loopback()));
    }

    #[test]
    fn the_explanation_names_the_flag_and_the_usual_addresses() {
        let text = Hosts::explain(&Refusal::Foreign("evil.example:1111".into()), loopback());
        assert!(text.contains("--allow-host evil.example "), "{text}");
        assert!(text.contains("http://localhost:1111/"), "{text}");
        assert!(text.contains("http://127.0.0.1:1111/"), "{text}");
    }
}
