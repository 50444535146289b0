//! Settings from the command line and the environment, with safe local defaults.
//!
//! | variable       | default                           | meaning                              |
//! |----------------|-----------------------------------|--------------------------------------|
//! | `DATABASE_URL` | `sqlite://data/helferkreis.db`    | database; created and migrated       |
//! | `BIND`         | `127.0.0.1:3000`                  | address to listen on (`:0` = any port)|
//! | `SITE_ROOT`    | `target/site`                     | built CSS/JS/WASM from cargo-leptos  |
//! | `RUST_LOG`     | `info`                            | log filter (tracing EnvFilter)       |
//! | `PUBLIC_URL`   | `http://` + the bound address     | how people reach the site: links in mails, cookie `Secure` flag (https), origin check |
//! | `SMTP_URL`     | unset: mails become `.eml` files  | e.g. `smtps://user:pass@mail.example.org` or `smtp://host:587?tls=required` (lettre URL syntax) |
//! | `MAIL_FROM`    | `noreply@localhost`               | sender address; the tenant's name is the display name |
//! | `OUTBOX_DIR`   | `data/outbox`                     | where mails are written when `SMTP_URL` is unset |
//! | `TRUSTED_PROXIES` | unset: none                    | comma-separated addresses of reverse proxies, e.g. `127.0.0.1,::1`: for requests from them the client address (rate limits) is taken from `X-Forwarded-For` |
//! | `DATABASE_CONNECTIONS` | 8 (PostgreSQL only)       | connections per instance (see `app::ssr::db`) |
//!
//! `SECRET_KEY` comes with the features that sign links (unsubscribe, issue 5).
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

pub const DEFAULT_BIND: &str = "127.0.0.1:3000";
pub const DEFAULT_SITE_ROOT: &str = "target/site";
pub const DEFAULT_MAIL_FROM: &str = "noreply@localhost";
pub const DEFAULT_OUTBOX_DIR: &str = "data/outbox";

#[derive(Debug, Clone)]
pub struct Config {
    pub tenant_dir: PathBuf,
    pub database_url: String,
    pub bind: SocketAddr,
    pub site_root: PathBuf,
    /// `None`: derived from the bound address at start.
    pub public_url: Option<String>,
    /// `None`: mails are written to `outbox_dir`.
    pub smtp_url: Option<String>,
    pub mail_from: String,
    pub outbox_dir: PathBuf,
    /// Reverse proxies whose `X-Forwarded-For` is believed (see `middleware::client_ip`).
    pub trusted_proxies: Vec<IpAddr>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("environment variable BIND=`{value}` is not an address like 127.0.0.1:3000: {source}")]
    Bind {
        value: String,
        #[source]
        source: std::net::AddrParseError,
    },
    #[error("environment variable PUBLIC_URL=`{0}` must start with http:// or https://")]
    PublicUrl(String),
    #[error(
        "environment variable TRUSTED_PROXIES: `{0}` is not an IP address like 127.0.0.1 or ::1"
    )]
    TrustedProxy(String),
}

impl Config {
    /// Reads the environment; `tenant_dir` comes from the command line.
    pub fn from_env(tenant_dir: PathBuf) -> Result<Self, ConfigError> {
        Self::from_lookup(tenant_dir, |key| std::env::var(key).ok())
    }

    pub fn from_lookup(
        tenant_dir: PathBuf,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, ConfigError> {
        let bind_text = lookup("BIND").unwrap_or_else(|| DEFAULT_BIND.to_string());
        let bind = bind_text.parse().map_err(|source| ConfigError::Bind {
            value: bind_text.clone(),
            source,
        })?;
        let public_url = lookup("PUBLIC_URL").filter(|u| !u.trim().is_empty());
        if let Some(url) = &public_url
            && !(url.starts_with("http://") || url.starts_with("https://"))
        {
            return Err(ConfigError::PublicUrl(url.clone()));
        }
        let mut trusted_proxies = Vec::new();
        for item in lookup("TRUSTED_PROXIES").unwrap_or_default().split(',') {
            let item = item.trim();
            if !item.is_empty() {
                let ip = item
                    .parse()
                    .map_err(|_| ConfigError::TrustedProxy(item.to_string()))?;
                trusted_proxies.push(ip);
            }
        }
        Ok(Self {
            trusted_proxies,
            public_url,
            smtp_url: lookup("SMTP_URL").filter(|u| !u.trim().is_empty()),
            mail_from: lookup("MAIL_FROM").unwrap_or_else(|| DEFAULT_MAIL_FROM.to_string()),
            outbox_dir: lookup("OUTBOX_DIR")
                .unwrap_or_else(|| DEFAULT_OUTBOX_DIR.to_string())
                .into(),
            tenant_dir,
            database_url: lookup("DATABASE_URL")
                .unwrap_or_else(|| app::ssr::db::DEFAULT_DATABASE_URL.to_string()),
            bind,
            site_root: lookup("SITE_ROOT")
                .or_else(|| lookup("LEPTOS_SITE_ROOT"))
                .unwrap_or_else(|| DEFAULT_SITE_ROOT.to_string())
                .into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_local_and_safe() {
        let config = Config::from_lookup("t".into(), |_| None).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(config.bind.to_string(), DEFAULT_BIND);
        assert!(config.database_url.starts_with("sqlite://data/"));
        assert!(config.smtp_url.is_none(), "no SMTP: mails become files");
        assert_eq!(config.outbox_dir, PathBuf::from("data/outbox"));
        assert!(config.public_url.is_none());
    }

    #[test]
    fn a_public_url_needs_a_scheme() {
        let err = Config::from_lookup("t".into(), |k| {
            (k == "PUBLIC_URL").then(|| "example.org".into())
        })
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
        assert!(err.contains("PUBLIC_URL=`example.org`"), "{err}");
    }

    #[test]
    fn a_bad_bind_names_the_variable() {
        let err = Config::from_lookup("t".into(), |k| (k == "BIND").then(|| "localhost".into()))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("BIND=`localhost`"), "{err}");
    }

    #[test]
    fn trusted_proxies_are_addresses() {
        let config = Config::from_lookup("t".into(), |k| {
            (k == "TRUSTED_PROXIES").then(|| "127.0.0.1, ::1".into())
        })
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(config.trusted_proxies.len(), 2);
        let err = Config::from_lookup("t".into(), |k| {
            (k == "TRUSTED_PROXIES").then(|| "127.0.0.1,proxy.local".into())
        })
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
        assert!(err.contains("`proxy.local`"), "{err}");
        let none = Config::from_lookup("t".into(), |_| None).unwrap_or_else(|e| panic!("{e}"));
        assert!(none.trusted_proxies.is_empty());
    }
}
