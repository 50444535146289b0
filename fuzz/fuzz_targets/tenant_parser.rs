//! Any text as a district's tenant.toml: the parser answers with a tenant or with
//! errors that name a line, and never panics.
#![no_main]
use app::ssr::tenant::Tenant;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let dir = Path::new("tenants/fuzz");
    let _ = Tenant::parse(dir, &dir.join("tenant.toml"), source);
});
