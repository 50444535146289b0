//! Tenant parsing and validation: the examples load; each kind of mistake is reported
//! with file, line and field.
use super::*;

fn tenant_dir(slug: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tenants")
        .join(slug)
}

fn example_source() -> String {
    std::fs::read_to_string(tenant_dir("oberhavel").join(TENANT_FILE))
        .unwrap_or_else(|e| panic!("example tenant unreadable: {e}"))
}

/// Parses `source` as the Oberhavel tenant file and returns its problems.
fn issues_of(source: &str) -> Vec<TenantIssue> {
    let dir = tenant_dir("oberhavel");
    match Tenant::parse(&dir, &dir.join(TENANT_FILE), source) {
        Ok(_) => Vec::new(),
        Err(err) => err.issues().to_vec(),
    }
}

/// Replaces the first occurrence of `from` (which must exist) in the example.
fn mutate(from: &str, to: &str) -> String {
    let source = example_source();
    assert!(source.contains(from), "example has no `{from}`");
    source.replacen(from, to, 1)
}

fn line_of(source: &str, needle: &str) -> usize {
    let offset = source
        .find(needle)
        .unwrap_or_else(|| panic!("no `{needle}`"));
    source[..offset].matches('\n').count() + 1
}

fn only_issue(source: &str) -> TenantIssue {
    let issues = issues_of(source);
    assert_eq!(issues.len(), 1, "expected one problem, got {issues:#?}");
    issues.into_iter().next().unwrap_or_else(|| unreachable!())
}

/// The one warning of a tenant file that loads.
fn only_warning(source: &str) -> TenantIssue {
    let dir = tenant_dir("oberhavel");
    let loaded =
        Tenant::parse(&dir, &dir.join(TENANT_FILE), source).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded.warnings.len(), 1, "{:#?}", loaded.warnings);
    loaded
        .warnings
        .into_iter()
        .next()
        .unwrap_or_else(|| unreachable!())
}

#[test]
fn both_example_tenants_load_without_problems() {
    for slug in ["oberhavel", "potsdam"] {
        let loaded = Tenant::load(&tenant_dir(slug)).unwrap_or_else(|e| panic!("{slug}: {e}"));
        assert!(loaded.warnings.is_empty(), "{slug}: {:#?}", loaded.warnings);
        let t = loaded.tenant;
        assert_eq!(t.slug, slug);
        assert_eq!(t.default_locale, "de");
        assert!(t.municipalities.len() >= 11, "{slug} municipalities");
        let top: Vec<&str> = t.categories.iter().map(|c| c.slug.as_str()).collect();
        assert_eq!(
            top,
            [
                "goods",
                "accompaniment",
                "transport",
                "leisure",
                "family",
                "language",
                "education",
                "projects",
                "work",
                "housing"
            ]
        );
        assert!(t.theme.logo.as_ref().is_some_and(|p| p.is_file()));
    }
}

#[test]
fn oberhavel_has_the_real_municipalities_and_subcategories_inherit_help() {
    let t = Tenant::load(&tenant_dir("oberhavel"))
        .unwrap_or_else(|e| panic!("{e}"))
        .tenant;
    let hn = t
        .municipalities
        .iter()
        .find(|m| m.slug == "hohen-neuendorf");
    let hn = hn.unwrap_or_else(|| panic!("Hohen Neuendorf missing"));
    assert_eq!(hn.postcodes, ["16540", "16562"]);
    assert!((hn.lat - 52.676).abs() < 1e-9 && (hn.lon - 13.27).abs() < 1e-9);
    let goods = &t.categories[0];
    assert!(goods.children.iter().all(|c| c.help == HelpKind::Goods));
    assert_eq!(goods.name.get("ar", "de"), "تبرعات عينية");
    let furniture = goods.children.iter().find(|c| c.slug == "furniture");
    let synonyms = &furniture
        .unwrap_or_else(|| panic!("furniture missing"))
        .synonyms["de"];
    assert!(synonyms.contains(&"Couch".to_string()));
}

#[test]
fn a_misspelled_field_names_file_line_and_field() {
    let source = mutate("expiry_days = 60", "expiry_dayz = 60");
    let issue = only_issue(&source);
    assert_eq!(issue.line, line_of(&source, "expiry_dayz"));
    assert!(issue.field.starts_with("posts"), "{issue}");
    assert!(
        issue.message.contains("unknown field `expiry_dayz`"),
        "{issue}"
    );
    assert!(issue.file.ends_with("oberhavel/tenant.toml"));
    let shown = issue.to_string();
    assert!(
        shown.contains("tenant.toml:") && shown.contains("expiry_dayz"),
        "{shown}"
    );
}

#[test]
fn a_wrong_type_names_the_field_path() {
    let source = mutate("lat = 52.7545", "lat = \"north\"");
    let issue = only_issue(&source);
    assert_eq!(issue.line, line_of(&source, "\"north\""));
    assert_eq!(issue.field, "municipalities[0].lat");
}

#[test]
fn a_missing_field_is_named() {
    let source = mutate("reaction_days = 2\n", "");
    let issue = only_issue(&source);
    assert!(
        issue.message.contains("missing field `reaction_days`"),
        "{issue}"
    );
    assert!(issue.field.starts_with("moderation"), "{issue}");
}

