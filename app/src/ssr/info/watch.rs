//! Reloading pages while the server runs: the district edits a Markdown file and the
//! site shows the change within seconds, without a restart. The server's job polls the
//! folder (names, sizes and modification times; a handful of files) rather than using
//! file system events, which do not reach containers through every kind of volume.
use super::{InfoLibrary, InfoSet, page_files};
use crate::ssr::tenant::Tenant;
use std::path::PathBuf;
use std::time::SystemTime;

/// How often the server looks at the pages folder.
pub const EVERY: std::time::Duration = std::time::Duration::from_secs(2);

type Fingerprint = Vec<(PathBuf, u64, Option<SystemTime>)>;

fn fingerprint(tenant: &Tenant) -> Fingerprint {
    page_files(&tenant.dir)
        .into_iter()
        .map(|path| {
            let meta = std::fs::metadata(&path).ok();
            let len = meta.as_ref().map_or(0, std::fs::Metadata::len);
            let modified = meta.and_then(|m| m.modified().ok());
            (path, len, modified)
        })
        .collect()
}

/// Remembers what the folder looked like when the pages were last loaded.
pub struct Watcher {
    seen: Fingerprint,
}

impl Watcher {
    /// Call right before or after the first load.
    pub fn new(tenant: &Tenant) -> Self {
        Self {
            seen: fingerprint(tenant),
        }
    }

    /// Loads the pages again when a file was added, removed or changed, and swaps them
    /// in. Returns the number of pages and the files left out when it reloaded.
    pub fn check(
        &mut self,
        tenant: &Tenant,
        library: &InfoLibrary,
    ) -> Option<(usize, Vec<super::source::PageError>)> {
        let now = fingerprint(tenant);
        if now == self.seen {
            return None;
        }
        let (set, errors) = InfoSet::load(tenant);
        let count = set.len();
        library.replace(set);
        self.seen = now;
        Some((count, errors))
    }
}
