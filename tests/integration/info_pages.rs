//! Information pages from the tenant folder: rendered safely, in the visitor's language
//! or German with a notice, grouped by life situation, found by search, and changed on
//! the site when the file changes, without a restart.
use helferkreis_tests::visitor::{Visitor, text};
use helferkreis_tests::{TestServer, tenant_dir};
use reqwest::StatusCode;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A copy of the Oberhavel tenant folder the test may change.
fn tenant_copy() -> (tempfile::TempDir, PathBuf) {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{e}"));
        for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("{e}")) {
            let entry = entry.unwrap_or_else(|e| panic!("{e}"));
            let target = to.join(entry.file_name());
            if entry.path().is_dir() {
                copy(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), &target).unwrap_or_else(|e| panic!("{e}"));
            }
        }
    }
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let tenant = dir.path().join("oberhavel");
    copy(&tenant_dir("oberhavel"), &tenant);
    (dir, tenant)
}

async fn start(tenant: &Path) -> TestServer {
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let url = helferkreis_tests::fresh_database(&data).await;
    let tenant = tenant.to_path_buf();
    TestServer::start_configured("oberhavel", &url, data, move |config| {
        config.tenant_dir = tenant;
    })
    .await
    .unwrap_or_else(|e| panic!("server did not start: {e}"))
}

fn write(tenant: &Path, name: &str, content: &str) {
    std::fs::write(tenant.join("pages").join(name), content).unwrap_or_else(|e| panic!("{e}"));
}