#[test]
fn a_duplicate_municipality_slug_points_at_the_second_one() {
    let source = mutate("slug = \"hennigsdorf\"", "slug = \"oranienburg\"");
    let issue = only_issue(&source);
    assert_eq!(issue.field, "municipalities[1].slug");
    assert_eq!(
        issue.line,
        line_of(&source, "slug = \"oranienburg\"\nname = \"Hennigsdorf\"")
    );
    assert!(
        issue
            .message
            .contains("duplicate municipality slug `oranienburg`"),
        "{issue}"
    );
}

#[test]
fn a_category_without_a_german_name_is_rejected() {
    let source = mutate("name = { de = \"Möbel\", ", "name = { ");
    let issue = only_issue(&source);
    assert_eq!(issue.field, "categories[0].children[0].name.de");
    assert_eq!(issue.line, line_of(&source, "name = { en = \"Furniture\""));
    assert!(
        issue.message.contains("no name in the default locale `de`"),
        "{issue}"
    );
}

#[test]
fn a_locale_the_build_does_not_know_is_rejected() {
    let source = mutate(
        "locales = [\"de\", \"en\", \"ar\",",
        "locales = [\"de\", \"en\", \"xx\",",
    );
    // One problem only: names in `ar` (known, now disabled) are simply not shown.
    let issue = only_issue(&source);
    assert_eq!(issue.field, "locales[2]");
    assert_eq!(issue.line, line_of(&source, "locales = ["));
    assert!(
        issue.message.contains("`xx` is not known to this build"),
        "{issue}"
    );
    // A category name in an unknown locale (a typo) is an error too.
    let source = mutate("en = \"Clothing\"", "eb = \"Clothing\"");
    let issue = only_issue(&source);
    assert_eq!(issue.field, "categories[0].children[1].name.eb");
}

#[test]
fn a_missing_translation_is_a_warning_not_an_error() {
    // The clothing category loses its Arabic name.
    let source = mutate(", ar = \"ملابس\"", "");
    let warning = only_warning(&source);
    assert_eq!(warning.field, "categories[0].children[1].name.ar");
}

#[test]
fn a_theme_colour_too_light_for_white_text_is_a_warning() {
    let source = mutate("color = \"#0b5394\"", "color = \"#f0a830\"");
    let warning = only_warning(&source);
    assert_eq!(warning.field, "theme.color");
    assert_eq!(warning.line, line_of(&source, "#f0a830"));
    assert!(warning.message.contains("4.5:1"), "{warning}");
}

#[test]
fn swapped_coordinates_bad_colours_and_escaping_logos_are_caught_together() {
    let source = example_source()
        .replacen(
            "lat = 52.7545\nlon = 13.2369",
            "lat = 13.2369\nlon = 52.7545",
            1,
        )
        .replacen("color = \"#0b5394\"", "color = \"blue\"", 1)
        .replacen("logo = \"logo.svg\"", "logo = \"../potsdam/logo.svg\"", 1);
    let fields: Vec<String> = issues_of(&source).into_iter().map(|i| i.field).collect();
    assert_eq!(
        fields,
        [
            "theme.color",
            "theme.logo",
            "municipalities[0].lat",
            "municipalities[0].lon"
        ]
    );
}

#[test]
fn duplicate_category_slugs_across_the_tree_and_bad_slugs_are_rejected() {
    let source = mutate("slug = \"tutoring\"", "slug = \"furniture\"");
    let issue = only_issue(&source);
    assert!(
        issue
            .message
            .contains("duplicate category slug `furniture`"),
        "{issue}"
    );
    let source = mutate("slug = \"velten\"", "slug = \"Velten Nord\"");
    let issue = only_issue(&source);
    assert!(issue.message.contains("not a valid slug"), "{issue}");
}

#[test]
fn a_top_level_category_needs_a_help_kind() {
    let source = mutate(
        "slug = \"leisure\"\nhelp = \"time\"\n",
        "slug = \"leisure\"\n",
    );
    let issue = only_issue(&source);
    assert_eq!(issue.field, "categories[3].help");
}

#[test]
fn broken_toml_syntax_reports_the_line() {
    let source = mutate(
        "name = \"Landkreis Oberhavel\"\n",
        "name = \"Landkreis Oberhavel\n",
    );
    let issue = only_issue(&source);
    assert_eq!(issue.line, line_of(&source, "name = \"Landkreis Oberhavel"));
}

#[test]
fn a_missing_folder_is_a_read_error_naming_the_path() {
    let err = Tenant::load(Path::new("/nonexistent/tenant")).err();
    let text = err.map(|e| e.to_string()).unwrap_or_default();
    assert!(text.contains("/nonexistent/tenant/tenant.toml"), "{text}");
}

#[test]
fn site_info_carries_what_pages_show() {
    let t = Tenant::load(&tenant_dir("potsdam"))
        .unwrap_or_else(|e| panic!("{e}"))
        .tenant;
    let site = t.site_info();
    assert_eq!(site.name, "Landeshauptstadt Potsdam");
    assert_eq!(site.logo_url.as_deref(), Some(LOGO_URL));
    assert_eq!(site.municipalities.len(), t.municipalities.len());
    assert_eq!(
        site.categories[0].children.len(),
        t.categories[0].children.len()
    );
}
