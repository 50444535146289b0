//! `server check-tenant DIR` as an operator runs it: exit status and message.
use std::path::Path;
use std::process::Command;

fn example(slug: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tenants")
        .join(slug)
}

fn check_tenant(dir: &Path) -> (bool, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_server"))
        .arg("check-tenant")
        .arg(dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run the server binary: {e}"));
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn the_example_tenants_pass() {
    for slug in ["oberhavel", "potsdam"] {
        let (ok, stdout, stderr) = check_tenant(&example(slug));
        assert!(ok, "{slug}: {stderr}");
        assert!(stdout.contains(": OK: "), "{stdout}");
        assert!(stderr.is_empty(), "{slug} warnings: {stderr}");
    }
}

#[test]
fn a_broken_tenant_fails_with_file_line_and_field() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for file in ["tenant.toml", "logo.svg"] {
        std::fs::copy(example("potsdam").join(file), dir.path().join(file))
            .unwrap_or_else(|e| panic!("{file}: {e}"));
    }
    let toml = dir.path().join("tenant.toml");
    let source = std::fs::read_to_string(&toml).unwrap_or_else(|e| panic!("{e}"));
    let broken = source.replacen("slug = \"golm\"", "slug = \"babelsberg\"", 1);
    assert_ne!(broken, source);
    std::fs::write(&toml, &broken).unwrap_or_else(|e| panic!("{e}"));
    let line = broken[..broken
        .find("slug = \"babelsberg\"\nname = \"Golm\"")
        .unwrap_or(0)]
        .matches('\n')
        .count()
        + 1;

    let (ok, _stdout, stderr) = check_tenant(dir.path());
    assert!(!ok, "a broken tenant must fail");
    let expected = format!(
        "{}:{line}:8: field `municipalities[4].slug`: duplicate municipality slug `babelsberg`",
        toml.display()
    );
    assert!(
        stderr.contains(&expected),
        "expected `{expected}` in:\n{stderr}"
    );
}

#[test]
fn a_missing_folder_fails_clearly() {
    let (ok, _stdout, stderr) = check_tenant(Path::new("/nonexistent/district"));
    assert!(!ok);
    assert!(
        stderr.contains("cannot read tenant file /nonexistent/district/tenant.toml"),
        "{stderr}"
    );
}
