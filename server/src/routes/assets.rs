//! `GET /pkg/…`: the built style sheet, JavaScript and WASM (cargo-leptos writes them to
//! `SITE_ROOT/pkg`).
//!
//! Pages link them under a version taken from their contents, `/pkg/<version>/<file>`
//! (`LeptosOptions::site_pkg_dir` is `pkg/<version>`, see `startup::prepare`). With the
//! current version a file may be kept for a year: a new build changes the version and so
//! every address, so a returning visitor's browser never runs an old WASM against new
//! pages, and on a metered phone a page view after the first costs no request for them.
//! Anything else under `/pkg/` (the plain `/pkg/<file>`, or an old version asked for by a
//! page from before a deploy) gets the current file with `no-cache`: the browser must ask
//! again next time, and an unchanged file then costs a `304` (`Last-Modified`).
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use std::io::Read;
use tower::ServiceExt;
use tower_http::services::ServeDir;

/// The folder under `SITE_ROOT`, and the first segment of every asset address.
pub const PKG_DIR: &str = "pkg";
/// Hex digits of the version (`app::ssr::state::short_version`).
const VERSION_LEN: usize = 16;

const ASK_AGAIN: &str = "public, no-cache";

/// The version of the files in `dir`: the short version of the SHA-256 over each
/// file's name and contents, in name order. Precompressed copies (`.br`, `.gz`) follow from
/// their originals and are left out. A missing or unreadable folder or file counts as
/// empty: the server still starts (pages then work without JavaScript), and the version
/// changes once the files are there and the server restarts.
pub fn version(dir: &std::path::Path) -> String {
    use sha2::{Digest, Sha256};
    let mut names: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|path| path.is_file())
                .filter(|path| {
                    !matches!(path.extension().and_then(|e| e.to_str()), Some("br" | "gz"))
                })
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 64 * 1024];
    for path in &names {
        hasher.update(
            path.file_name()
                .map(|n| n.as_encoded_bytes())
                .unwrap_or_default(),
        );
        hasher.update([0u8]);
        if let Ok(mut file) = std::fs::File::open(path) {
            while let Ok(read) = file.read(&mut buffer) {
                if read == 0 {
                    break;
                }
                hasher.update(&buffer[..read]);
            }
        }
        hasher.update([0u8]);
    }
    app::ssr::state::short_version(&hasher.finalize())
}

/// What `serve` needs, made once when the router is built.
#[derive(Clone)]
pub struct Assets {
    /// The version pages link to (from the options `startup::prepare` made).
    version: std::sync::Arc<str>,
    files: ServeDir,
}

impl Assets {
    pub fn new(options: &leptos::prelude::LeptosOptions) -> Self {
        let version = options
            .site_pkg_dir
            .strip_prefix(PKG_DIR)
            .and_then(|rest| rest.strip_prefix('/'))
            .unwrap_or_default();
        let dir = std::path::Path::new(options.site_root.as_ref()).join(PKG_DIR);
        Self {
            version: version.into(),
            files: ServeDir::new(dir).precompressed_br(),
        }
    }
}

/// Whether `segment` has the form of a version (so it is not a file name).
fn looks_like_version(segment: &str) -> bool {
    segment.len() == VERSION_LEN && segment.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Serves `SITE_ROOT/pkg/<file>` for `/pkg/<file>` and `/pkg/<any version>/<file>`.
/// The address is read as sent (still percent-encoded): `ServeDir` decodes it once and
/// refuses `..` and the like.
pub async fn serve(State(assets): State<Assets>, request: Request) -> Response {
    let path = request
        .uri()
        .path()
        .strip_prefix(&format!("/{PKG_DIR}/"))
        .unwrap_or_default();
    let (file, keep) = match path.split_once('/') {
        Some((version, file)) if looks_like_version(version) => (file, version == &*assets.version),
        _ => (path, false),
    };
    let Ok(uri) = format!("/{file}").parse::<Uri>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let (mut parts, body) = request.into_parts();
    parts.uri = uri;
    let served = assets.files.oneshot(Request::from_parts(parts, body)).await;
    let mut response = match served {
        Ok(response) => response.map(Body::new),
        Err(never) => match never {},
    };
    if response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED {
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(if keep {
                super::KEPT_FOR_A_YEAR
            } else {
                ASK_AGAIN
            }),
        );
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_follows_names_and_contents_but_not_compressed_copies() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let write = |name: &str, text: &str| {
            std::fs::write(dir.path().join(name), text).unwrap_or_else(|e| panic!("{e}"))
        };
        write("app.js", "one");
        write("app.wasm", "two");
        let first = version(dir.path());
        assert_eq!(first.len(), VERSION_LEN);
        assert!(looks_like_version(&first));
        write("app.wasm.br", "compressed");
        assert_eq!(version(dir.path()), first, "a compressed copy changed it");
        write("app.wasm", "three");
        let second = version(dir.path());
        assert_ne!(second, first, "new contents kept the version");
        std::fs::rename(dir.path().join("app.js"), dir.path().join("other.js"))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_ne!(version(dir.path()), second, "a new name kept the version");
    }

    #[test]
    fn a_missing_folder_has_a_version_too() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        assert!(looks_like_version(&version(&dir.path().join("absent"))));
    }
}