/// Waits (up to 20 s; the server looks every 2 s) until `path` shows `wanted`.
async fn wait_until_shown(visitor: &Visitor, path: &str, wanted: &str) -> String {
    let started = Instant::now();
    loop {
        let page = visitor.get(path).await.text().await.unwrap_or_default();
        if page.contains(wanted) {
            return page;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{path} never showed {wanted:?}: {}",
            text(&page)
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn scripts_and_script_links_in_a_page_are_inert() {
    let (_dir, tenant) = tenant_copy();
    write(
        &tenant,
        "careful.de.md",
        "---\ntitle: Vorsicht\nsituation: authorities\n---\n\
         Text <script>alert('eingeschleust')</script>\n\n\
         [Klick mich](javascript:alert('link')) \
         <a href=\"jAvAsCrIpT:alert('roh')\" onmouseover=\"alert('maus')\">roh</a> \
         <img src=\"x\" onerror=\"alert('bild')\">\n",
    );
    let server = start(&tenant).await;
    let visitor = Visitor::new(&server.url(""));
    let page = visitor.page("/info/careful").await;
    let lower = page.to_ascii_lowercase();
    for bad in [
        "eingeschleust",
        "javascript:",
        "onmouseover",
        "onerror",
        "alert(",
    ] {
        assert!(!lower.contains(bad), "{bad} reached the page: {page}");
    }
    assert!(text(&page).contains("Klick mich"), "{}", text(&page));
    // The page is listed and the other pages are unaffected.
    let index = visitor.page("/info").await;
    assert!(index.contains("href=\"/info/careful\""));
    assert!(index.contains("href=\"/info/register-address\""));
}

#[tokio::test]
async fn a_missing_translation_falls_back_to_german_with_a_notice() {
    let server = TestServer::start("oberhavel").await;
    let arabic = Visitor::new(&server.url(""));
    // The example pages exist in de, en, ar and uk; none in Farsi.
    let farsi = Visitor::new(&server.url(""));
    let page = farsi.page("/info/health-care?lang=fa").await;
    let shown = text(&page);
    assert!(
        shown.contains("Krankenversicherung und Arztbesuch"),
        "{shown}"
    );
    assert!(
        shown.contains("این صفحه هنوز به فارسی نیست. به Deutsch نشان داده می‌شود."),
        "{shown}"
    );
    assert!(
        page.contains("<article lang=\"de\" dir=\"ltr\" class=\"info-page\">"),
        "{page}"
    );
    // Arabic has its own version of the same page.
    let page = arabic.page("/info/health-care?lang=ar").await;
    assert!(text(&page).contains("التأمين الصحي وزيارة الطبيب"));
    // A page with an Arabic version shows it, without the notice.
    let page = arabic.page("/info/register-address").await;
    assert!(text(&page).contains("تسجيل عنوان السكن"));
    assert!(!text(&page).contains("غير متوفرة بعد"));
    // The index groups by life situation in the visitor's language.
    let index = text(&arabic.page("/info").await);
    for heading in ["الوصول", "اللغة", "الصحة", "الدوائر الرسمية والاستشارة"]
    {
        assert!(index.contains(heading), "{heading}: {index}");
    }
    let english = Visitor::new(&server.url(""));
    let index = text(&english.page("/info?lang=en").await);
    let arriving = index.find("Arriving").unwrap_or_else(|| panic!("{index}"));
    let health = index.find("Health").unwrap_or_else(|| panic!("{index}"));
    assert!(
        arriving < health,
        "situations in their fixed order: {index}"
    );
    assert!(index.contains("Registering your address"));
    assert_eq!(
        english.get("/info/no-such-page").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn editing_a_file_changes_the_page_and_search_without_a_restart() {
    let (_dir, tenant) = tenant_copy();
    let server = start(&tenant).await;
    let visitor = Visitor::new(&server.url(""));
    let page = visitor.page("/info/register-address?lang=de").await;
    assert!(text(&page).contains("Wohnsitz anmelden"));
    let search = text(&visitor.page("/search?q=Zebrastreifen").await);
    assert!(!search.contains("Wohnsitz anmelden"), "{search}");

    write(
        &tenant,
        "register-address.de.md",
        "---\ntitle: Wohnsitz ummelden\nsituation: arriving\n---\nAm Zebrastreifen links.\n",
    );
    let page = wait_until_shown(&visitor, "/info/register-address", "Wohnsitz ummelden").await;
    assert!(text(&page).contains("Am Zebrastreifen links."));
    // Search knows the new text at once (the kept /search pages are dropped on reload).
    let search = visitor.page("/search?q=Zebrastreifen").await;
    assert!(
        search.contains("href=\"/info/register-address\""),
        "{}",
        text(&search)
    );

    // A new file appears; a page for one municipality only is left out elsewhere. (No
    // English version: the German title is listed.)
    write(
        &tenant,
        "velten-welcome.de.md",
        "---\ntitle: Willkommen in Velten\nsituation: arriving\nmunicipality: velten\n---\nHallo.\n",
    );
    let index = wait_until_shown(&visitor, "/info", "Willkommen in Velten").await;
    assert!(text(&index).contains("Gilt für Velten"), "{}", text(&index));
    let velten = visitor.page("/info?municipality=velten").await;
    assert!(velten.contains("Willkommen in Velten"));
    assert!(
        velten.contains("href=\"/info/register-address\""),
        "general pages stay"
    );
    let elsewhere = visitor.page("/info?municipality=oranienburg").await;
    assert!(!elsewhere.contains("Willkommen in Velten"));

    // A removed file is gone; a broken one is left out while the rest keep working.
    std::fs::remove_file(tenant.join("pages/velten-welcome.de.md"))
        .unwrap_or_else(|e| panic!("{e}"));
    write(&tenant, "broken.de.md", "no front matter here\n");
    let started = Instant::now();
    while visitor.get("/info/velten-welcome").await.status() != StatusCode::NOT_FOUND {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "removed page still shown"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(
        visitor.get("/info/broken").await.status(),
        StatusCode::NOT_FOUND
    );
    assert!(visitor.page("/info").await.contains("Wohnsitz ummelden"));
}

#[tokio::test]
async fn search_finds_information_pages_in_the_visitors_language() {
    let server = TestServer::start("oberhavel").await;
    let german = Visitor::new(&server.url(""));
    let page = german.page("/search?q=Meldebest%C3%A4tigung&lang=de").await;
    assert!(
        page.contains("href=\"/info/register-address\""),
        "{}",
        text(&page)
    );
    assert!(text(&page).contains("Informationsseiten"));
    // Another word form finds it too; words on no page find none.
    let page = german.page("/search?q=integrationskurse").await;
    assert!(
        page.contains("href=\"/info/language-courses\""),
        "{}",
        text(&page)
    );
    let page = german.page("/search?q=Fahrrad").await;
    assert!(!page.contains("href=\"/info/"), "{}", text(&page));

    let english = Visitor::new(&server.url(""));
    let page = english
        .page("/search?q=registration+certificate&lang=en")
        .await;
    assert!(
        page.contains("href=\"/info/register-address\""),
        "{}",
        text(&page)
    );
    assert!(text(&page).contains("Registering your address"));
    // Offers and needs listings stay about posts.
    let page = english.page("/offers?q=registration").await;
    assert!(!page.contains("href=\"/info/"));
    // The sitemap lists the pages.
    let sitemap = english
        .get("/sitemap.xml")
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(
        sitemap.contains("/info/language-courses</loc>"),
        "{sitemap}"
    );
}
