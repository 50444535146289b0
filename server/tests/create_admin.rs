//! `server create-admin EMAIL` as an operator runs it on a fresh installation.
use std::path::Path;
use std::process::{Command, Stdio};

fn create_admin(db: &str, email: &str) -> (bool, String, String) {
    let tenant = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tenants/oberhavel");
    let output = Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["create-admin", email, "--tenant"])
        .arg(&tenant)
        .env("DATABASE_URL", db)
        .env("PUBLIC_URL", "https://hilfe.example.org")
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run the server binary: {e}"));
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn token_in(stdout: &str) -> String {
    stdout
        .split("https://hilfe.example.org/reset-password?token=")
        .nth(1)
        .map(|rest| rest.trim().to_string())
        .unwrap_or_default()
}

#[test]
fn without_a_terminal_it_prints_a_one_time_link_and_promotes_existing_accounts() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let db = format!("sqlite://{}", dir.path().join("data/h.db").display());

    let (ok, stdout, stderr) = create_admin(&db, "Chef@Example.org");
    assert!(ok, "{stderr}");
    let first = token_in(&stdout);
    assert_eq!(first.len(), 64, "a 256-bit token in the link: {stdout}");
    assert!(
        stdout.contains("chef@example.org is an administrator (account 1)"),
        "{stdout}"
    );

    // Again: the same account, a new link (the old one is void).
    let (ok, stdout, stderr) = create_admin(&db, "chef@example.org");
    assert!(ok, "{stderr}");
    assert!(stdout.contains("(account 1)"), "{stdout}");
    assert_ne!(token_in(&stdout), first);
}

#[test]
fn a_bad_address_is_refused() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let db = format!("sqlite://{}", dir.path().join("data/h.db").display());
    let (ok, _, stderr) = create_admin(&db, "not-an-address");
    assert!(!ok);
    assert!(stderr.contains("not-an-address"), "{stderr}");
}
